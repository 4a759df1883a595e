package org.matfun.core.gradient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
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
 * entries of H (plain loops, no BLAS) within the sum of the dropped |H_ij| (each at most k eps max|H|) plus
 * k eps sum |H_ij| for the rounding of the two sums.
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
        InMemoryLanczos rec = new InMemoryLanczos(a, u, 1, Reorthogonalization.NONE, true);
        double[] alphas = new double[k];
        double[] betas = new double[k];
        for (int j = 0; j < k; j++) {
            LanczosStep s = rec.step();
            alphas[j] = s.alphas()[0];
            betas[j] = s.betas()[0];
        }
        TridiagonalEigen eigen = TridiagonalEigen.decompose(alphas, betas, k);
        ScaledFunction f = MatrixFunction.exp(beta).unscaled();
        return new Run(a, rec.basis(0, k), k, ForwardOnlyGradient.hMatrix(eigen, rec.startNorms()[0], f));
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
        double bound = (double) (k * k - m * m) * k * EPS * max + k * EPS * absSum(r.h());
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
