package org.matfun.core.gradient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.Lanczos;
import org.matfun.core.lanczos.LanczosDecomposition;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SymmetricOperator;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ForwardOnlyGradient uses only the leading m = effectiveDimension(H) basis vectors: past convergence m is well
 * below k, before it m = k, and the pattern and affine gradients equal the untruncated sums over all k x k
 * entries of H (plain loops, no BLAS) within the sum of the dropped |H_ij| plus 2 k eps sum |H_ij| for the
 * rounding of the two sums; m is the smallest size whose border holds an entry above k eps max|H|.
 */
class EffectiveDimensionTest {

    private static final double EPS = Math.ulp(1.0);

    /** A Lanczos run of k steps (no reorthogonalization) with its basis and H. */
    private record Run(CsrMatrix a, double[] basis, int k, double[] h) {
    }

    private static Run run(long seed, int n, double beta, int k) {
        Random rnd = new Random(seed);
        CsrMatrix a = DenseReference.randomSparse(n, 4, 0.0, rnd);
        double[] u = DenseReference.gaussian(n, rnd);
        LanczosDecomposition d = new Lanczos(LanczosOptions.defaults().withMaxSteps(k)).run(a, u, true);
        assertEquals(k, d.steps(), "no invariant subspace before k");
        TridiagonalEigen eigen = TridiagonalEigen.decompose(d.alphas(), d.betas(), k);
        ScaledFunction f = MatrixFunction.exp(beta).unscaled();
        return new Run(a, d.basis(), k, ForwardOnlyGradient.hMatrix(eigen, d.startNorm(), f));
    }

    private static double absSum(double[] h) {
        double s = 0.0;
        for (double x : h) {
            s += Math.abs(x);
        }
        return s;
    }

    @ParameterizedTest(name = "seed {0}, beta {1}")
    @CsvSource({"1, 0.5", "2, -1.0", "3, 1.0", "4, 0.2"})
    void pastConvergenceTruncatesAndKeepsTheGradient(long seed, double beta) {
        int k = 90;
        Run r = run(seed, 500, beta, k);
        int m = ForwardOnlyGradient.effectiveDimension(r.h(), k);
        assertTrue(m <= k / 2, "past convergence H should be carried by few vectors: m = " + m + " of " + k);
        assertTrue(m >= 3, "m = " + m);

        int n = r.a().dimension();
        int[] ptr = r.a().rowPointers();
        int[] col = r.a().columnIndices();
        double[] truncated = new double[col.length];
        ForwardOnlyGradient.accumulatePattern(r.a(), r.basis(), k, r.h(), 1.0, truncated);
        double max = 0.0;
        for (double x : r.h()) {
            max = Math.max(max, Math.abs(x));
        }
        // m is the smallest: row or column m - 1 has an entry above k eps max|H|, everything beyond is below
        double threshold = k * EPS * max;
        boolean above = false;
        double dropped = 0.0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double x = Math.abs(r.h()[i * k + j]);
                if (Math.max(i, j) >= m) {
                    assertTrue(x <= threshold, "H(" + i + ", " + j + ") = " + x + " dropped");
                    dropped += x;
                } else if (Math.max(i, j) == m - 1) {
                    above |= x > threshold;
                }
            }
        }
        assertTrue(above, "row/column " + (m - 1) + " could have been dropped too");
        // |(Q_k)_pi| <= 1: the dropped part changes an entry by at most their sum; plus rounding of both sums
        double bound = dropped + 2.0 * k * EPS * absSum(r.h());
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                double full = 0.0;
                for (int x = 0; x < k; x++) {
                    for (int y = 0; y < k; y++) {
                        full += r.h()[x * k + y] * r.basis()[i * k + x] * r.basis()[col[p] * k + y];
                    }
                }
                assertEquals(full, truncated[p], bound, "entry (" + i + ", " + col[p] + ")");
            }
        }

        // affine: sum_ij H_ij q_i^T E q_j with E = A
        double[] aq = new double[n * k];
        r.a().apply(r.basis(), aq, k);
        double full = 0.0;
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < k; x++) {
                for (int y = 0; y < k; y++) {
                    full += r.h()[x * k + y] * r.basis()[i * k + x] * aq[i * k + y];
                }
            }
        }
        double[] g = new double[1];
        ForwardOnlyGradient.accumulateAffine(List.<SymmetricOperator>of(r.a()), r.basis(), k, r.h(), 1.0, g);
        double norm = 0.0; // ||A||_2 <= max absolute row sum
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                s += Math.abs(r.a().values()[p]);
            }
            norm = Math.max(norm, s);
        }
        assertEquals(full, g[0], norm * bound);
    }

    /** Before convergence every vector carries H: nothing is dropped. */
    @Test
    void beforeConvergenceNothingIsDropped() {
        Run r = run(5, 500, 1.0, 6);
        assertEquals(6, ForwardOnlyGradient.effectiveDimension(r.h(), 6));
    }

    /** H = 0 (e.g. f' underflowing at every Ritz value): m = 0 and the gradients receive nothing. */
    @Test
    void zeroHAddsNothing() {
        Run r = run(6, 200, 1.0, 5);
        double[] zero = new double[25];
        double[] pattern = new double[(int) r.a().nonzeros()];
        ForwardOnlyGradient.accumulatePattern(r.a(), r.basis(), 5, zero, 1.0, pattern);
        for (double x : pattern) {
            assertEquals(0.0, x);
        }
        double[] g = {0.0};
        ForwardOnlyGradient.accumulateAffine(List.<SymmetricOperator>of(r.a()), r.basis(), 5, zero, 1.0, g);
        assertEquals(0.0, g[0]);
    }

    @Test
    void zeroMatrixHasDimensionZeroAndLeadingBlockIsACopy() {
        assertEquals(0, ForwardOnlyGradient.effectiveDimension(new double[9], 3));
        double[] h = {1, 2, 3, 2, 4, 5, 3, 5, 6};
        double[] b = ForwardOnlyGradient.leadingBlock(h, 3, 2);
        assertEquals(4, b.length);
        assertEquals(1.0, b[0]);
        assertEquals(2.0, b[1]);
        assertEquals(2.0, b[2]);
        assertEquals(4.0, b[3]);
    }
}
