package org.matfun.bench.baselines;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.operator.CsrMatrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baselines of DESIGN 2.7 against the dense Daleckii-Krein gradient (LAPACK dsyev) and against finite
 * differences, on seed-style SPD matrices of order 60 (eigenvalues exp(|linspace(-5,5) + 0.4 N(0,1)|) scaled
 * to [~0.007, ~1.5], condition number ~200, so that every function converges in few steps).
 */
class BaselinesTest {

    private static final double EPS = Math.ulp(1.0);
    private static final int N = 60;

    private static CsrMatrix matrix(long seed) {
        CsrMatrix a = BenchmarkMatrices.seedSpd(N, seed);
        double[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            v[i] /= 100.0;
        }
        return a.withValues(v);
    }

    private static double relative(double[] x, double[] ref) {
        double d = 0.0;
        double r = 0.0;
        for (int i = 0; i < x.length; i++) {
            d += (x[i] - ref[i]) * (x[i] - ref[i]);
            r += ref[i] * ref[i];
        }
        return Math.sqrt(d / r);
    }

    private static double[] symmetrized(CsrMatrix a, double[] pattern) {
        double[] out = new double[pattern.length];
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        for (int i = 0; i < a.dimension(); i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                out[p] = pattern[p] + pattern[a.position(col[p], i)];
            }
        }
        return out;
    }

    /** With full reorthogonalization and k = n, T_n is orthogonally similar to A: the adjoint is exact. */
    @ParameterizedTest
    @ValueSource(strings = {"exp:beta=-2", "power:p=0.5", "log"})
    void adjointWithReorthogonalizationAtKEqualsNIsTheDenseGradient(String spec) {
        CsrMatrix a = matrix(11);
        MatrixFunction f = MatrixFunction.parse(spec);
        double[] u = BenchmarkMatrices.rademacher(N, 3);
        DenseReference.Result exact = DenseReference.of(a).evaluate(f, u, a);
        LanczosAdjoint.Result adj = new LanczosAdjoint(f, true).run(a, u, N);
        assertEquals(exact.value(), adj.value(), 1e3 * N * EPS * Math.abs(exact.value()));
        double err = relative(symmetrized(a, adj.pattern()), symmetrized(a, exact.pattern()));
        assertTrue(err < 1e4 * N * EPS, spec + ": relative error of the edge gradient " + err);
    }

    /** The adjoint is the exact derivative of the k-step map A -> F_k(A): compare with a central difference. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void adjointMatchesCentralDifferenceOfTheKStepQuadrature(boolean full) {
        CsrMatrix a = matrix(12);
        CsrMatrix e = BenchmarkMatrices.randomDirection(a, 5);
        MatrixFunction f = MatrixFunction.parse("exp:beta=-2");
        double[] u = BenchmarkMatrices.rademacher(N, 4);
        int k = 6;
        LanczosAdjoint adjoint = new LanczosAdjoint(f, full);
        double g = DenseReference.directional(adjoint.run(a, u, k).pattern(), e);
        double h = 1e-5;
        double plus = adjoint.run(shifted(a, e, h), u, k).value();
        double minus = adjoint.run(shifted(a, e, -h), u, k).value();
        double fd = (plus - minus) / (2 * h);
        // central difference: truncation O(h^2 |F'''|) plus rounding O(eps |F| / h), ~1e-9 relative here
        assertEquals(fd, g, 1e-7 * Math.abs(fd), "k = " + k + ", full = " + full);
    }

    /** Arnoldi on [[A, E], [0, A]] from [0; u]: converges to u^T L_f(A, E) u and its bottom half to u^T f(A) u. */
    @ParameterizedTest
    @ValueSource(strings = {"exp:beta=-2", "power:p=0.5", "log"})
    void blockArnoldiConvergesToTheDenseFrechetDerivative(String spec) {
        CsrMatrix a = matrix(13);
        CsrMatrix e = BenchmarkMatrices.randomDirection(a, 6);
        MatrixFunction f = MatrixFunction.parse(spec);
        double[] u = BenchmarkMatrices.rademacher(N, 7);
        DenseReference.Result exact = DenseReference.of(a).evaluate(f, u, a);
        double ref = DenseReference.directional(exact.pattern(), e);
        String[] parts = spec.split("[:=]");
        double param = parts.length == 3 ? Double.parseDouble(parts[2]) : 0.0;
        BlockArnoldiFrechet.Result r = new BlockArnoldiFrechet(parts[0], param).run(a, e, u, 2 * N);
        assertEquals(exact.value(), r.value(), 1e-10 * Math.abs(exact.value()), spec + " value");
        assertEquals(ref, r.derivative(), 1e-8 * Math.abs(ref), spec + " derivative");
    }

    /** f(H) for a symmetric H against its eigendecomposition, and the block-triangular identity of exp. */
    @Test
    void hessenbergFunctionsAgreeWithTheSymmetricCase() {
        CsrMatrix a = matrix(14);
        double[] h = a.toDense();
        DenseReference dense = DenseReference.of(a);
        double[] u = new double[N];
        u[0] = 1.0;
        for (String spec : new String[]{"exp:beta=-2", "power:p=0.5", "log", "power:p=1.5"}) {
            String[] parts = spec.split("[:=]");
            double param = parts.length == 3 ? Double.parseDouble(parts[2]) : 0.0;
            double[] fh = HessenbergFunction.apply(parts[0], param, h, N);
            double exact = dense.evaluate(MatrixFunction.parse(spec), u, a).value();
            assertEquals(exact, fh[0], 1e-11 * Math.max(1.0, Math.abs(exact)), spec);
        }
    }

    private static CsrMatrix shifted(CsrMatrix a, CsrMatrix e, double theta) {
        double[] v = a.values();
        double[] w = e.values();
        for (int i = 0; i < v.length; i++) {
            v[i] += theta * w[i];
        }
        return a.withValues(v);
    }
}
