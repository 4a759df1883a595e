package org.matfun.core.bilinear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * exp(beta A)_pq for nodes p, q far apart in a graph. The polarization runs from e_p + e_q and e_p - e_q give
 * bit-identical T_k until their Krylov subspaces meet (about d/2 steps for graph distance d), so the value is
 * exactly 0 and its increments are 0 for those steps: the stopping rule must not read that as convergence
 * (it did: 0 with CONVERGED at k = 3, found by the networkx comparison of issue 3). Reference: dense dsyev.
 * Polarization's accuracy is absolute, eps times the scale of the two quadratic forms (DESIGN 2.2), so the
 * tolerance is 64 eps times that scale.
 */
class DistantPairTest {

    private static final double EPS = Math.ulp(1.0);

    @ParameterizedTest(name = "path + chords, n = {0}, q = {1}, beta = {2}")
    @CsvSource({"60, 8, 1.0", "60, 14, 3.0", "60, 24, 6.0", "200, 20, 4.0"})
    void distantPairIsNotStoppedAtZero(int n, int q, double beta) {
        Random rnd = new Random(n * 31L + q);
        int[] rows = new int[2 * (n - 1) + 2 * (n / 10)];
        int[] cols = new int[rows.length];
        double[] vals = new double[rows.length];
        int e = 0;
        for (int i = 0; i + 1 < n; i++) {
            double w = 0.5 + rnd.nextDouble();
            rows[e] = i; cols[e] = i + 1; vals[e++] = w;
            rows[e] = i + 1; cols[e] = i; vals[e++] = w;
        }
        for (int c = 0; c < n / 10; c++) {           // short chords far from node 0 keep it a non-trivial graph
            int i = n / 2 + rnd.nextInt(n / 2 - 3);
            rows[e] = i; cols[e] = i + 2; vals[e++] = 0.3;
            rows[e] = i + 2; cols[e] = i; vals[e++] = 0.3;
        }
        CsrMatrix a = CsrMatrix.fromCoordinates(n, rows, cols, vals);
        double[] u = new double[n];
        double[] v = new double[n];
        u[0] = 1.0;
        v[q] = 1.0;
        MatrixFunction f = MatrixFunction.parse("exp:beta=" + beta);
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-12).withMaxSteps(n);
        BilinearFormResult r = BilinearForm.of(f).estimate(a, u, v, options);

        DenseReference ref = DenseReference.of(a);
        double exact = ref.bilinear(f.unscaled(), u, v);
        double[] plus = new double[n];
        double[] minus = new double[n];
        plus[0] = 1; plus[q] = 1;
        minus[0] = 1; minus[q] = -1;
        double scale = (Math.abs(ref.bilinear(f.unscaled(), plus, plus))
                + Math.abs(ref.bilinear(f.unscaled(), minus, minus))) / 4;
        assertTrue(Math.abs(exact) > 1e3 * 64 * EPS * scale, "the case must be able to fail: " + exact);
        assertNotEquals(Termination.STEP_BUDGET, r.termination());
        assertTrue(r.steps() > q / 2, "stopped at step " + r.steps() + " before the runs from node 0 and node "
                + q + " could meet");
        assertEquals(exact, r.value().value(), Math.max(1e-12 * Math.abs(exact), 64 * EPS * scale),
                "exp(" + beta + " A)_{0," + q + "}");
    }
}
