package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.operator.SpectrumBounds;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HermitianCsrMatrix}: construction, products against the dense matrix, Gershgorin, validation messages. */
class HermitianCsrMatrixTest {

    private static final double EPS = Math.ulp(1.0);

    /** Y = A X for a block of B vectors against the dense product; the mirror entries are the conjugates. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void blockProductMatchesDense(long seed) {
        Random rnd = new Random(seed);
        int n = 37;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 6, 0.5, rnd);
        for (int i = 0; i < n; i++) {
            assertEquals(0.0, a.get(i, i).im());
            for (int j = 0; j < n; j++) {
                assertEquals(a.get(i, j).conjugate(), a.get(j, i));
            }
        }
        int bs = 3;
        double[] x = new double[2 * n * bs];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextGaussian();
        }
        double[] y = new double[x.length];
        a.apply(x, y, bs);
        for (int b = 0; b < bs; b++) {
            for (int i = 0; i < n; i++) {
                double sr = 0;
                double si = 0;
                double scale = 0;
                for (int j = 0; j < n; j++) {
                    Complex aij = a.get(i, j);
                    double xr = x[2 * (j * bs + b)];
                    double xi = x[2 * (j * bs + b) + 1];
                    sr += aij.re() * xr - aij.im() * xi;
                    si += aij.re() * xi + aij.im() * xr;
                    scale += aij.abs() * Math.hypot(xr, xi);
                }
                assertEquals(sr, y[2 * (i * bs + b)], 4 * n * EPS * scale);
                assertEquals(si, y[2 * (i * bs + b) + 1], 4 * n * EPS * scale);
            }
        }
    }

    @Test
    void duplicatesAreSummedAndBothFactoriesAgree() {
        int[] r = {1, 1, 2, 0, 2};
        int[] c = {0, 0, 1, 0, 2};
        double[] re = {1, 2, -1, 4, 5};
        double[] im = {0.5, 0.25, 2, 0, 0};
        HermitianCsrMatrix a = HermitianCsrMatrix.fromLowerTriangle(3, r, c, re, im);
        assertEquals(new Complex(3, 0.75), a.get(1, 0));
        assertEquals(new Complex(3, -0.75), a.get(0, 1));
        assertEquals(new Complex(-1, -2), a.get(1, 2));
        assertEquals(6, a.nonzeros()); // (0,0), (0,1), (1,0), (1,2), (2,1), (2,2); no (1,1)
        HermitianCsrMatrix b = HermitianCsrMatrix.fromCoordinates(3, new int[]{0, 1, 0, 2, 1, 2, 1},
                new int[]{0, 0, 1, 1, 2, 2, 0}, new double[]{4, 2, 3, -1, -1, 5, 1},
                new double[]{0, 0.75, -0.75, 2, -2, 0, 0});
        assertArrayEquals(a.rowPointers(), b.rowPointers());
        assertArrayEquals(a.columnIndices(), b.columnIndices());
        assertArrayEquals(a.realParts(), b.realParts());
        assertArrayEquals(a.imaginaryParts(), b.imaginaryParts());
    }

    /** The Gershgorin interval contains every eigenvalue (dense reference) and is not absurdly wide. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5})
    void gershgorinContainsTheSpectrum(long seed) {
        HermitianCsrMatrix a = DenseHermitian.randomSparse(30, 6, 1.0, new Random(seed));
        SpectrumBounds s = a.spectrumBounds();
        DenseHermitian d = DenseHermitian.of(a);
        assertTrue(s.lower() <= d.lambda[0] && d.lambda[d.lambda.length - 1] <= s.upper(),
                s + " vs [" + d.lambda[0] + ", " + d.lambda[d.lambda.length - 1] + "]");
        assertTrue(s.upper() - s.lower() < 20 * (d.lambda[d.lambda.length - 1] - d.lambda[0]));
    }

    @Test
    void nonRealDiagonalIsRejectedWithTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromLowerTriangle(3, new int[]{0, 2}, new int[]{0, 2}, new double[]{1, 2},
                        new double[]{0, 0.5}));
        assertTrue(e.getMessage().contains("entry 1 at (2, 2) = 2+0.5i is on the diagonal but not real"),
                e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromCoordinates(2, new int[]{1}, new int[]{1}, new double[]{1},
                        new double[]{-3}));
        assertTrue(f.getMessage().contains("(1, 1)") && f.getMessage().contains("not real"), f.getMessage());
    }

    @Test
    void inconsistentTrianglesAreRejectedWithThePair() {
        // A(0, 1) = 1 + 2i but A(1, 0) = 1 + 2i (should be 1 - 2i)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromCoordinates(2, new int[]{0, 1}, new int[]{1, 0}, new double[]{1, 1},
                        new double[]{2, 2}));
        assertTrue(e.getMessage().contains("not Hermitian: A(0, 1) = 1+2i but A(1, 0) = 1+2i"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromCoordinates(3, new int[]{2}, new int[]{0}, new double[]{1},
                        new double[]{0}));
        assertTrue(missing.getMessage().contains("A(0, 2) = 0 (not stored)"), missing.getMessage());
        IllegalArgumentException upper = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromLowerTriangle(3, new int[]{0}, new int[]{2}, new double[]{1},
                        new double[]{0}));
        assertTrue(upper.getMessage().contains("entry 0 at (0, 2) lies above the diagonal"), upper.getMessage());
    }

    @Test
    void nanAndOutOfRangeAreRejectedWithTheEntry() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromLowerTriangle(3, new int[]{0, 2}, new int[]{0, 1}, new double[]{1, 1},
                        new double[]{0, Double.NaN}));
        assertTrue(nan.getMessage().contains("entry 1 at (2, 1) has value 1.0 + NaNi"), nan.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromLowerTriangle(3, new int[]{3}, new int[]{0}, new double[]{1},
                        new double[]{0}));
        assertTrue(range.getMessage().contains("entry 0 at (3, 0) is outside [0, 3)"), range.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> HermitianCsrMatrix.fromLowerTriangle(3, new int[]{0}, new int[]{0}, new double[]{1},
                        new double[0]));
        assertTrue(len.getMessage().contains("equal lengths"), len.getMessage());
        HermitianCsrMatrix a = HermitianCsrMatrix.fromLowerTriangle(2, new int[]{0}, new int[]{0}, new double[]{1},
                new double[]{0});
        assertThrows(IllegalArgumentException.class, () -> a.apply(new double[2], new double[4], 1));
    }
}
