package org.matfun.core.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CsrMatrix}, {@link DenseSymmetricMatrix} and {@link AffineOperator}: construction checks and their
 * messages, and block products y = A x (B interleaved vectors, x[i * B + b]) against a plain dense row-major
 * multiply of the same entries, within 2 n eps (|A| |x|)_i (different summation order).
 */
class CsrMatrixTest {

    private static final double EPS = Math.ulp(1.0);

    /** Coordinates of a random sparse symmetric matrix: both triangles, some split into duplicates, shuffled. */
    private static final class Coordinates {
        final int n;
        final double[] dense;
        final int[] rows;
        final int[] cols;
        final double[] values;

        Coordinates(int n, double density, long seed) {
            this.n = n;
            Random rnd = new Random(seed);
            dense = new double[n * n];
            List<double[]> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    if (rnd.nextDouble() >= density) {
                        continue;
                    }
                    double v = rnd.nextGaussian();
                    dense[i * n + j] = v;
                    dense[j * n + i] = v;
                    if (i == j) {
                        entries.add(new double[] {i, i, v});
                    } else if (rnd.nextInt(4) == 0) {
                        // split into two duplicates that sum exactly to v on both sides: v = v/2 + v/2
                        entries.add(new double[] {i, j, 0.5 * v});
                        entries.add(new double[] {i, j, 0.5 * v});
                        entries.add(new double[] {j, i, 0.5 * v});
                        entries.add(new double[] {j, i, 0.5 * v});
                    } else {
                        entries.add(new double[] {i, j, v});
                        entries.add(new double[] {j, i, v});
                    }
                }
            }
            java.util.Collections.shuffle(entries, rnd);
            rows = new int[entries.size()];
            cols = new int[entries.size()];
            values = new double[entries.size()];
            for (int e = 0; e < entries.size(); e++) {
                rows[e] = (int) entries.get(e)[0];
                cols[e] = (int) entries.get(e)[1];
                values[e] = entries.get(e)[2];
            }
        }

        CsrMatrix csr() {
            return CsrMatrix.fromCoordinates(n, rows, cols, values);
        }
    }

    /** y = D x for a dense row-major n x n D and a block of B interleaved vectors; also |D| |x| in abs. */
    private static double[] denseMultiply(double[] d, int n, double[] x, int blockSize, double[] abs) {
        double[] y = new double[n * blockSize];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < blockSize; b++) {
                double s = 0.0;
                double t = 0.0;
                for (int j = 0; j < n; j++) {
                    s += d[i * n + j] * x[j * blockSize + b];
                    t += Math.abs(d[i * n + j] * x[j * blockSize + b]);
                }
                y[i * blockSize + b] = s;
                abs[i * blockSize + b] = t;
            }
        }
        return y;
    }

    private static void assertBlockEquals(double[] expected, double[] actual, double[] abs, int n, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], actual[e], 2 * n * EPS * abs[e], what + " entry " + e);
        }
    }

    private static double[] randomBlock(Random rnd, int length) {
        double[] x = new double[length];
        for (int e = 0; e < length; e++) {
            x[e] = rnd.nextGaussian();
        }
        return x;
    }

    /** Duplicates are summed and columns sorted: rowPointers/columnIndices/values against the hand-built CSR. */
    @Test
    void fromCoordinatesSumsDuplicatesAndSortsColumns() {
        // A = [[4, 1, 0, 3], [1, 0, 2, 0], [0, 2, 5, 0], [3, 0, 0, 0]], given out of order with duplicates
        int[] rows = {0, 2, 0, 1, 0, 3, 2, 1, 0, 0, 2};
        int[] cols = {3, 2, 1, 2, 0, 0, 1, 0, 0, 3, 2};
        double[] vals = {1.0, 4.0, 1.0, 2.0, 2.5, 3.0, 2.0, 1.0, 1.5, 2.0, 1.0};
        CsrMatrix a = CsrMatrix.fromCoordinates(4, rows, cols, vals);
        assertArrayEquals(new int[] {0, 3, 5, 7, 8}, a.rowPointers());
        assertArrayEquals(new int[] {0, 1, 3, 0, 2, 1, 2, 0}, a.columnIndices());
        assertArrayEquals(new double[] {4.0, 1.0, 3.0, 1.0, 2.0, 2.0, 5.0, 3.0}, a.values(), 0.0);
        assertEquals(8, a.nonzeros());
        assertEquals(4, a.dimension());
        assertEquals(4.0, a.get(0, 0), 0.0);
        assertEquals(0.0, a.get(1, 1), 0.0);
        assertEquals(0.0, a.get(3, 3), 0.0);
        assertArrayEquals(new double[] {4, 1, 0, 3, 1, 0, 2, 0, 0, 2, 5, 0, 3, 0, 0, 0}, a.toDense(), 0.0);
    }

    /** Random coordinates: CSR rows sorted strictly increasing, and toDense() equals the generating matrix. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 3L})
    void fromCoordinatesReproducesRandomMatrix(long seed) {
        Coordinates c = new Coordinates(60, 0.08, seed);
        CsrMatrix a = c.csr();
        assertArrayEquals(c.dense, a.toDense(), 0.0);
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        for (int i = 0; i < c.n; i++) {
            for (int p = ptr[i] + 1; p < ptr[i + 1]; p++) {
                assertTrue(col[p - 1] < col[p], "row " + i + " not strictly sorted");
            }
        }
    }

    /** An asymmetric matrix is rejected; the message names the pair (i, j) and both values. */
    @Test
    void rejectsAsymmetricNamingPairAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromCoordinates(
                3, new int[] {0, 2, 1}, new int[] {2, 0, 1}, new double[] {1.5, 2.25, 7.0}));
        String m = e.getMessage();
        assertTrue(m.contains("(0, 2)") && m.contains("(2, 0)") && m.contains("1.5") && m.contains("2.25"), m);
    }

    /** A stored upper entry without its mirror is rejected naming both positions and the missing value. */
    @Test
    void rejectsMissingMirror() {
        IllegalArgumentException upper = assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoordinates(4, new int[] {1}, new int[] {3}, new double[] {4.0}));
        assertTrue(upper.getMessage().contains("(1, 3)") && upper.getMessage().contains("(3, 1)")
                && upper.getMessage().contains("4.0"), upper.getMessage());
        IllegalArgumentException lower = assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoordinates(4, new int[] {3}, new int[] {1}, new double[] {4.0}));
        assertTrue(lower.getMessage().contains("(1, 3)") && lower.getMessage().contains("(3, 1)")
                && lower.getMessage().contains("4.0"), lower.getMessage());
    }

    /**
     * Symmetry is a property of the matrix, not of which triangle holds an explicit zero: a pair of duplicates
     * that cancel to a stored 0 at (0, 1), and the same at (1, 0), give the same (symmetric, zero) matrix.
     */
    @Test
    void explicitZeroIsSymmetricInEitherTriangle() {
        CsrMatrix upper = CsrMatrix.fromCoordinates(2, new int[] {0, 0}, new int[] {1, 1}, new double[] {1.0, -1.0});
        assertEquals(0.0, upper.get(1, 0), 0.0);
        CsrMatrix lower = CsrMatrix.fromCoordinates(2, new int[] {1, 1}, new int[] {0, 0}, new double[] {1.0, -1.0});
        assertEquals(0.0, lower.get(0, 1), 0.0);
    }

    /** Out-of-range indices are rejected naming the entry and the range [0, n). */
    @ParameterizedTest(name = "({0}, {1})")
    @CsvSource({"-1, 0", "0, -1", "3, 0", "0, 3", "7, 7"})
    void rejectsOutOfRangeIndex(int i, int j) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsrMatrix.fromCoordinates(
                3, new int[] {0, i}, new int[] {0, j}, new double[] {1.0, 1.0}));
        assertTrue(e.getMessage().contains("(" + i + ", " + j + ")") && e.getMessage().contains("[0, 3)"),
                e.getMessage());
    }

    /** NaN and infinite values are rejected naming the value; bad n and unequal lengths are rejected too. */
    @Test
    void rejectsNonFiniteValuesAndBadShapes() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsrMatrix
                    .fromCoordinates(2, new int[] {0, 1}, new int[] {0, 1}, new double[] {1.0, bad}));
            assertTrue(e.getMessage().contains(Double.toString(bad)) && e.getMessage().contains("(1, 1)"),
                    e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoordinates(0, new int[0], new int[0], new double[0])).getMessage().contains("0"));
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoordinates(2, new int[] {0}, new int[] {0, 1}, new double[] {1.0}));
        assertThrows(IllegalArgumentException.class,
                () -> CsrMatrix.fromCoordinates(2, new int[] {0}, new int[] {0}, new double[] {1.0, 2.0}));
    }

    /** Accessors return copies: changing them leaves the matrix unchanged. */
    @Test
    void accessorsReturnCopies() {
        CsrMatrix a = new Coordinates(10, 0.3, 4L).csr();
        double before = a.values()[0];
        a.values()[0] = 99.0;
        a.columnIndices()[0] = 5;
        a.rowPointers()[1] = 0;
        assertEquals(before, a.values()[0], 0.0);
        assertArrayEquals(new Coordinates(10, 0.3, 4L).dense, a.toDense(), 0.0);
    }

    /**
     * Block apply on random sparse symmetric matrices (empty rows included) equals a dense multiply; the block
     * sizes cover every combination of the kernel's column chunks of 8, 4, 2 and 1.
     */
    @ParameterizedTest(name = "B = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 13, 16})
    void applyMatchesDenseMultiply(int blockSize) {
        for (long seed = 10; seed < 14; seed++) {
            Coordinates c = new Coordinates(80, 0.05, seed);
            CsrMatrix a = c.csr();
            Random rnd = new Random(seed * 31 + blockSize);
            double[] x = randomBlock(rnd, c.n * blockSize);
            double[] abs = new double[c.n * blockSize];
            double[] expected = denseMultiply(c.dense, c.n, x, blockSize, abs);
            double[] y = new double[c.n * blockSize];
            Arrays.fill(y, Double.NaN); // output is overwritten, not accumulated
            double[] xCopy = x.clone();
            a.apply(x, y, blockSize);
            assertArrayEquals(xCopy, x, 0.0, "x must not change");
            assertBlockEquals(expected, y, abs, c.n, "CSR seed " + seed + " B " + blockSize);
            if (blockSize == 1) {
                assertBlockEquals(expected, a.apply(x), abs, c.n, "single-vector apply seed " + seed);
            }
        }
    }

    /** Each column of a block product equals the single-vector product of that column, bit for bit. */
    @Test
    void blockColumnsEqualSingleVectorProducts() {
        Coordinates c = new Coordinates(50, 0.1, 21L);
        CsrMatrix a = c.csr();
        int blockSize = 5;
        double[] x = randomBlock(new Random(22L), c.n * blockSize);
        double[] y = new double[c.n * blockSize];
        a.apply(x, y, blockSize);
        for (int b = 0; b < blockSize; b++) {
            double[] col = new double[c.n];
            for (int i = 0; i < c.n; i++) {
                col[i] = x[i * blockSize + b];
            }
            double[] yc = a.apply(col);
            for (int i = 0; i < c.n; i++) {
                assertEquals(yc[i], y[i * blockSize + b], 0.0, "row " + i + " column " + b);
            }
        }
    }

    /** DenseSymmetricMatrix: block apply equals the dense multiply and the CSR of the same matrix. */
    @ParameterizedTest(name = "B = {0}")
    @ValueSource(ints = {1, 3, 8})
    void denseApplyMatchesReference(int blockSize) {
        Coordinates c = new Coordinates(40, 0.2, 5L);
        DenseSymmetricMatrix d = new DenseSymmetricMatrix(c.n, c.dense);
        assertEquals((long) c.n * c.n, d.nonzeros());
        double[] x = randomBlock(new Random(6L), c.n * blockSize);
        double[] abs = new double[c.n * blockSize];
        double[] expected = denseMultiply(c.dense, c.n, x, blockSize, abs);
        double[] y = new double[c.n * blockSize];
        Arrays.fill(y, Double.NaN);
        d.apply(x, y, blockSize);
        assertBlockEquals(expected, y, abs, c.n, "dense B " + blockSize);
        double[] ycsr = new double[c.n * blockSize];
        c.csr().apply(x, ycsr, blockSize);
        assertBlockEquals(ycsr, y, abs, c.n, "dense vs CSR B " + blockSize);
    }

    /** DenseSymmetricMatrix rejects asymmetric input (naming the pair and both values), NaN and wrong lengths. */
    @Test
    void denseRejectsBadInput() {
        double[] asym = {1.0, 2.0, 0.0, 3.0, 1.0, 0.0, 0.0, 0.0, 1.0};
        String m = assertThrows(IllegalArgumentException.class, () -> new DenseSymmetricMatrix(3, asym))
                .getMessage();
        assertTrue(m.contains("(0, 1)") && m.contains("(1, 0)") && m.contains("2.0") && m.contains("3.0"), m);
        double[] nan = {1.0, Double.NaN, Double.NaN, 1.0};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new DenseSymmetricMatrix(2, nan))
                .getMessage().contains("NaN"));
        assertThrows(IllegalArgumentException.class, () -> new DenseSymmetricMatrix(2, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new DenseSymmetricMatrix(0, new double[0]));
        double[] values = {1.0, 2.0, 2.0, 1.0};
        DenseSymmetricMatrix d = new DenseSymmetricMatrix(2, values);
        values[1] = 5.0;
        assertEquals(2.0, d.get(0, 1), 0.0, "constructor copies its input");
    }

    /** AffineOperator: A0 + theta_1 A1 + theta_2 A2 (CSR, dense, CSR) equals the dense sum applied to the block. */
    @ParameterizedTest(name = "B = {0}")
    @ValueSource(ints = {1, 3, 8})
    void affineAppliesWeightedSum(int blockSize) {
        int n = 30;
        Coordinates c0 = new Coordinates(n, 0.1, 100L);
        Coordinates c1 = new Coordinates(n, 0.3, 101L);
        Coordinates c2 = new Coordinates(n, 0.1, 102L);
        double[] theta = {0.75, -2.5};
        AffineOperator op = new AffineOperator(c0.csr(),
                List.of(new DenseSymmetricMatrix(n, c1.dense), c2.csr()), theta);
        AffineOperator noBase = new AffineOperator(null, List.of(new DenseSymmetricMatrix(n, c1.dense), c2.csr()),
                theta);
        theta[0] = 100.0; // the operator keeps its own copy
        double[] sum = new double[n * n];
        double[] sumNoBase = new double[n * n];
        double[] magnitude = new double[n * n]; // |A0| + |theta_1| |A1| + |theta_2| |A2| for the error bound
        for (int e = 0; e < n * n; e++) {
            sumNoBase[e] = 0.75 * c1.dense[e] + -2.5 * c2.dense[e];
            sum[e] = c0.dense[e] + sumNoBase[e];
            magnitude[e] = Math.abs(c0.dense[e]) + 0.75 * Math.abs(c1.dense[e]) + 2.5 * Math.abs(c2.dense[e]);
        }
        double[] x = randomBlock(new Random(103L), n * blockSize);
        double[] abs = new double[n * blockSize];
        double[] expected = denseMultiply(sum, n, x, blockSize, new double[n * blockSize]);
        denseMultiply(magnitude, n, x, blockSize, abs);
        double[] y = new double[n * blockSize];
        Arrays.fill(y, Double.NaN);
        op.apply(x, y, blockSize);
        assertBlockEquals(expected, y, abs, n, "A0 + sum theta_i A_i");
        double[] expectedNoBase = denseMultiply(sumNoBase, n, x, blockSize, new double[n * blockSize]);
        Arrays.fill(y, Double.NaN);
        noBase.apply(x, y, blockSize);
        assertBlockEquals(expectedNoBase, y, abs, n, "sum theta_i A_i");
        assertArrayEquals(new double[] {0.75, -2.5}, op.theta(), 0.0);
        assertEquals(2, op.components().size());
        assertEquals(n, op.dimension());
        assertEquals(c0.csr().nonzeros() + (long) n * n + c2.csr().nonzeros(), op.nonzeros());
    }

    /** AffineOperator rejects no components, mismatched lengths or orders, and a non-finite theta, naming it. */
    @Test
    void affineRejectsBadInput() {
        SymmetricOperator a3 = new DenseSymmetricMatrix(3, new double[9]);
        SymmetricOperator a4 = new DenseSymmetricMatrix(4, new double[16]);
        assertThrows(IllegalArgumentException.class, () -> new AffineOperator(null, List.of(), new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new AffineOperator(null, List.of(a3), new double[2]));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new AffineOperator(null, List.of(a3, a4), new double[2])).getMessage().contains("4"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new AffineOperator(a4, List.of(a3), new double[1])).getMessage().contains("A_0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new AffineOperator(null, List.of(a3), new double[] {Double.NaN})).getMessage()
                .contains("NaN"));
    }

    /**
     * The fused Lanczos product of CsrMatrix (one pass over the rows) equals, bit for bit, the interface's default
     * (apply, then a separate pass), except alpha for B = 1, 2 (summed in SlicedEllpack's row order: equal to the
     * rounding bound), and row ranges computed separately equal the whole product.
     */
    @ParameterizedTest(name = "B = {0}")
    @ValueSource(ints = {1, 2, 3, 8, 9})
    void fusedLanczosProductEqualsProductThenPass(int blockSize) {
        Coordinates c = new Coordinates(70, 0.08, 40L + blockSize);
        CsrMatrix a = c.csr();
        SymmetricOperator unfused = new SymmetricOperator() {
            @Override
            public int dimension() {
                return a.dimension();
            }

            @Override
            public void apply(double[] x, double[] y, int bs) {
                a.apply(x, y, bs);
            }

            @Override
            public long nonzeros() {
                return a.nonzeros();
            }
        };
        Random rnd = new Random(41L * blockSize);
        double[] q = randomBlock(rnd, c.n * blockSize);
        double[] qPrev = randomBlock(rnd, c.n * blockSize);
        double[] betaPrev = randomBlock(rnd, blockSize);
        double[] w1 = new double[c.n * blockSize];
        double[] w2 = new double[c.n * blockSize];
        double[] dots1 = new double[blockSize];
        double[] dots2 = new double[blockSize];
        Arrays.fill(dots1, Double.NaN); // overwritten, not accumulated
        a.applyLanczos(q, qPrev, betaPrev, w1, blockSize, dots1);
        unfused.applyLanczos(q, qPrev, betaPrev, w2, blockSize, dots2);
        assertArrayEquals(w2, w1, 0.0);
        if (blockSize <= 2) { // SlicedEllpack adds alpha's terms in its row order: rounding bound 2 n eps sum |q w|
            for (int b = 0; b < blockSize; b++) {
                double sum = 0.0;
                for (int i = 0; i < c.n; i++) {
                    sum += Math.abs(q[i * blockSize + b] * w2[i * blockSize + b]);
                }
                assertEquals(dots2[b], dots1[b], 2.0 * c.n * Math.ulp(1.0) * sum);
            }
        } else {
            assertArrayEquals(dots2, dots1, 0.0);
        }
        double[] y = new double[c.n * blockSize];
        a.apply(q, y, blockSize);
        double[] parts = new double[c.n * blockSize];
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.values();
        SparseKernels.spmmRows(ptr, col, val, 0, 23, q, parts, blockSize);
        SparseKernels.spmmRows(ptr, col, val, 23, c.n, q, parts, blockSize);
        assertArrayEquals(y, parts, 0.0);
    }
}
