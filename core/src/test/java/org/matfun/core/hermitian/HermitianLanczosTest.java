package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HermitianLanczos}: the three-term relation A Q_k = Q_k T_k + beta_k q_{k+1} e_k^T with complex Q_k, real
 * alphas and positive betas, orthonormality with FULL, breakdown, and its use through the real
 * {@link org.matfun.core.lanczos.LanczosRecurrence} interface by {@link BilinearFormEstimator}.
 */
class HermitianLanczosTest {

    private static final double EPS = Math.ulp(1.0);

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void threeTermRelationHolds(long seed) {
        Random rnd = new Random(seed);
        int n = 60;
        int k = 25;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 6, 0.0, rnd);
        int bs = 2;
        double[] starts = DenseHermitian.gaussian(n * bs, rnd);
        HermitianLanczos lz = new HermitianLanczos(a, starts, bs, Reorthogonalization.NONE, true);
        double[][] alphas = new double[bs][k + 1];
        double[][] betas = new double[bs][k + 1];
        for (int j = 0; j <= k; j++) {
            LanczosStep s = lz.step();
            for (int b = 0; b < bs; b++) {
                alphas[b][j] = s.alphas()[b];
                betas[b][j] = s.betas()[b];
                assertTrue(s.betas()[b] > 0);
            }
        }
        double aNorm = DenseHermitian.of(a).norm();
        for (int b = 0; b < bs; b++) {
            double[] q = lz.basis(b, k + 1);
            double[] aq = new double[2 * n];
            for (int j = 0; j < k; j++) {
                double[] qj = column(q, n, k + 1, j);
                a.apply(qj, aq, 1);
                for (int i = 0; i < n; i++) {
                    for (int part = 0; part < 2; part++) {
                        double t = alphas[b][j] * qj[2 * i + part] + betas[b][j] * q[2 * (i * (k + 1) + j + 1) + part]
                                + (j > 0 ? betas[b][j - 1] * q[2 * (i * (k + 1) + j - 1) + part] : 0.0);
                        assertEquals(aq[2 * i + part], t, 64 * EPS * aNorm, "run " + b + ", step " + (j + 1));
                    }
                }
            }
            // alpha_j = q_j^H A q_j is real: its imaginary part is rounding
            double[] q0 = column(q, n, k + 1, 3);
            a.apply(q0, aq, 1);
            double im = 0;
            for (int i = 0; i < n; i++) {
                im += q0[2 * i] * aq[2 * i + 1] - q0[2 * i + 1] * aq[2 * i];
            }
            assertEquals(0.0, im, 16 * n * EPS * aNorm);
        }
        assertEquals((long) bs * (k + 1), lz.matvecs());
    }

    private static double[] column(double[] q, int n, int k, int j) {
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = q[2 * (i * k + j)];
            x[2 * i + 1] = q[2 * (i * k + j) + 1];
        }
        return x;
    }

    /** FULL: Q^H Q = I to rounding, and k = n ends in a breakdown (invariant subspace). */
    @Test
    void fullReorthogonalizationAndBreakdown() {
        Random rnd = new Random(9);
        int n = 20;
        HermitianCsrMatrix a = DenseHermitian.randomSparse(n, 8, 0.0, rnd);
        HermitianLanczos lz = new HermitianLanczos(a, DenseHermitian.gaussian(n, rnd), 1, Reorthogonalization.FULL,
                false);
        int steps = 0;
        boolean finished = false;
        while (!finished && steps < 2 * n) {
            finished = lz.step().finished()[0];
            steps++;
        }
        assertTrue(finished);
        assertEquals(n, steps);
        double[] q = lz.basis(0, n);
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < n; l++) {
                double sr = 0;
                double si = 0;
                for (int i = 0; i < n; i++) {
                    double ar = q[2 * (i * n + j)];
                    double ai = -q[2 * (i * n + j) + 1];
                    double br = q[2 * (i * n + l)];
                    double bi = q[2 * (i * n + l) + 1];
                    sr += ar * br - ai * bi;
                    si += ar * bi + ai * br;
                }
                assertEquals(j == l ? 1.0 : 0.0, sr, 16 * n * EPS);
                assertEquals(0.0, si, 16 * n * EPS);
            }
        }
        assertFalse(lz.step().active()[0]);
    }

    /**
     * The recurrence through the real interface: BilinearFormEstimator drives HermitianLanczos for a real f and
     * u = v. On a real symmetric A stored as Hermitian (im = 0) with a real v, the alphas and betas, hence every
     * step, are those of the real code (InMemoryLanczos): the same value to rounding and the same number of steps.
     * On a complex A the value agrees with HermitianBilinearForm (the complex driver) and the dense reference.
     */
    @Test
    void realEstimatorDrivesTheHermitianRecurrence() {
        Random rnd = new Random(17);
        int n = 70;
        CsrMatrix real = org.matfun.core.DenseReference.randomSparse(n, 6, 0.0, rnd);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        HermitianCsrMatrix asHermitian = asHermitian(real);
        double[] vc = new double[2 * n];
        for (int i = 0; i < n; i++) {
            vc[2 * i] = v[i];
        }
        LanczosOptions opt = LanczosOptions.defaults().withTolerance(1e-13);
        MatrixFunction f = MatrixFunction.exp(0.8);
        BilinearFormResult viaReal = BilinearForm.of(f).estimate(real, v, v, opt);
        BilinearFormResult viaHermitian = new BilinearFormEstimator(f, opt, EnumSet.noneOf(GradientKind.class))
                .run(new HermitianLanczos(asHermitian, vc, 1, Reorthogonalization.NONE, false), new double[]{1.0},
                        StepListener.NONE);
        assertEquals(viaReal.steps(), viaHermitian.steps());
        assertEquals(viaReal.value().value(), viaHermitian.value().value(),
                64 * EPS * Math.abs(viaReal.value().value()));

        HermitianCsrMatrix complex = DenseHermitian.randomSparse(n, 6, 0.0, rnd);
        double[] u = DenseHermitian.gaussian(n, rnd);
        BilinearFormResult est = new BilinearFormEstimator(f, opt, EnumSet.noneOf(GradientKind.class))
                .run(new HermitianLanczos(complex, u, 1, Reorthogonalization.NONE, false), new double[]{1.0},
                        StepListener.NONE);
        HermitianBilinearFormResult own = HermitianBilinearForm.of(ComplexFunction.exp(0.8)).estimate(complex, u, u,
                opt);
        assertEquals(Termination.CONVERGED, est.termination());
        double[] ref = DenseHermitian.of(complex).bilinear(DenseHermitian.exp(0.8, 0), u, u);
        assertEquals(0.0, Math.abs(est.value().value() - ref[0]) / Math.abs(ref[0]), 1e-12);
        assertEquals(0.0, Math.abs(own.value().re() - ref[0]) / Math.abs(ref[0]), 1e-12);
        assertEquals(0.0, own.value().im(), 1e-12 * Math.abs(ref[0]));
    }

    static HermitianCsrMatrix asHermitian(CsrMatrix a) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.values();
        int[] rows = new int[col.length];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                rows[p] = i;
            }
        }
        return HermitianCsrMatrix.fromCoordinates(n, rows, col, val, new double[col.length]);
    }

    @Test
    void badStartsAreRejected() {
        HermitianCsrMatrix a = DenseHermitian.randomSparse(5, 2, 0.0, new Random(1));
        double[] s = new double[10];
        s[7] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HermitianLanczos(a, s, 1, Reorthogonalization.NONE, false));
        assertTrue(e.getMessage().contains("entry 3 with imaginary part Infinity"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HermitianLanczos(a, new double[9], 1,
                Reorthogonalization.NONE, false));
        HermitianLanczos noBasis = new HermitianLanczos(a, new double[10], 1, Reorthogonalization.NONE, false);
        assertThrows(IllegalStateException.class, () -> noBasis.basis(0, 1));
    }
}
