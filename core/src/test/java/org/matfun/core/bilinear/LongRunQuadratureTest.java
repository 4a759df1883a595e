package org.matfun.core.bilinear;

import org.junit.jupiter.api.Test;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond k = {@link BilinearFormEstimator#ENDS_FROM} the estimator evaluates the Gauss rule from the Ritz values and
 * the first and last eigenvector rows of implicit QL instead of dstevr. The value it reports at step k must equal
 * sum_r c_r ||v_r||^2 sum_j S(1, j)^2 f(lambda_j) evaluated from the dstevr decomposition of the same T_k (kept in
 * the result), within c k eps times the sum of the terms' magnitudes.
 */
class LongRunQuadratureTest {

    private static final double EPS = Math.ulp(1.0);

    @Test
    void valueBeyondEndsThresholdMatchesFullDecomposition() {
        Random rnd = new Random(5);
        int n = 500;
        CsrMatrix a = DenseReference.randomSparse(n, 4, 0.0, rnd);
        double[] u = DenseReference.gaussian(n, rnd);
        double[] v = DenseReference.gaussian(n, rnd);
        int steps = BilinearFormEstimator.ENDS_FROM + 40;
        MatrixFunction f = MatrixFunction.exp(0.3);
        BilinearFormResult r = BilinearForm.of(f).estimate(a, u, v,
                LanczosOptions.defaults().withTolerance(1e-300).withGradientTolerance(1e-300).withMaxSteps(steps),
                EnumSet.of(GradientKind.PARAMETER), StepListener.NONE);
        assertEquals(Termination.STEP_BUDGET, r.termination());
        assertEquals(steps, r.steps());
        double value = 0.0;
        double magnitude = 0.0;
        int k = 0;
        for (QuadratureRun run : r.runs()) {
            TridiagonalEigen e = run.eigen();
            k = Math.max(k, e.k());
            for (int j = 0; j < e.k(); j++) {
                double w = run.startNorm() * e.vector(0, j);
                double term = run.coefficient() * w * w * Math.exp(0.3 * e.ritzValues()[j]);
                value += term;
                magnitude += Math.abs(term);
            }
        }
        assertTrue(k >= BilinearFormEstimator.ENDS_FROM, "the run must pass the threshold, k = " + k);
        assertEquals(value, r.value().value(), 16 * k * EPS * magnitude);
    }
}
