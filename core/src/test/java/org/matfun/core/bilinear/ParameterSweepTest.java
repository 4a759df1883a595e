package org.matfun.core.bilinear;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matfun.core.DenseReference;
import org.matfun.core.SharedMatrices;
import org.matfun.core.function.FunctionList;
import org.matfun.core.lanczos.StopRule;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many parameter values from one Lanczos run (issue 14): each value's result from the sweep is the single-value
 * run's, bit for bit (T_k does not depend on the parameter, and each value stops by its own rule), and it matches a
 * dense eigendecomposition; the list and range syntax.
 */
class ParameterSweepTest {

    private static final double EPS = Math.ulp(1.0);

    static Stream<Arguments> sweeps() {
        // every case without and with the certified bounds (--stop auto and its Gershgorin interval), whose
        // Gauss-Radau extensions the values share (RadauRules)
        return cases().flatMap(c -> Stream.of(false, true).map(b -> {
            Object[] x = java.util.Arrays.copyOf(c.get(), 5);
            x[4] = b;
            return Arguments.of(x);
        }));
    }

    private static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("suitesparse/494_bus.mtx.gz", "exp:beta=-1e-4,-5e-4,-1e-3,-2e-3", true, EnumSet.of(GradientKind.MATRIX)),
                Arguments.of("suitesparse/494_bus.mtx.gz", "exp:beta=-1e-4,-5e-4,-1e-3,-2e-3", false, EnumSet.of(GradientKind.PARAMETER)),
                Arguments.of("networks/karate.mtx.gz", "exp:beta=0.1:0.3:1.9", false, EnumSet.of(GradientKind.MATRIX)),
                Arguments.of("networks/karate.mtx.gz", "power:p=2,3,10,20", true, EnumSet.noneOf(GradientKind.class)),
                Arguments.of("suitesparse/bcsstk01.mtx.gz", "power:p=0.5,1.5,2.5", false, EnumSet.of(GradientKind.PARAMETER)));
    }

    /** Sweep result i == the run of f_i alone (value, steps, termination, history, gradients), for every value. */
    @ParameterizedTest(name = "{0} {1} u=v:{2} {3} bounds:{4}")
    @MethodSource("sweeps")
    void eachValueIsTheSingleValueRun(String file, String spec, boolean same, EnumSet<GradientKind> kinds,
                                      boolean bounded) {
        CsrMatrix a = SharedMatrices.read(file, file.contains("karate"));
        int n = a.dimension();
        Random rnd = new Random(17);
        double[] u = DenseReference.gaussian(n, rnd);
        double[] v = same ? u : DenseReference.gaussian(n, rnd);
        if (spec.startsWith("power:p=0.5")) {
            for (int i = 0; i < n; i++) {
                u[i] = Math.abs(u[i]);
                v[i] = Math.abs(v[i]);
            }
        }
        FunctionList fl = FunctionList.parse(spec);
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-13).withGradientTolerance(1e-10)
                .withMaxSteps(n);
        SpectrumBounds spectrum = null;
        if (bounded) {
            // --stop auto's choice: the bounds decide where every value has two-sided bounds, else the estimate
            // (with the intervals still reported)
            spectrum = SpectrumBounds.of(a);
            boolean twoSided = true;
            for (MatrixFunction f : fl.functions()) {
                twoSided &= BilinearFormEstimator.boundsUnavailable(f, spectrum) == null;
            }
            options = options.withStop(twoSided ? StopRule.BOUND_OR_ESTIMATE : StopRule.ESTIMATE);
        }
        List<StepRecord[]> seen = new ArrayList<>();
        List<BilinearFormResult> all = BilinearForm.ofAll(fl.functions()).withSpectrum(spectrum).estimateAll(a, u, v, options, kinds,
                (step, records) -> {
                    assertEquals(seen.size() + 1, step);
                    seen.add(records.toArray(new StepRecord[0]));
                });
        assertEquals(fl.size(), all.size());
        int longest = 0;
        for (int i = 0; i < fl.size(); i++) {
            MatrixFunction f = fl.functions().get(i);
            BilinearFormResult one = BilinearForm.of(f).withSpectrum(spectrum).estimate(a, u, v, options, kinds, StepListener.NONE);
            BilinearFormResult r = all.get(i);
            assertEquals(f.spec(), r.function());
            assertEquals(one.value(), r.value(), f.spec());
            assertEquals(one.steps(), r.steps(), f.spec());
            assertEquals(one.termination(), r.termination(), f.spec());
            assertEquals(one.errorEstimate(), r.errorEstimate(), 0.0, f.spec());
            assertEquals(withoutTimes(one.history()), withoutTimes(r.history()), f.spec());
            assertEquals(one.parameterGradient(), r.parameterGradient(), f.spec());
            if (kinds.contains(GradientKind.MATRIX)) {
                assertArrayEquals(one.patternGradient(), r.patternGradient(), 0.0, f.spec());
            }
            assertEquals(one.matvecs(), r.matvecs(), f.spec());
            assertEquals(one.bounds(), r.bounds(), f.spec());
            if (bounded) {
                assertNotNull(r.bounds(), f.spec());
            }
            longest = Math.max(longest, r.steps());
            // the listener saw value i at every step up to its own stop, and not after
            for (int s = 0; s < seen.size(); s++) {
                if (s < r.steps()) {
                    assertTrue(r.history().get(s) == seen.get(s)[i], "step " + (s + 1));
                } else {
                    assertNull(seen.get(s)[i]);
                }
            }
        }
        assertEquals(longest, seen.size(), "the pass ends when the last value stops");
    }

    /** Each value of an exp grid on a SuiteSparse matrix against the dense eigendecomposition. */
    @Test
    void gridMatchesDenseReference() {
        CsrMatrix a = SharedMatrices.read("suitesparse/494_bus.mtx.gz");
        DenseReference ref = DenseReference.of(a);
        int n = a.dimension();
        double[] u = DenseReference.gaussian(n, new Random(5));
        double[] v = DenseReference.gaussian(n, new Random(6));
        FunctionList fl = FunctionList.parse("exp:beta=-0.0001:-0.0001:-0.002");
        assertEquals(20, fl.size());
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-13).withMaxSteps(n);
        List<BilinearFormResult> all = BilinearForm.ofAll(fl.functions()).estimateAll(a, u, v, options,
                EnumSet.of(GradientKind.PARAMETER), SweepListener.NONE);
        double[] beta = fl.parameters();
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            norm2 += u[i] * u[i] + v[i] * v[i];
        }
        for (int i = 0; i < beta.length; i++) {
            BilinearFormResult r = all.get(i);
            assertEquals(Termination.CONVERGED, r.termination(), fl.functions().get(i).spec() + " after " + r.steps());
            double exact = ref.bilinear(MatrixFunction.exp(beta[i]).unscaled(), u, v);
            // u^T f(A) v by polarization: rounding of the two quadratic forms of size ||u +- v||^2 max|f|
            assertEquals(exact, r.value().value(), Math.max(1e-12 * Math.abs(exact), 1e3 * EPS * norm2), "beta="
                    + beta[i]);
            double dExact = ref.parameterDerivative(MatrixFunction.exp(beta[i]).unscaled(), u, v);
            assertNotNull(r.parameterGradient());
            assertEquals(dExact, r.parameterGradient().value(), Math.max(1e-9 * Math.abs(dExact), 1e4 * EPS * norm2),
                    "d/dbeta at beta=" + beta[i]);
        }
        // each value is taken at its own step: its matvecs are those of that step (2 runs per step), not the pass's
        for (BilinearFormResult r : all) {
            assertEquals(2L * r.steps(), r.matvecs(), r.function());
        }
    }

    @Test
    void listAndRangeSyntax() {
        assertEquals(List.of("exp:beta=0.1", "exp:beta=0.5", "exp:beta=1"),
                specs(FunctionList.parse("exp:beta=0.1,0.5,1")));
        FunctionList r = FunctionList.parse("exp:beta=0.1:0.1:1");
        assertEquals(10, r.size());
        assertEquals(1.0, r.parameters()[9], 0.0);
        assertEquals(0.3, r.parameters()[2], 0.0, "exact decimals, not 0.1 + 2 * 0.1 in binary");
        assertEquals(List.of("power:p=2", "power:p=10", "power:p=100", "power:p=250.5"),
                specs(FunctionList.parse("power:p=2,10,100,250.5")));
        assertEquals(3, FunctionList.parse("power:p=3:-1:1").size());
        assertTrue(FunctionList.parse("power:p=3:-1:1").list());
        FunctionList single = FunctionList.parse("exp:beta=0.1");
        assertEquals(1, single.size());
        assertTrue(!single.list());
        assertTrue(!FunctionList.parse("log").list());
        assertEquals("beta", FunctionList.parse("exp:beta=1,2").parameterName());
    }

    @Test
    void badListsAreRefusedWithTheirPart() {
        assertMessage("STEP is 0", "exp:beta=0:0:1");
        assertMessage("goes away from END", "exp:beta=0:-0.1:1");
        assertMessage("empty value", "exp:beta=0.1,,1");
        assertMessage("mixes a list", "exp:beta=0.1,0:1:2");
        assertMessage("START:STEP:END", "exp:beta=0:1");
        assertMessage("not a decimal number", "exp:beta=0:x:1");
        assertMessage("at most", "exp:beta=0:1e-6:1");
        assertMessage("not a decimal number", "power:p=2,abc");
        assertMessage("unknown parameter", "exp:p=1,2");
    }

    /** The records without their wall times (which differ between two runs). */
    private static List<String> withoutTimes(List<StepRecord> h) {
        List<String> out = new ArrayList<>();
        for (StepRecord r : h) {
            out.add(r.step() + " " + r.value() + " " + r.logAbsValue() + " " + r.sign() + " " + r.errorEstimate() + " "
                    + r.gradientErrorEstimate() + " " + r.residualEstimate() + " " + r.matvecs() + " " + r.bounds());
        }
        return out;
    }

    private static void assertMessage(String part, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionList.parse(spec));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static List<String> specs(FunctionList fl) {
        List<String> out = new ArrayList<>();
        for (MatrixFunction f : fl.functions()) {
            out.add(f.spec());
        }
        return out;
    }
}
