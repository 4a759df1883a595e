package org.matfun.core.lanczos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.DenseReference;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the Lanczos decomposition, the Gauss rule and the forward-only gradient (STYLE "Tests"). */
class LanczosPropertiesTest {

    private static final double EPS = Math.ulp(1.0);

    /** A Q_k = Q_k T_k + beta_k q_{k+1} e_k^T, checked column by column to c k eps ||A||. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void threeTermRelationHolds(long seed) {
        Random rnd = new Random(seed);
        int n = 200;
        CsrMatrix a = DenseReference.randomSparse(n, 5, 0.1, rnd);
        int k = 40;
        LanczosDecomposition d = new Lanczos(LanczosOptions.defaults().withMaxSteps(k + 1))
                .run(a, DenseReference.gaussian(n, rnd), true);
        double[] q = d.basis();
        int kk = d.steps();
        double normA = 0;
        for (double x : a.values()) {
            normA = Math.max(normA, Math.abs(x));
        }
        normA *= 12;
        for (int j = 0; j < k; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = q[i * kk + j];
            }
            double[] aq = a.apply(col);
            for (int i = 0; i < n; i++) {
                double t = d.alphas()[j] * q[i * kk + j];
                if (j > 0) {
                    t += d.betas()[j - 1] * q[i * kk + j - 1];
                }
                t += d.betas()[j] * q[i * kk + j + 1];  // beta_j q_{j+1} (last column of the relation too)
                assertEquals(aq[i], t, 100 * EPS * normA, "row " + i + " column " + j);
            }
        }
    }

    /** A k-point Gauss rule integrates x^d exactly for d <= 2k - 1: v^T A^d v. */
    @Test
    void gaussRuleIsExactToDegree2kMinus1() {
        Random rnd = new Random(5);
        int n = 150;
        CsrMatrix a = DenseReference.randomSparse(n, 4, 0.2, rnd);
        double[] v = DenseReference.gaussian(n, rnd);
        int k = 6;
        LanczosDecomposition d = new Lanczos(LanczosOptions.defaults().withMaxSteps(k)).run(a, v, false);
        GaussQuadrature rule = GaussQuadrature.of(TridiagonalEigen.decompose(d.alphas(), d.betas(), k),
                d.startNorm());
        double[] x = v.clone();
        for (int deg = 0; deg <= 2 * k - 1; deg++) {
            double exact = 0;
            for (int i = 0; i < n; i++) {
                exact += v[i] * x[i];
            }
            double quad = rule.apply(MatrixFunction.power(deg).unscaled());
            assertEquals(exact, quad, 1e3 * EPS * Math.abs(exact) + 1e-300, "degree " + deg);
            x = a.apply(x);
        }
        // and not exact for degree 2k
        double exact = 0;
        for (int i = 0; i < n; i++) {
            exact += v[i] * x[i];
        }
        double quad = rule.apply(MatrixFunction.power(2 * k).unscaled());
        assertTrue(Math.abs(exact - quad) > 1e6 * EPS * Math.abs(exact), "degree 2k should not be exact");
    }

    /** k = n with full reorthogonalization recovers the exact value and gradient (invariant subspace). */
    @Test
    void fullLengthRunIsExact() {
        Random rnd = new Random(9);
        int n = 40;
        CsrMatrix a = DenseReference.randomSparse(n, 3, 0.5, rnd);
        DenseReference ref = DenseReference.of(a);
        double[] v = DenseReference.gaussian(n, rnd);
        MatrixFunction f = MatrixFunction.exp(0.5);
        BilinearFormResult r = BilinearForm.of(f).estimate(a, v, v,
                LanczosOptions.defaults().withMaxSteps(n).withTolerance(1e-300)
                        .withReorthogonalization(Reorthogonalization.FULL),
                EnumSet.of(GradientKind.MATRIX), StepListener.NONE);
        assertTrue(r.steps() == n, "steps " + r.steps());
        ScaledFunction sf = f.unscaled();
        double exact = ref.bilinear(sf, v, v);
        assertEquals(exact, r.value().value(), 1e3 * EPS * Math.abs(exact));
        double[] g = ref.matrixGradient(sf, v, v);
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double scale = 0;
        for (double x : g) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                assertEquals(g[i * n + col[p]], r.patternGradient()[p], 1e4 * EPS * scale);
            }
        }
    }

    /** For f a polynomial of degree d <= k the forward-only gradient is exact (here f(x) = x^3, k = 5). */
    @Test
    void gradientIsExactForPolynomialsOfDegreeAtMostK() {
        Random rnd = new Random(13);
        int n = 100;
        CsrMatrix a = DenseReference.randomSparse(n, 4, 0.3, rnd);
        DenseReference ref = DenseReference.of(a);
        double[] v = DenseReference.gaussian(n, rnd);
        int k = 5;
        LanczosDecomposition d = new Lanczos(LanczosOptions.defaults().withMaxSteps(k)).run(a, v, true);
        ScaledFunction cube = MatrixFunction.power(3).unscaled();
        TridiagonalEigen eig = TridiagonalEigen.decompose(d.alphas(), d.betas(), k);
        double[] h = ForwardOnlyGradient.hMatrix(eig, d.startNorm(), cube);
        double[] pattern = new double[(int) a.nonzeros()];
        ForwardOnlyGradient.accumulatePattern(a, d.basis(), k, h, 1.0, pattern);
        double[] g = ref.matrixGradient(cube, v, v);
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double scale = 0;
        for (double x : g) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                assertEquals(g[i * n + col[p]], pattern[p], 1e3 * EPS * scale);
            }
        }
    }
}
