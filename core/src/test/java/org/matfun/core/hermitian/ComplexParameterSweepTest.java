package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.core.SharedMatrices;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many parameter values from one Lanczos pass on the complex Hermitian path (issue 14): each value's result from
 * {@link HermitianBilinearForm#estimateAll} is the single-value run's bit for bit (value, steps, termination,
 * estimates, history, runs and H, parameter and edge gradients), on real data (bcsstk01 with seeded phases, the
 * C. elegans magnetic adjacency at q = 0.25); a grid against the dense reference of {@link DenseHermitian} (value
 * and dF/dt); the list and range syntax.
 */
class ComplexParameterSweepTest {

    private static final double VALUE_REL = 1e-12;
    private static final double DERIVATIVE_REL = 1e-9;

    private static HermitianCsrMatrix bcsstk01() {
        CsrMatrix real = SharedMatrices.read("suitesparse/bcsstk01.mtx.gz");
        double rho = DenseHermitian.of(HermitianRealDataTest.withPhases(real, 2024, 1.0)).norm();
        return HermitianRealDataTest.withPhases(real, 2024, rho);
    }

    private static HermitianCsrMatrix celegans() {
        NewmanGml g = NewmanGml.read("networks/celegansneural.gml.gz");
        return MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), 0.25);
    }

    private static HermitianCsrMatrix operator(String which) {
        return which.equals("bcsstk01") ? bcsstk01() : celegans();
    }

    private static LanczosOptions options(int n) {
        return LanczosOptions.defaults().withMaxSteps(Math.min(400, 2 * n)).withTolerance(1e-13)
                .withGradientTolerance(1e-11);
    }

    private static EnumSet<GradientKind> kinds(String text) {
        EnumSet<GradientKind> k = EnumSet.noneOf(GradientKind.class);
        if (text.contains("M")) {
            k.add(GradientKind.MATRIX);
        }
        if (text.contains("P")) {
            k.add(GradientKind.PARAMETER);
        }
        return k;
    }

    /** Sweep result i == the run of f_i alone, for every value, including the gradients and the history. */
    @ParameterizedTest(name = "{0} {1} u=v:{2} {3}")
    @CsvSource(delimiter = ';', value = {
        "bcsstk01; expi:t=0.5,1,2,5,10,20,50; false; MP",
        "bcsstk01; expi:t=1:5:46; true; P",
        "bcsstk01; exp:beta=-0.5i,0.1-2i,1; false; MP",
        "celegans; expi:t=0.01,0.05,0.1,0.5,1; false; MP",
        "celegans; expi:t=0.02:0.02:0.4; true; -",
        "celegans; exp:beta=-0.5i,0.1-2i,0.05; true; P"})
    void eachValueIsTheSingleValueRun(String which, String spec, boolean same, String gradientKinds) {
        HermitianCsrMatrix a = operator(which);
        int n = a.dimension();
        Random rnd = new Random(31);
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = same ? u.clone() : DenseHermitian.gaussian(n, rnd);
        EnumSet<GradientKind> kinds = kinds(gradientKinds);
        ComplexFunctionList fl = ComplexFunctionList.parse(spec);
        assertTrue(fl.list());
        LanczosOptions opt = options(n);
        List<HermitianStepRecord[]> seen = new ArrayList<>();
        List<HermitianBilinearFormResult> all = HermitianBilinearForm.ofAll(fl.functions()).estimateAll(a, u, v, opt,
                kinds, (step, records) -> {
                    assertEquals(seen.size() + 1, step);
                    seen.add(records.toArray(new HermitianStepRecord[0]));
                });
        assertEquals(fl.size(), all.size());
        int longest = 0;
        boolean differentSteps = false;
        for (int i = 0; i < fl.size(); i++) {
            ComplexFunction f = fl.functions().get(i);
            HermitianBilinearFormResult one = HermitianBilinearForm.of(f).estimate(a, u, v, opt, kinds);
            HermitianBilinearFormResult r = all.get(i);
            String what = f.spec();
            assertEquals(f.spec(), r.function());
            assertEquals(Termination.CONVERGED, one.termination(), what + " single run");
            assertEquals(one.scaledValue(), r.scaledValue(), what);
            assertEquals(one.logScale(), r.logScale(), 0.0, what);
            assertEquals(one.steps(), r.steps(), what);
            assertEquals(one.matvecs(), r.matvecs(), what);
            assertEquals(one.termination(), r.termination(), what);
            assertEquals(one.errorEstimate(), r.errorEstimate(), 0.0, what);
            assertEquals(one.gradientErrorEstimate(), r.gradientErrorEstimate(), 0.0, what);
            assertEquals(one.history(), r.history(), what + " history");
            assertEquals(one.parameterGradient(), r.parameterGradient(), what + " dF/d" + fl.parameterName());
            assertEquals(one.runs().size(), r.runs().size());
            for (int c = 0; c < one.runs().size(); c++) {
                HermitianRun x = one.runs().get(c);
                HermitianRun y = r.runs().get(c);
                assertEquals(x.steps(), y.steps(), what + " run " + c);
                assertArrayEquals(x.hRe(), y.hRe(), what + " Re H run " + c);
                assertArrayEquals(x.hIm(), y.hIm(), what + " Im H run " + c);
            }
            if (kinds.contains(GradientKind.MATRIX)) {
                assertArrayEquals(one.patternGradient(), r.patternGradient(), what + " G");
                assertArrayEquals(one.entryGradient().realDirection(), r.entryGradient().realDirection(), what);
                assertArrayEquals(one.entryGradient().imaginaryDirection(), r.entryGradient().imaginaryDirection(),
                        what);
            } else {
                assertNull(r.patternGradient());
            }
            // the listener saw value i's records up to its own step, then null
            for (int k = 0; k < seen.size(); k++) {
                HermitianStepRecord s = seen.get(k)[i];
                if (k < r.steps()) {
                    assertEquals(r.history().get(k), s, what + " step " + (k + 1));
                } else {
                    assertNull(s, what + " stopped at " + r.steps());
                }
            }
            differentSteps |= i > 0 && r.steps() != all.get(0).steps();
            longest = Math.max(longest, r.steps());
        }
        assertEquals(longest, seen.size(), "the pass ends with the last value");
        if (!spec.contains("beta") && fl.size() > 3) {
            assertTrue(differentSteps, "the values stop at different steps (else the test shows little)");
        }
    }

    /** A t grid against the dense embedding: value and dF/dt per value. */
    @ParameterizedTest(name = "{0} {1} u=v:{2}")
    @CsvSource(delimiter = ';', value = {
        "bcsstk01; expi:t=1:1:50; false",
        "celegans; expi:t=0.05:0.05:2; false",
        "celegans; expi:t=0.1,0.5,1,2,5; true"})
    void gridAgainstDenseReference(String which, String spec, boolean same) {
        HermitianCsrMatrix a = operator(which);
        DenseHermitian d = DenseHermitian.of(a);
        int n = a.dimension();
        Random rnd = new Random(5);
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = same ? u.clone() : DenseHermitian.gaussian(n, rnd);
        ComplexFunctionList fl = ComplexFunctionList.parse(spec);
        List<HermitianBilinearFormResult> all = HermitianBilinearForm.ofAll(fl.functions()).estimateAll(a, u, v,
                options(n), EnumSet.of(GradientKind.PARAMETER), HermitianSweepListener.NONE);
        double worstValue = 0;
        double worstDerivative = 0;
        for (int i = 0; i < fl.size(); i++) {
            double t = fl.parameters().get(i).re();
            HermitianBilinearFormResult r = all.get(i);
            assertEquals(Termination.CONVERGED, r.termination(), fl.functions().get(i).spec());
            double[] ref = d.bilinear(DenseHermitian.exp(0.0, -t), u, v);
            double[] x = d.bilinear(DenseHermitian.xExp(0.0, -t), u, v);
            // d/dt u^H e^{-i t A} v = -i u^H A e^{-i t A} v
            double dre = x[1];
            double dim = -x[0];
            Complex val = r.value();
            Complex g = r.parameterGradientValue();
            double ev = Math.hypot(val.re() - ref[0], val.im() - ref[1]) / Math.hypot(ref[0], ref[1]);
            double eg = Math.hypot(g.re() - dre, g.im() - dim) / Math.hypot(dre, dim);
            worstValue = Math.max(worstValue, ev);
            worstDerivative = Math.max(worstDerivative, eg);
        }
        assertTrue(worstValue <= VALUE_REL, spec + ": largest value error " + worstValue);
        assertTrue(worstDerivative <= DERIVATIVE_REL, spec + ": largest dF/dt error " + worstDerivative);
    }

    @Test
    void listAndRangeSyntax() {
        ComplexFunctionList r = ComplexFunctionList.parse("expi:t=0.01:0.01:1");
        assertEquals(100, r.size());
        assertEquals("expi:t=0.01", r.first().spec());
        assertEquals("expi:t=1", r.functions().get(99).spec());
        assertEquals(0.07, r.parameters().get(6).re(), 0.0, "exact decimals, not 7 * 0.01");
        assertEquals("t", r.parameterName());
        ComplexFunctionList b = ComplexFunctionList.parse("exp:beta=-0.5i,0.1-2i,1");
        assertEquals(List.of(new Complex(0, -0.5), new Complex(0.1, -2), new Complex(1, 0)), b.parameters());
        assertEquals("beta", b.parameterName());
        assertFalse(b.isReal());
        assertTrue(ComplexFunctionList.parse("exp:beta=0.1,0.5").isReal());
        ComplexFunctionList one = ComplexFunctionList.parse("expi:t=0.5");
        assertFalse(one.list());
        assertEquals("expi:t=0.5", one.first().spec());
        ComplexFunctionList neg = ComplexFunctionList.parse("expi:t=5:-2.5:0");
        assertEquals(List.of(new Complex(5, 0), new Complex(2.5, 0), Complex.ZERO), neg.parameters());
        String msg = assertThrows(IllegalArgumentException.class,
                () -> ComplexFunctionList.parse("expi:t=0.1,0.2i")).getMessage();
        assertTrue(msg.contains("must be real"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> ComplexFunctionList.parse("expi:t=0.1,,0.2")).getMessage();
        assertTrue(msg.contains("empty value"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> ComplexFunctionList.parse("expi:t=0:0:1")).getMessage();
        assertTrue(msg.contains("STEP is 0"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> ComplexFunctionList.parse("exp:beta=0:1i:2")).getMessage();
        assertTrue(msg.contains("not a decimal"), msg);
        assertThrows(IllegalArgumentException.class, () -> ComplexFunctionList.parse("power:p=1,2"));
        assertThrows(IllegalArgumentException.class,
                () -> new HermitianFormEstimator(LanczosOptions.defaults(), EnumSet.noneOf(GradientKind.class))
                        .run(null, new Complex[0]));
    }
}
