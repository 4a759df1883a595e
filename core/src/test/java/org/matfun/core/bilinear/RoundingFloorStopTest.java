package org.matfun.core.bilinear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matfun.core.DenseReference;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.EnumSet;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tolerance at the rounding floor (value 1e-14, gradient 1e-12) is met by every run, not by the luck of the
 * rounding: once the successive differences are rounding noise, the rate factor rho / (1 - rho) is not applied to
 * them (ConvergenceMonitor). Seeded random sparse matrices (n = 60) and Gaussian u, u^T exp(beta A) u for beta = 1
 * and 150 (the latter overflows: log space); the value is checked against a dense eigendecomposition to
 * 256 eps relative in log space (beta = 150) or in value (beta = 1).
 */
class RoundingFloorStopTest {

    private static final double EPS = Math.ulp(1.0);

    static Stream<Arguments> cases() {
        return IntStream.range(0, 12).boxed().flatMap(seed -> Stream.of(Arguments.of(seed, 1.0),
                Arguments.of(seed, 150.0)));
    }

    @ParameterizedTest(name = "seed {0}, beta {1}")
    @MethodSource("cases")
    void toleranceAtTheFloorIsMet(int seed, double beta) {
        Random rnd = new Random(1000 + seed);
        int n = 60;
        CsrMatrix a = DenseReference.randomSparse(n, 3, 0.5, rnd);
        DenseReference ref = DenseReference.of(a);
        double[] u = DenseReference.gaussian(n, rnd);
        BilinearFormResult r = BilinearForm.of(MatrixFunction.exp(beta)).estimate(a, u, u,
                LanczosOptions.defaults().withTolerance(1e-14).withGradientTolerance(1e-12).withMaxSteps(300),
                EnumSet.of(GradientKind.MATRIX, GradientKind.PARAMETER), StepListener.NONE);
        assertNotEquals(Termination.STEP_BUDGET, r.termination(), "stopped after " + r.steps() + " steps, value estimate "
                + r.errorEstimate() + ", gradient estimate " + r.gradientErrorEstimate() + ", last steps " + r.history().subList(Math.max(0, r.history().size() - 3), r.history().size()));
        double logExact = ref.logExpQuadraticForm(u, beta);
        assertEquals(logExact, r.value().logAbsValue(), 256 * EPS * Math.max(1.0, Math.abs(logExact)));
        assertTrue(r.steps() <= n + 40, "steps " + r.steps());
    }
}
