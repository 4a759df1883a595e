package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * u^H f(A) v and its forward-only gradients for random sparse complex Hermitian A (seeded) against the dense
 * reference of {@link DenseHermitian}: value relative error <= 1e-12 once converged, gradient (dF/dRe, dF/dIm of
 * every stored entry, 2-norm) relative error <= 1e-9, parameter gradient <= 1e-9; u = v and u != v; expi at several
 * t (up to t ||A|| = 50), complex beta, real beta.
 */
class HermitianBilinearFormTest {

    private static final int N = 80;
    private static final double VALUE_REL = 1e-12;
    private static final double GRADIENT_REL = 1e-9;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        // spec, t ||A|| target (0: the spec is used as it is), u = v
        String[] specs = {"expi:t=0.5", "expi:t=3", "expi:t=TNORM50", "exp:beta=-0.5i", "exp:beta=0.1-2i",
            "exp:beta=0.7+1.5i", "exp:beta=2", "exp:beta=-1.3"};
        long seed = 100;
        for (String s : specs) {
            out.add(Arguments.of(s, true, seed++));
            out.add(Arguments.of(s, false, seed++));
        }
        return out.stream();
    }

    /** The problem of a seed: A (||A|| about 3), u, v. */
    private static Object[] problem(long seed, boolean same) {
        Random rnd = new Random(seed);
        HermitianCsrMatrix a = DenseHermitian.randomSparse(N, 6, 0.0, rnd);
        double[] u = DenseHermitian.gaussian(N, rnd);
        double[] v = same ? u.clone() : DenseHermitian.gaussian(N, rnd);
        return new Object[]{a, u, v};
    }

    private static ComplexFunction function(String spec, DenseHermitian d) {
        if (spec.contains("TNORM50")) {
            return ComplexFunction.expi(50.0 / d.norm());
        }
        return ComplexFunction.parse(spec);
    }

    @ParameterizedTest(name = "{0}, u=v: {1}")
    @MethodSource("cases")
    void valueAndGradientsMatchDenseReference(String spec, boolean same, long seed) {
        Object[] p = problem(seed, same);
        HermitianCsrMatrix a = (HermitianCsrMatrix) p[0];
        double[] u = (double[]) p[1];
        double[] v = (double[]) p[2];
        DenseHermitian d = DenseHermitian.of(a);
        ComplexFunction f = function(spec, d);
        Complex c = f.coefficient();
        LanczosOptions opt = LanczosOptions.defaults().withMaxSteps(300).withTolerance(1e-13)
                .withGradientTolerance(1e-11);
        HermitianBilinearFormResult r = HermitianBilinearForm.of(f).estimate(a, u, v, opt,
                EnumSet.of(GradientKind.MATRIX, GradientKind.PARAMETER));
        assertEquals(Termination.CONVERGED, r.termination(), spec);
        assertEquals(0.0, r.logScale(), "no scale needed at ||A|| ~ 3");
        double[] ref = d.bilinear(DenseHermitian.exp(c.re(), c.im()), u, v);
        Complex val = r.value();
        double valueErr = Math.hypot(val.re() - ref[0], val.im() - ref[1]) / Math.hypot(ref[0], ref[1]);
        assertTrue(valueErr <= VALUE_REL, spec + ": value error " + valueErr + " after " + r.steps() + " steps");
        assertTrue(r.errorEstimate() <= 1e-12, "estimate " + r.errorEstimate());

        double[][] g = d.entryGradient(a, c.re(), c.im(), u, v);
        HermitianEntryGradient eg = r.entryGradient();
        double gradErr = DenseHermitian.relError(concat(eg.realDirection(), eg.imaginaryDirection()),
                concat(g[0], g[1]));
        assertTrue(gradErr <= GRADIENT_REL, spec + ": gradient error " + gradErr + " after " + r.steps() + " steps");

        // dF/ds: d/dt e^{-itx} = -i x e^{-itx}; d/dbeta e^{beta x} = x e^{beta x}
        double[] xe = d.bilinear(DenseHermitian.xExp(c.re(), c.im()), u, v);
        Complex dref = f.parameter() == ComplexFunction.Parameter.T ? new Complex(xe[1], -xe[0])
                : new Complex(xe[0], xe[1]);
        Complex pg = r.parameterGradientValue();
        double pErr = pg.minus(dref).abs() / dref.abs();
        assertTrue(pErr <= GRADIENT_REL, spec + ": parameter gradient error " + pErr);
    }

    /** The dense reference's gradient against central differences of the dense value (checks the reference). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8, 9})
    void denseGradientMatchesCentralDifferences(long seed) {
        Random rnd = new Random(seed);
        int n = 14;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 6, 0.0, rnd);
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = DenseHermitian.gaussian(n, rnd);
        double cr = 0.3;
        double ci = -1.7;
        DenseHermitian d = DenseHermitian.of(a);
        double[][] g = d.entryGradient(a, cr, ci, u, v);
        double[] r0 = DenseHermitian.embedding(a);
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double h = 1e-5;
        int t = 0;
        int checked = 0;
        for (int p = 0; p < n; p++) {
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int q = col[e];
                if (q < p) {
                    continue;
                }
                for (int dir = 0; dir < (p == q ? 1 : 2); dir++) {
                    double[] plus = perturbed(r0, n, p, q, dir, h);
                    double[] minus = perturbed(r0, n, p, q, dir, -h);
                    double[] fp = DenseHermitian.ofEmbedding(plus, n).bilinear(DenseHermitian.exp(cr, ci), u, v);
                    double[] fm = DenseHermitian.ofEmbedding(minus, n).bilinear(DenseHermitian.exp(cr, ci), u, v);
                    double fdr = (fp[0] - fm[0]) / (2 * h);
                    double fdi = (fp[1] - fm[1]) / (2 * h);
                    double[] ref = dir == 0 ? g[0] : g[1];
                    double scale = Math.hypot(ref[2 * t], ref[2 * t + 1]) + 1.0;
                    // central differences: h^2 |f'''| truncation plus eps |F| / h rounding, both below 1e-7 here
                    assertEquals(ref[2 * t], fdr, 1e-7 * scale, "Re of d/d" + (dir == 0 ? "Re" : "Im") + " A" + p + q);
                    assertEquals(ref[2 * t + 1], fdi, 1e-7 * scale, "Im of d/d" + (dir == 0 ? "Re" : "Im") + " A" + p + q);
                    checked++;
                }
                t++;
            }
        }
        assertTrue(checked > n, "checked " + checked + " directions");
    }

    /**
     * The Lanczos gradient against central differences of the Lanczos value itself, the perturbation built through
     * HermitianCsrMatrix (E_pq = delta, E_qp = conj(delta)), independently of the real embedding.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22})
    void lanczosGradientMatchesCentralDifferencesOfLanczosValue(long seed) {
        Random rnd = new Random(seed);
        int n = 30;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 6, 0.0, rnd);
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = DenseHermitian.gaussian(n, rnd);
        ComplexFunction f = ComplexFunction.exp(new Complex(0.2, -2.5));
        LanczosOptions opt = LanczosOptions.defaults().withTolerance(1e-14).withGradientTolerance(1e-12)
                .withReorthogonalization(Reorthogonalization.FULL);
        HermitianBilinearFormResult r = HermitianBilinearForm.of(f).estimate(a, u, v, opt,
                EnumSet.of(GradientKind.MATRIX));
        HermitianEntryGradient g = r.entryGradient();
        double h = 1e-5;
        int checked = 0;
        for (int e = 0; e < g.size(); e += 3) {
            int p = g.rows()[e];
            int q = g.cols()[e];
            for (int dir = 0; dir < (p == q ? 1 : 2); dir++) {
                Complex fp = HermitianBilinearForm.of(f).estimate(shift(a, p, q, dir, h), u, v, opt).value();
                Complex fm = HermitianBilinearForm.of(f).estimate(shift(a, p, q, dir, -h), u, v, opt).value();
                Complex fd = fp.minus(fm).times(1 / (2 * h));
                Complex ref = dir == 0 ? g.realDirection(e) : g.imaginaryDirection(e);
                // h^2 |F'''| truncation and 1e-14 |F| / h from the stopping tolerance, both below 1e-7 here
                assertEquals(0.0, fd.minus(ref).abs(), 1e-7 * (1 + ref.abs()), "d/d" + (dir == 0 ? "Re" : "Im")
                        + " A(" + p + ", " + q + ")");
                checked++;
            }
        }
        assertTrue(checked >= 10, "checked " + checked);
    }

    /** A + h E for the real (dir 0) or imaginary (dir 1) direction of A_pq, p <= q, through the lower triangle. */
    private static HermitianCsrMatrix shift(HermitianCsrMatrix a, int p, int q, int dir, double h) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] re = a.realParts();
        double[] im = a.imaginaryParts();
        int m = 0;
        int[] r = new int[col.length];
        int[] c = new int[col.length];
        double[] vr = new double[col.length];
        double[] vi = new double[col.length];
        for (int i = 0; i < n; i++) {
            for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                int j = col[e];
                if (j > i) {
                    continue;
                }
                r[m] = i;
                c[m] = j;
                vr[m] = re[e];
                vi[m] = im[e];
                if (i == q && j == p) { // the stored lower entry A_qp = conj(A_pq)
                    if (dir == 0) {
                        vr[m] += h;
                    } else {
                        vi[m] -= h; // A_pq + i h  =>  A_qp - i h
                    }
                }
                m++;
            }
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, java.util.Arrays.copyOf(r, m), java.util.Arrays.copyOf(c, m),
                java.util.Arrays.copyOf(vr, m), java.util.Arrays.copyOf(vi, m));
    }

    /** R + h Phi(E) for E the real (dir 0) or imaginary (dir 1) direction of A_pq, p <= q. */
    private static double[] perturbed(double[] r, int n, int p, int q, int dir, double h) {
        int m = 2 * n;
        double[] x = r.clone();
        if (dir == 0) {
            x[p * m + q] += h;
            x[(n + p) * m + n + q] += h;
            if (p != q) {
                x[q * m + p] += h;
                x[(n + q) * m + n + p] += h;
            }
        } else {
            // E_pq = i h, E_qp = -i h: Im E (p, q) = h, (q, p) = -h
            x[(n + p) * m + q] += h;
            x[(n + q) * m + p] -= h;
            x[p * m + n + q] -= h;
            x[q * m + n + p] += h;
        }
        return x;
    }

    /** The complex polarization identity u^H M v = (1/4) sum_r (-i)^r (u + i^r v)^H M (u + i^r v), any dense M. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void polarizationIdentityHoldsForAnyMatrix(long seed) {
        Random rnd = new Random(seed);
        int n = 9;
        double[] mr = new double[n * n];
        double[] mi = new double[n * n];
        double mNorm = 0;
        for (int i = 0; i < n * n; i++) {
            mr[i] = rnd.nextGaussian();
            mi[i] = rnd.nextGaussian();
            mNorm += mr[i] * mr[i] + mi[i] * mi[i];
        }
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = DenseHermitian.gaussian(n, rnd);
        Complex direct = form(mr, mi, u, v, n);
        HermitianBilinearForm.Polarization pol = HermitianBilinearForm.Polarization.of(u, v);
        assertEquals(4, pol.blockSize());
        Complex sum = Complex.ZERO;
        for (int r = 0; r < 4; r++) {
            double[] z = new double[2 * n];
            for (int i = 0; i < n; i++) {
                z[2 * i] = pol.starts()[2 * (4 * i + r)];
                z[2 * i + 1] = pol.starts()[2 * (4 * i + r) + 1];
            }
            sum = sum.plus(pol.coefficients()[r].times(form(mr, mi, z, z, n)));
        }
        double scale = Math.sqrt(mNorm) * (norm2(u) + norm2(v)) * (norm2(u) + norm2(v));
        assertEquals(direct.re(), sum.re(), 64 * n * Math.ulp(1.0) * scale);
        assertEquals(direct.im(), sum.im(), 64 * n * Math.ulp(1.0) * scale);
        // and it is not the real identity: the imaginary part is nonzero
        assertTrue(Math.abs(direct.im()) > 1e3 * 64 * n * Math.ulp(1.0) * scale);
    }

    private static double norm2(double[] x) {
        double s = 0;
        for (double d : x) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** x^H M y. */
    private static Complex form(double[] mr, double[] mi, double[] x, double[] y, int n) {
        double sr = 0;
        double si = 0;
        for (int i = 0; i < n; i++) {
            double xr = x[2 * i];
            double xi = -x[2 * i + 1];
            for (int j = 0; j < n; j++) {
                double ar = mr[i * n + j] * y[2 * j] - mi[i * n + j] * y[2 * j + 1];
                double ai = mr[i * n + j] * y[2 * j + 1] + mi[i * n + j] * y[2 * j];
                sr += xr * ar - xi * ai;
                si += xr * ai + xi * ar;
            }
        }
        return new Complex(sr, si);
    }

    /** F is conjugate-linear in u: (i u)^H f(A) v = -i u^H f(A) v, through four different Lanczos runs. */
    @Test
    void conjugateLinearInU() {
        Object[] p = problem(31, false);
        HermitianCsrMatrix a = (HermitianCsrMatrix) p[0];
        double[] u = (double[]) p[1];
        double[] v = (double[]) p[2];
        double[] iu = new double[u.length];
        for (int i = 0; i < N; i++) {
            iu[2 * i] = -u[2 * i + 1];
            iu[2 * i + 1] = u[2 * i];
        }
        LanczosOptions opt = LanczosOptions.defaults().withTolerance(1e-13);
        HermitianBilinearForm form = HermitianBilinearForm.of(ComplexFunction.expi(1.3));
        Complex f1 = form.estimate(a, u, v, opt).value();
        Complex f2 = form.estimate(a, iu, v, opt).value();
        Complex expected = f1.times(new Complex(0, -1));
        assertEquals(0.0, f2.minus(expected).abs() / f1.abs(), 1e-12);
    }

    /**
     * u = e_0, v = e_{n-1} on a chain: the four polarization runs have bit-identical T_k (F_k = 0 exactly) until the
     * Krylov spaces of the two ends meet, and the value test stays off while they do; then F converges to the
     * dense value.
     */
    @Test
    void distantPairIsNotStoppedByMirroredRuns() {
        int n = 30;
        int[] r = new int[2 * n - 1];
        int[] c = new int[2 * n - 1];
        double[] re = new double[2 * n - 1];
        double[] im = new double[2 * n - 1];
        Random rnd = new Random(3);
        for (int i = 0; i < n; i++) {
            r[i] = i;
            c[i] = i;
            re[i] = 0.1 * rnd.nextGaussian();
        }
        for (int i = 1; i < n; i++) {
            double phi = 2 * Math.PI * rnd.nextDouble();
            r[n + i - 1] = i;
            c[n + i - 1] = i - 1;
            re[n + i - 1] = Math.cos(phi);
            im[n + i - 1] = Math.sin(phi);
        }
        HermitianCsrMatrix a = HermitianCsrMatrix.fromLowerTriangle(n, r, c, re, im);
        double[] u = new double[2 * n];
        double[] v = new double[2 * n];
        u[0] = 1;
        v[2 * (n - 1)] = 1;
        double t = 20;
        HermitianBilinearFormResult res = HermitianBilinearForm.of(ComplexFunction.expi(t)).estimate(a, u, v,
                LanczosOptions.defaults().withTolerance(1e-13));
        assertEquals(Termination.CONVERGED, res.termination());
        assertTrue(res.steps() > n / 2, "steps " + res.steps());
        assertEquals(Complex.ZERO, res.history().get(1).value(), "F_2 is exactly 0 (mirrored runs)");
        double[] ref = DenseHermitian.of(a).bilinear(DenseHermitian.exp(0, -t), u, v);
        assertTrue(Math.hypot(ref[0], ref[1]) > 1e-3, "a value of size " + Math.hypot(ref[0], ref[1]));
        assertEquals(0.0, Math.hypot(res.value().re() - ref[0], res.value().im() - ref[1]) / Math.hypot(ref[0], ref[1]),
                VALUE_REL);
    }

    /** FULL reorthogonalization: the same value and gradient (to the tolerance), in no more steps. */
    @Test
    void fullReorthogonalizationAgrees() {
        Object[] p = problem(41, false);
        HermitianCsrMatrix a = (HermitianCsrMatrix) p[0];
        DenseHermitian d = DenseHermitian.of(a);
        ComplexFunction f = ComplexFunction.expi(20.0 / d.norm());
        LanczosOptions opt = LanczosOptions.defaults().withTolerance(1e-13).withGradientTolerance(1e-10);
        HermitianBilinearFormResult none = HermitianBilinearForm.of(f).estimate(a, (double[]) p[1], (double[]) p[2],
                opt, EnumSet.of(GradientKind.MATRIX));
        HermitianBilinearFormResult full = HermitianBilinearForm.of(f).estimate(a, (double[]) p[1], (double[]) p[2],
                opt.withReorthogonalization(Reorthogonalization.FULL), EnumSet.of(GradientKind.MATRIX));
        assertEquals(Termination.CONVERGED, full.termination());
        assertTrue(full.steps() <= none.steps(), full.steps() + " > " + none.steps());
        assertEquals(0.0, full.value().minus(none.value()).abs() / none.value().abs(), 1e-12);
        assertTrue(DenseHermitian.relError(full.entryGradient().realDirection(), none.entryGradient().realDirection())
                <= 1e-9);
    }

    /** k = n on a small matrix: an invariant subspace, exact value and gradient. */
    @Test
    void invariantSubspaceIsExact() {
        Random rnd = new Random(5);
        int n = 12;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 8, 0.0, rnd);
        double[] u = DenseHermitian.gaussian(n, rnd);
        DenseHermitian d = DenseHermitian.of(a);
        ComplexFunction f = ComplexFunction.exp(new Complex(0.4, -3.0));
        HermitianBilinearFormResult r = HermitianBilinearForm.of(f).estimate(a, u, u,
                LanczosOptions.defaults().withTolerance(1e-300).withReorthogonalization(Reorthogonalization.FULL),
                EnumSet.of(GradientKind.MATRIX));
        assertEquals(Termination.INVARIANT_SUBSPACE, r.termination());
        assertEquals(n, r.steps());
        double[] ref = d.bilinear(DenseHermitian.exp(0.4, -3.0), u, u);
        assertEquals(0.0, Math.hypot(r.value().re() - ref[0], r.value().im() - ref[1]) / Math.hypot(ref[0], ref[1]),
                1e-13);
        double[][] g = d.entryGradient(a, 0.4, -3.0, u, u);
        assertTrue(DenseHermitian.relError(concat(r.entryGradient().realDirection(),
                r.entryGradient().imaginaryDirection()), concat(g[0], g[1])) <= 1e-11);
    }

    /** Scaling: exp(beta A) with Re(beta) lambda_max ~ 900 overflows; logAbsValue stays right, value() says so. */
    @Test
    void overflowIsScaledAndReported() {
        Object[] p = problem(51, true);
        HermitianCsrMatrix a = (HermitianCsrMatrix) p[0];
        double[] u = (double[]) p[1];
        DenseHermitian d = DenseHermitian.of(a);
        double br = 900.0 / d.lambda[2 * N - 1];
        ComplexFunction f = ComplexFunction.exp(new Complex(br, 0.5));
        HermitianBilinearFormResult r = HermitianBilinearForm.of(f).estimate(a, u, u,
                LanczosOptions.defaults().withTolerance(1e-13).withGradientTolerance(1e-10),
                EnumSet.of(GradientKind.MATRIX));
        assertEquals(Termination.CONVERGED, r.termination(), "after " + r.steps() + " steps, estimate "
                + r.errorEstimate() + ", gradient estimate " + r.gradientErrorEstimate());
        assertTrue(r.logScale() > 800, "logScale " + r.logScale());
        IllegalStateException e = assertThrows(IllegalStateException.class, r::value);
        assertTrue(e.getMessage().contains("exceeds the double range"), e.getMessage());
        // dense reference in the scale e^{L}, L = Re(beta) lambda_max(A) (exact top eigenvalue)
        double l = br * d.lambda[2 * N - 1];
        double[] ref = d.bilinear(x -> {
            double m = Math.exp(br * x - l);
            return new double[]{m * Math.cos(0.5 * x), m * Math.sin(0.5 * x)};
        }, u, u);
        Complex inRef = r.scaledValue().times(Math.exp(r.logScale() - l));
        // e^{beta lambda} has relative condition |beta lambda| ~ 900 with respect to lambda (rounded to eps ||A||)
        assertEquals(0.0, Math.hypot(inRef.re() - ref[0], inRef.im() - ref[1]) / Math.hypot(ref[0], ref[1]),
                64 * Math.ulp(1.0) * (1 + 900));
        for (double x : r.patternGradient()) {
            assertTrue(Double.isFinite(x));
        }
    }

    @Test
    void badVectorsAreRejectedWithTheirEntry() {
        Object[] p = problem(61, false);
        HermitianCsrMatrix a = (HermitianCsrMatrix) p[0];
        double[] u = (double[]) p[1];
        HermitianBilinearForm form = HermitianBilinearForm.of(ComplexFunction.expi(1));
        LanczosOptions opt = LanczosOptions.defaults();
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> form.estimate(a, u, new double[2 * N], opt));
        assertTrue(zero.getMessage().contains("v is the zero vector"), zero.getMessage());
        double[] bad = u.clone();
        bad[2 * 7 + 1] = Double.NaN;
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> form.estimate(a, bad, u, opt));
        assertTrue(nan.getMessage().contains("u[7] has imaginary part NaN"), nan.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> form.estimate(a, u, new double[N], opt));
        assertTrue(len.getMessage().contains("2 n = " + 2 * N), len.getMessage());
    }

    static double[] concat(double[] x, double[] y) {
        double[] z = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, z, x.length, y.length);
        return z;
    }
}
