package org.matfun.core.bilinear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matfun.core.DenseReference;
import org.matfun.core.SharedMatrices;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectrumBounds;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16: lower <= exact <= upper at every Lanczos step, on real matrices of ../shared/data against a dense
 * eigendecomposition (LAPACK dsyev), for each function of the catalogue and both signs of beta, u = v and u != v
 * (polarization by interval arithmetic).
 *
 * <p>Margins: the bounds already include their own rounding margin ({@link QuadratureBounds#MARGIN_FACTOR}
 * (m + 1) eps sum_j w_j |f(x_j)|). The dense reference sum_j (U^T u)_j^2 f(lambda_j) has its own error: dsyev's
 * eigenvalues are exact for a matrix within c n eps ||A|| (backward stable), so f(lambda_j) is off by at most
 * |f'(lambda_j)| c n eps ||A||, and U^T u by c n eps ||u||. The test allows {@value #REF_FACTOR} n eps times the
 * reference scale sum_j (U^T u)_j^2 (|f(lambda_j)| + |lambda_j f'(lambda_j)|) on the exact value, and nothing
 * else.
 */
class GaussRadauBoundsTest {

    private static final double EPS = Math.ulp(1.0);
    private static final double REF_FACTOR = 1.0;
    private static final Map<String, CsrMatrix> MATRICES = new HashMap<>();
    private static final Map<String, DenseReference> REFS = new HashMap<>();

    static synchronized CsrMatrix matrix(String name) {
        return MATRICES.computeIfAbsent(name, m -> m.startsWith("graph:")
                ? SharedMatrices.read(m.substring(6), true) : SharedMatrices.read(m));
    }

    static synchronized DenseReference reference(String name) {
        return REFS.computeIfAbsent(name, m -> DenseReference.of(matrix(m)));
    }

    static Stream<Arguments> cases() {
        String bus = "suitesparse/1138_bus.mtx.gz";
        String graph = "graph:suitesparse/662_bus.mtx.gz";
        return Stream.of(
                Arguments.of(bus, "sqrt", "gershgorin", true, true),
                Arguments.of(bus, "power:p=0.5", "gershgorin", true, true),
                Arguments.of(bus, "power:p=2.5", "gershgorin", true, true),
                Arguments.of(bus, "exp:beta=-0.001", "gershgorin", true, true),
                Arguments.of(bus, "exp:beta=0.001", "gershgorin", true, true),
                Arguments.of(bus, "log", "gershgorin", true, false),
                Arguments.of(bus, "log", "dense-lower", true, true),
                Arguments.of(bus, "inverse", "gershgorin", true, false),
                Arguments.of(bus, "inverse", "dense-lower", true, true),
                Arguments.of(graph, "exp:beta=1", "gershgorin", true, true),
                Arguments.of(graph, "exp:beta=-1", "gershgorin", true, true),
                Arguments.of(graph, "exp:beta=1", "gershgorin", false, true),
                Arguments.of(graph, "exp:beta=-0.5", "gershgorin", false, true),
                Arguments.of(graph, "power:p=3", "gershgorin", true, true),
                Arguments.of(graph, "power:p=4", "gershgorin", false, true),
                Arguments.of("networks/karate.mtx.gz", "exp:beta=1", "gershgorin", true, true));
    }

    @ParameterizedTest(name = "{0} {1} spectrum {2} u=v {3}")
    @MethodSource("cases")
    void exactValueInsideIntervalAtEveryStep(String name, String spec, String spectrumKind, boolean same,
                                             boolean twoSided) {
        CsrMatrix a = matrix(name);
        DenseReference ref = reference(name);
        int n = a.dimension();
        Random rnd = new Random(name.hashCode() * 31L + spec.hashCode());
        double[] u = DenseReference.gaussian(n, rnd);
        double[] v = same ? u : DenseReference.gaussian(n, rnd);
        MatrixFunction f = MatrixFunction.parse(spec);
        SpectrumBounds s = SpectrumBounds.of(a);
        if (spectrumKind.equals("dense-lower")) {
            // a user interval: half the smallest eigenvalue of the dense reference, Gershgorin's upper end
            s = SpectrumBounds.user(0.5 * ref.lambda[0], s.upper());
        }
        assertTrue(s.lower() <= ref.lambda[0] && ref.lambda[n - 1] <= s.upper(), "spectrum bound " + s);
        ScaledFunction sf = f.unscaled();
        double exact = ref.bilinear(sf, u, v);
        double scale = referenceScale(ref, f, u, v);
        double refErr = REF_FACTOR * n * EPS * scale;
        BilinearFormResult r = BilinearForm.of(f).withSpectrum(s).estimate(a, u, v,
                LanczosOptions.defaults().withTolerance(1e-13).withMaxSteps(400),
                EnumSet.noneOf(GradientKind.class), StepListener.NONE);
        List<StepRecord> h = r.history();
        double worst = Double.NEGATIVE_INFINITY;
        int checked = 0;
        for (StepRecord rec : h) {
            ValueBounds b = rec.bounds();
            double lo = b.lower().value();
            double hi = b.upper().value();
            assertTrue(lo <= exact + refErr, String.format(Locale.ROOT,
                    "step %d: lower %.17g > exact %.17g (+ reference error %.2e), rule %s", rec.step(), lo, exact,
                    refErr, b.lowerRule()));
            assertTrue(exact - refErr <= hi, String.format(Locale.ROOT,
                    "step %d: upper %.17g < exact %.17g (- reference error %.2e), rule %s", rec.step(), hi, exact,
                    refErr, b.upperRule()));
            worst = Math.max(worst, Math.max(lo - exact, exact - hi) / scale);
            checked++;
        }
        ValueBounds fin = r.bounds();
        assertEquals(twoSided, fin.twoSided(), "two-sided? " + fin);
        if (!twoSided) {
            assertTrue(fin.note() != null && fin.note().startsWith("no "), fin.note());
            assertTrue(!fin.certified());
        }
        double gaussErr = Math.abs(r.value().value() - exact) / scale;
        System.out.printf(Locale.ROOT, "bounds %-34s %-16s %-11s u=v %-5s steps %4d %s width %.2e gaussErr %.2e"
                        + " worstSlack %.2e certified %s%n", name, spec, spectrumKind, same, checked, r.termination(),
                fin.relativeWidth(), gaussErr, worst, fin.certified());
    }

    /** sum_j |a_j b_j| (|f(lambda_j)| + |lambda_j f'(lambda_j)|), a = U^T u, b = U^T v. */
    private static double referenceScale(DenseReference ref, MatrixFunction f, double[] u, double[] v) {
        double[] cu = ref.coefficients(u);
        double[] cv = u == v ? cu : ref.coefficients(v);
        ScaledFunction sf = f.unscaled();
        double s = 0;
        for (int j = 0; j < ref.n; j++) {
            double x = Math.max(ref.lambda[j], f.domain() == org.matfun.core.function.Domain.REAL ? ref.lambda[j]
                    : Double.MIN_NORMAL);
            double fx = sf.value(x);
            double dfx = x * sf.derivative(x);
            if (!Double.isFinite(dfx)) {
                dfx = 0;
            }
            s += Math.abs(cu[j] * cv[j]) * (Math.abs(fx) + Math.abs(dfx));
        }
        return s;
    }
}
