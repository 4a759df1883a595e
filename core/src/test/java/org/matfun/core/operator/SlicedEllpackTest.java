package org.matfun.core.operator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SELL-C-sigma against the CSR kernels it replaces for one and two vectors: the products and the fused Lanczos
 * w bit for bit, alpha within the rounding bound of a reordered sum. Seeded random patterns cover n below one chunk, n
 * not a multiple of C, several sorting windows, empty rows, and power-law rows next to short ones.
 */
class SlicedEllpackTest {

    /** CSR arrays of a random (not necessarily symmetric) n x n pattern; maxDegree caps a row's length. */
    private static int[][] pattern(int n, int maxDegree, double emptyFraction, boolean powerLaw, Random rnd) {
        int[] ptr = new int[n + 1];
        int[] degree = new int[n];
        for (int i = 0; i < n; i++) {
            if (rnd.nextDouble() < emptyFraction) {
                continue;
            }
            int d = powerLaw ? (int) Math.min(maxDegree, Math.floor(1.0 / Math.pow(1.0 - rnd.nextDouble(), 1.0 / 1.2)))
                    : 1 + rnd.nextInt(maxDegree);
            degree[i] = Math.min(d, n);
        }
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = ptr[i] + degree[i];
        }
        int[] col = new int[ptr[n]];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                col[p] = rnd.nextInt(n);
            }
            java.util.Arrays.sort(col, ptr[i], ptr[i + 1]);
        }
        return new int[][] {ptr, col};
    }

    @ParameterizedTest(name = "n = {0}, max degree {1}, empty {2}, power law {3}")
    @CsvSource({"1, 1, 0.0, false", "5, 3, 0.2, false", "8, 4, 0.0, false", "61, 7, 0.1, false",
        "1000, 12, 0.05, false", "9001, 6, 0.02, false", "9001, 3000, 0.1, true", "20000, 400, 0.3, true"})
    void productAndLanczosEqualCsr(int n, int maxDegree, double emptyFraction, boolean powerLaw) {
        Random rnd = new Random(7L * n + maxDegree);
        int[][] p = pattern(n, maxDegree, emptyFraction, powerLaw, rnd);
        int[] ptr = p[0];
        int[] col = p[1];
        double[] val = new double[col.length];
        for (int e = 0; e < val.length; e++) {
            val[e] = rnd.nextGaussian();
        }
        SlicedEllpack s = SlicedEllpack.of(ptr, col, val, n);
        assertTrue(s.paddingRatio() >= 1.0, "padding " + s.paddingRatio());
        double[] x = new double[n];
        double[] qPrev = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            qPrev[i] = rnd.nextGaussian();
        }
        double[] expected = new double[n];
        SparseKernels.spmm(ptr, col, val, n, x, expected, 1);
        double[] y = new double[n];
        java.util.Arrays.fill(y, Double.NaN); // every entry is written
        s.multiply(x, y);
        assertArrayEquals(expected, y, 0.0);

        double betaPrev = rnd.nextGaussian();
        double[] wExpected = new double[n];
        double[] alphaExpected = new double[1];
        SparseKernels.lanczosRows(ptr, col, val, 0, n, x, qPrev, new double[] {betaPrev}, wExpected, 1,
                alphaExpected);
        double[] w = new double[n];
        double alpha = s.lanczos(x, qPrev, betaPrev, w);
        assertArrayEquals(wExpected, w, 0.0);
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(x[i] * w[i]);
        }
        assertEquals(alphaExpected[0], alpha, 2.0 * n * Math.ulp(1.0) * sum);

        // two interleaved vectors (the polarization block)
        double[] x2 = new double[2 * n];
        double[] qPrev2 = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            x2[i] = rnd.nextGaussian();
            qPrev2[i] = rnd.nextGaussian();
        }
        double[] expected2 = new double[2 * n];
        SparseKernels.spmm(ptr, col, val, n, x2, expected2, 2);
        double[] y2 = new double[2 * n];
        java.util.Arrays.fill(y2, Double.NaN);
        s.multiply2(x2, y2);
        assertArrayEquals(expected2, y2, 0.0);
        double[] betaPrev2 = {rnd.nextGaussian(), rnd.nextGaussian()};
        double[] w2Expected = new double[2 * n];
        double[] alphas2Expected = new double[2];
        SparseKernels.lanczosRows(ptr, col, val, 0, n, x2, qPrev2, betaPrev2, w2Expected, 2, alphas2Expected);
        double[] w2 = new double[2 * n];
        double[] alphas2 = {Double.NaN, Double.NaN}; // overwritten
        s.lanczos2(x2, qPrev2, betaPrev2, w2, alphas2);
        assertArrayEquals(w2Expected, w2, 0.0);
        for (int b = 0; b < 2; b++) {
            double sum2 = 0.0;
            for (int i = 0; i < n; i++) {
                sum2 += Math.abs(x2[2 * i + b] * w2[2 * i + b]);
            }
            assertEquals(alphas2Expected[b], alphas2[b], 2.0 * n * Math.ulp(1.0) * sum2);
        }
    }

    /**
     * A non-finite x entry reaches only the rows that use its column: those are non-finite with CSR and SELL alike
     * (an Inf may become NaN through the padding's 0 x Inf), every other row is bit for bit the CSR result.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2", "3", "4", "5", "18", "19", "20"})
    void nonFiniteEntryStaysInItsRows(long seed) {
        Random rnd = new Random(seed);
        int n = 300;
        int[][] p = pattern(n, 9, 0.0, false, rnd);
        double[] val = new double[p[1].length];
        java.util.Arrays.fill(val, 1.0);
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        int bad = rnd.nextInt(n);
        x[bad] = Double.POSITIVE_INFINITY;
        double[] y = new double[n];
        SlicedEllpack.of(p[0], p[1], val, n).multiply(x, y);
        double[] expected = new double[n];
        SparseKernels.spmm(p[0], p[1], val, n, x, expected, 1);
        int touched = 0;
        for (int i = 0; i < n; i++) {
            boolean uses = false;
            for (int q = p[0][i]; q < p[0][i + 1]; q++) {
                uses |= p[1][q] == bad;
            }
            if (uses) {
                touched++;
                assertTrue(!Double.isFinite(expected[i]) && !Double.isFinite(y[i]), "row " + i + ": " + y[i]);
            } else {
                assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(y[i]), "row " + i);
            }
        }
        assertTrue(touched > 0 || n == 0, "the column of the Inf entry should be used by some row");
    }
}
