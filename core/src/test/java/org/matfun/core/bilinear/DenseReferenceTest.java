package org.matfun.core.bilinear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.AffineOperator;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SymmetricOperator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Value and forward-only gradient of u^T f(A) v against a dense eigendecomposition (LAPACK dsyev), for every
 * function of the catalogue, u = v and u != v: relative errors below 1e-12 once the stopping rule says
 * converged (issue 2), plus central finite differences of the Lanczos value.
 */
class DenseReferenceTest {

    private static final int N = 120;
    private static final double REL = 1e-12;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        String[] specs = {"exp:beta=0.7", "exp:beta=-1.3", "power:p=2.5", "power:p=0.5", "power:p=3", "log",
            "inverse", "sqrt"};
        long seed = 11;
        for (String s : specs) {
            out.add(Arguments.of(s, true, seed++));
            out.add(Arguments.of(s, false, seed++));
        }
        return out.stream();
    }

    /** Lanczos values and G_ij on every stored nonzero against U (Gamma o a b^T) U^T. */
    @ParameterizedTest(name = "{0}, u=v: {1}")
    @MethodSource("cases")
    void valueAndEdgeGradientMatchDenseReference(String spec, boolean same, long seed) {
        Random rnd = new Random(seed);
        CsrMatrix a = DenseReference.randomSparse(N, 4, 0.5, rnd);
        DenseReference ref = DenseReference.of(a);
        double[] u = DenseReference.gaussian(N, rnd);
        double[] v = same ? u : correlated(u, rnd);
        MatrixFunction f = MatrixFunction.parse(spec);
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-14).withGradientTolerance(1e-12)
                .withMaxSteps(400);
        BilinearFormResult r = BilinearForm.of(f).estimate(a, u, v, options,
                EnumSet.of(GradientKind.MATRIX), StepListener.NONE);
        assertNotEquals(Termination.STEP_BUDGET, r.termination(), "did not converge: " + r.errorEstimate() + " "
                + r.gradientErrorEstimate());
        ScaledFunction sf = f.unscaled();
        double exact = ref.bilinear(sf, u, v);
        assertEquals(0.0, r.logScale());
        assertEquals(exact, r.value().value(), REL * Math.abs(exact), spec);

        double[] g = ref.matrixGradient(sf, u, v);
        double[] pattern = r.patternGradient();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double scale = 0;
        for (double x : g) {
            scale = Math.max(scale, Math.abs(x));
        }
        double[] edge = ForwardOnlyGradient.edgeDerivatives(a, pattern);
        for (int i = 0; i < N; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                int row = i;
                // polarization differentiates along symmetric perturbations: its G is the symmetric part
                double sym = 0.5 * (g[i * N + j] + g[j * N + i]);
                assertEquals(sym, pattern[p], REL * scale, () -> spec + " G at " + row + ", " + j);
                double exactEdge = i == j ? g[i * N + i] : g[i * N + j] + g[j * N + i];
                assertEquals(exactEdge, edge[p], 2 * REL * scale, () -> spec + " dF/dw at " + row + ", " + j);
            }
        }
    }

    /** dF/dw_ij for a few edges against central finite differences of the converged Lanczos value. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void edgeGradientMatchesCentralDifferences(String spec, boolean same, long seed) {
        Random rnd = new Random(seed + 1000);
        CsrMatrix a = DenseReference.randomSparse(60, 3, 1.0, rnd);
        double[] u = DenseReference.gaussian(60, rnd);
        double[] v = same ? u : correlated(u, rnd);
        MatrixFunction f = MatrixFunction.parse(spec);
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-14).withGradientTolerance(1e-12)
                .withMaxSteps(300);
        BilinearFormResult r = BilinearForm.of(f).estimate(a, u, v, options, EnumSet.of(GradientKind.MATRIX),
                StepListener.NONE);
        double[] edge = ForwardOnlyGradient.edgeDerivatives(a, r.patternGradient());
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] values = a.values();
        int checked = 0;
        for (int i = 0; i < 60 && checked < 6; i += 7) {
            for (int p = ptr[i]; p < ptr[i + 1] && checked < 6; p++) {
                int j = col[p];
                double h = 1e-5;
                double plus = valueWithEdge(a, values, i, j, h, f, u, v, options);
                double minus = valueWithEdge(a, values, i, j, -h, f, u, v, options);
                double fd = (plus - minus) / (2 * h);
                // central differences: truncation O(h^2) ~ 1e-10 relative, rounding ~ eps |F| / h
                double tol = 1e-7 * Math.max(1.0, Math.abs(r.value().value()));
                assertEquals(fd, edge[p], tol, spec + " edge (" + i + ", " + j + ")");
                checked++;
            }
        }
        assertTrue(checked >= 5);
    }

    private static double valueWithEdge(CsrMatrix a, double[] values, int i, int j, double h, MatrixFunction f,
                                        double[] u, double[] v, LanczosOptions options) {
        double[] w = values.clone();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        for (int p = ptr[i]; p < ptr[i + 1]; p++) {
            if (col[p] == j) {
                w[p] += h;
            }
        }
        if (i != j) {
            for (int p = ptr[j]; p < ptr[j + 1]; p++) {
                if (col[p] == i) {
                    w[p] += h;
                }
            }
        }
        return BilinearForm.of(f).estimate(a.withValues(w), u, v, options).value().value();
    }

    /** Affine family A = theta_1 A_1 + theta_2 I + theta_3 z z^T and the parameter of f against exact sums. */
    @ParameterizedTest(name = "{0}, u=v: {1}")
    @MethodSource("cases")
    void affineAndParameterGradientsMatchDenseReference(String spec, boolean same, long seed) {
        Random rnd = new Random(seed + 2000);
        int n = 80;
        CsrMatrix a1 = DenseReference.randomSparse(n, 4, 0.5, rnd);
        double[] z = DenseReference.gaussian(n, rnd);
        double[] theta = {0.8, 0.3, 0.05};
        SymmetricOperator identity = identity(n);
        SymmetricOperator rankOne = rankOne(z);
        AffineOperator family = new AffineOperator(null, List.of(a1, identity, rankOne), theta);
        double[] dense = new double[n * n];
        double[] d1 = a1.toDense();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dense[i * n + j] = theta[0] * d1[i * n + j] + (i == j ? theta[1] : 0) + theta[2] * z[i] * z[j];
            }
        }
        DenseReference ref = DenseReference.of(dense, n);
        double[] u = DenseReference.gaussian(n, rnd);
        double[] v = same ? u : correlated(u, rnd);
        MatrixFunction f = MatrixFunction.parse(spec);
        EnumSet<GradientKind> kinds = f.hasParameter() ? EnumSet.of(GradientKind.MATRIX, GradientKind.PARAMETER)
                : EnumSet.of(GradientKind.MATRIX);
        BilinearFormResult r = BilinearForm.of(f).estimate(family, u, v,
                LanczosOptions.defaults().withTolerance(1e-14).withGradientTolerance(1e-12).withMaxSteps(400), kinds, StepListener.NONE);
        assertNotEquals(Termination.STEP_BUDGET, r.termination());
        ScaledFunction sf = f.unscaled();
        double[] g = ref.matrixGradient(sf, u, v);
        double[] exact = new double[3];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                exact[0] += d1[p * n + q] * g[p * n + q];
                exact[1] += (p == q ? 1 : 0) * g[p * n + q];
                exact[2] += z[p] * z[q] * g[p * n + q];
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(exact[i], r.affineGradient()[i], REL * Math.max(Math.abs(exact[i]), 1e-3 * norm(exact)),
                    spec + " theta_" + (i + 1));
        }
        if (f.hasParameter()) {
            double exactParam = ref.parameterDerivative(sf, u, v);
            assertEquals(exactParam, r.parameterGradient().value(), REL * Math.abs(exactParam), spec + " d/ds");
        }
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double d : x) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    static double[] correlated(double[] u, Random rnd) {
        double[] v = new double[u.length];
        for (int i = 0; i < u.length; i++) {
            v[i] = u[i] + 0.5 * rnd.nextGaussian();
        }
        return v;
    }

    static SymmetricOperator identity(int n) {
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] x, double[] y, int blockSize) {
                System.arraycopy(x, 0, y, 0, x.length);
            }

            @Override
            public long nonzeros() {
                return n;
            }
        };
    }

    static SymmetricOperator rankOne(double[] z) {
        int n = z.length;
        return new SymmetricOperator() {
            @Override
            public int dimension() {
                return n;
            }

            @Override
            public void apply(double[] x, double[] y, int bs) {
                double[] d = new double[bs];
                for (int i = 0; i < n; i++) {
                    for (int b = 0; b < bs; b++) {
                        d[b] += z[i] * x[i * bs + b];
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int b = 0; b < bs; b++) {
                        y[i * bs + b] = z[i] * d[b];
                    }
                }
            }

            @Override
            public long nonzeros() {
                return (long) n * n;
            }
        };
    }
}
