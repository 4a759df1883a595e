package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.core.SharedMatrices;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real data (../shared/data): SuiteSparse matrices made complex Hermitian with seeded random phases on the
 * off-diagonal entries (A_pq = a_pq e^{i phi_pq}, A_qp = conj(A_pq), phi uniform in [0, 2 pi), scaled to ||A|| = 1), and the
 * magnetic adjacency and Laplacian of the directed, weighted C. elegans neural network at q = 0.25; against the
 * dense reference of {@link DenseHermitian}. At q = 0 the magnetic adjacency is the symmetrized real graph, and the
 * Hermitian code path must reproduce the real one (value and edge gradients).
 */
class HermitianRealDataTest {

    private static final double VALUE_REL = 1e-12;
    private static final double GRADIENT_REL = 1e-9;

    /** The lower triangle of a real symmetric matrix with random phases, divided by its largest |eigenvalue|. */
    static HermitianCsrMatrix withPhases(CsrMatrix a, long seed, double scale) {
        Random rnd = new Random(seed);
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.values();
        int m = 0;
        int[] r = new int[col.length];
        int[] c = new int[col.length];
        double[] re = new double[col.length];
        double[] im = new double[col.length];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                if (j > i) {
                    continue;
                }
                double phi = j == i ? 0.0 : 2 * Math.PI * rnd.nextDouble();
                r[m] = i;
                c[m] = j;
                re[m] = val[p] / scale * Math.cos(phi);
                im[m++] = j == i ? 0.0 : val[p] / scale * Math.sin(phi);
            }
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, Arrays.copyOf(r, m), Arrays.copyOf(c, m), Arrays.copyOf(re, m),
                Arrays.copyOf(im, m));
    }

    private static String lastChanges(HermitianBilinearFormResult r) {
        StringBuilder b = new StringBuilder();
        for (HermitianStepRecord s : r.history()) {
            if (!Double.isNaN(s.gradientErrorEstimate()) && s.step() > r.steps() - 100) {
                b.append(s.step()).append(':').append(String.format("%.1e", s.gradientErrorEstimate())).append(' ');
            }
        }
        return b.toString();
    }

    /** One case: the value and the entry gradient against the dense reference. */
    private static void check(String what, HermitianCsrMatrix a, DenseHermitian d, ComplexFunction f, boolean same,
                              long seed) {
        int n = a.dimension();
        Random rnd = new Random(seed);
        double[] u = DenseHermitian.gaussian(n, rnd);
        double[] v = same ? u.clone() : DenseHermitian.gaussian(n, rnd);
        LanczosOptions opt = LanczosOptions.defaults().withMaxSteps(400).withTolerance(1e-13)
                .withGradientTolerance(1e-11);
        HermitianBilinearFormResult r = HermitianBilinearForm.of(f).estimate(a, u, v, opt,
                EnumSet.of(GradientKind.MATRIX, GradientKind.PARAMETER));
        assertEquals(Termination.CONVERGED, r.termination(), what + " " + f.spec() + ": after " + r.steps()
                + " steps, value estimate " + r.errorEstimate() + ", gradient estimate " + r.gradientErrorEstimate()
                + ", last gradient changes " + lastChanges(r));
        Complex c = f.coefficient();
        double[] ref = d.bilinear(DenseHermitian.exp(c.re(), c.im()), u, v);
        double valueErr = Math.hypot(r.value().re() - ref[0], r.value().im() - ref[1]) / Math.hypot(ref[0], ref[1]);
        assertTrue(valueErr <= VALUE_REL, what + " " + f.spec() + ": value error " + valueErr);
        double[][] g = d.entryGradient(a, c.re(), c.im(), u, v);
        double gradErr = DenseHermitian.relError(
                HermitianBilinearFormTest.concat(r.entryGradient().realDirection(),
                        r.entryGradient().imaginaryDirection()),
                HermitianBilinearFormTest.concat(g[0], g[1]));
        assertTrue(gradErr <= GRADIENT_REL, what + " " + f.spec() + ": gradient error " + gradErr);
    }

    /** t ||A|| up to 50 (||A|| = 1 after scaling), complex and real beta. */
    @ParameterizedTest(name = "{0} {1} u=v: {2}")
    @CsvSource({
        "suitesparse/bcsstk01.mtx.gz, expi:t=2, true",
        "suitesparse/bcsstk01.mtx.gz, expi:t=50, false",
        "suitesparse/bcsstk01.mtx.gz, exp:beta=0.1-2i, false",
        "suitesparse/bcsstk01.mtx.gz, exp:beta=3, true",
        "suitesparse/494_bus.mtx.gz, expi:t=50, true",
        "suitesparse/494_bus.mtx.gz, exp:beta=-1+5i, false"})
    void suiteSparseWithRandomPhases(String file, String spec, boolean same) {
        CsrMatrix real = SharedMatrices.read(file);
        double rho = DenseHermitian.of(withPhases(real, 2024, 1.0)).norm();
        HermitianCsrMatrix a = withPhases(real, 2024, rho);
        DenseHermitian d = DenseHermitian.of(a);
        assertEquals(1.0, d.norm(), 1e-12, "scaled to ||A|| = 1");
        check(file.substring(12, file.indexOf('.')), a, d, ComplexFunction.parse(spec), same, 7);
    }

    /** C. elegans, q = 0.25: e^{-i t H} with t ||H|| = 50, e^{beta L} with complex beta (heat kernel with a phase). */
    @Test
    void celegansMagneticOperators() {
        NewmanGml g = NewmanGml.read("networks/celegansneural.gml.gz");
        HermitianCsrMatrix h = MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), 0.25);
        DenseHermitian dh = DenseHermitian.of(h);
        check("celegans H", h, dh, ComplexFunction.expi(50.0 / dh.norm()), false, 11);
        check("celegans H", h, dh, ComplexFunction.expi(5.0 / dh.norm()), true, 12);
        HermitianCsrMatrix l = MagneticOperator.laplacian(g.src(), g.dst(), g.w(), g.n(), 0.25);
        DenseHermitian dl = DenseHermitian.of(l);
        double s = 1.0 / dl.norm();
        check("celegans L", l, dl, ComplexFunction.exp(new Complex(-5 * s, -20 * s)), false, 13);
        check("celegans L", l, dl, ComplexFunction.exp(-10 * s), true, 14);
    }

    /**
     * q = 0: the magnetic adjacency is the symmetrized graph; with real u, v and real f the Hermitian path (four
     * complex polarization runs) gives the real path's value (two real runs) to 1e-12, and dF/dRe(A_pq) its edge
     * derivatives G_pq + G_qp; dF/dIm(A_pq) = i (G_pq - G_qp) with G the unsymmetrized dense gradient of
     * u^T f(A) v (the real code delivers only the symmetric part, which is all a real symmetric A needs); the parts
     * that must vanish (Im dF/dRe, Re dF/dIm) are zero to the same relative level.
     */
    @Test
    void chargeZeroMatchesTheRealCodePath() {
        NewmanGml g = NewmanGml.read("networks/celegansneural.gml.gz");
        HermitianCsrMatrix h = MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), 0.0);
        CsrMatrix s = MagneticOperatorTest.symmetrized(g);
        int n = g.n();
        Random rnd = new Random(5);
        double[] u = new double[n];
        double[] v = new double[n];
        double[] uc = new double[2 * n];
        double[] vc = new double[2 * n];
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextGaussian();
            v[i] = rnd.nextGaussian();
            uc[2 * i] = u[i];
            vc[2 * i] = v[i];
        }
        double beta = 2.0 / DenseHermitian.of(h).norm();
        LanczosOptions opt = LanczosOptions.defaults().withTolerance(1e-13).withGradientTolerance(1e-11);
        BilinearFormResult real = BilinearForm.of(MatrixFunction.exp(beta)).estimate(s, u, v, opt,
                EnumSet.of(GradientKind.MATRIX), StepListener.NONE);
        HermitianBilinearFormResult herm = HermitianBilinearForm.of(ComplexFunction.exp(beta)).estimate(h, uc, vc, opt,
                EnumSet.of(GradientKind.MATRIX));
        double fr = real.value().value();
        assertEquals(0.0, Math.abs(herm.value().re() - fr) / Math.abs(fr), 1e-12);
        assertEquals(0.0, herm.value().im() / Math.abs(fr), 1e-12);
        double[] edge = ForwardOnlyGradient.edgeDerivatives(s, real.patternGradient());
        // the unsymmetrized dense gradient of u^T f(A) v (the real code's G is symmetrized: its runs are quadratic)
        double[] gDense = org.matfun.core.DenseReference.of(s).matrixGradient(MatrixFunction.exp(beta).unscaled(), u,
                v);
        HermitianEntryGradient eg = herm.entryGradient();
        double[] mine = new double[2 * eg.size()];
        double[] theirs = new double[2 * eg.size()];
        double[] spurious = new double[2 * eg.size()];
        for (int e = 0; e < eg.size(); e++) {
            int p = eg.rows()[e];
            int q = eg.cols()[e];
            // dF/dRe = G_pq + G_qp (real); dF/dIm = i (G_pq - G_qp): purely imaginary for real u, v, A, f (an
            // imaginary antisymmetric perturbation moves the real u^T f(A) v off the real axis when u != v)
            mine[2 * e] = eg.realDirection(e).re();
            theirs[2 * e] = edge[s.position(p, q)];
            mine[2 * e + 1] = eg.imaginaryDirection(e).im();
            theirs[2 * e + 1] = p == q ? 0.0 : gDense[p * n + q] - gDense[q * n + p];
            spurious[2 * e] = eg.realDirection(e).im();
            spurious[2 * e + 1] = eg.imaginaryDirection(e).re();
        }
        double err = DenseHermitian.relError(mine, theirs);
        assertTrue(err <= 1e-9, "edge gradient difference " + err);
        double norm = 0;
        double imagNorm = 0;
        for (int e = 0; e < mine.length; e++) {
            norm += theirs[e] * theirs[e];
            imagNorm += spurious[e] * spurious[e];
        }
        assertTrue(Math.sqrt(imagNorm / norm) <= 1e-9, "parts that must vanish: " + Math.sqrt(imagNorm / norm));
        double antisymmetric = 0;
        for (int e = 1; e < theirs.length; e += 2) {
            antisymmetric += theirs[e] * theirs[e];
        }
        assertTrue(Math.sqrt(antisymmetric / norm) > 1e-3, "the imaginary direction is exercised");
    }
}
