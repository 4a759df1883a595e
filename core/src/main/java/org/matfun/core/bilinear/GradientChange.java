package org.matfun.core.bilinear;

import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.Random;

/**
 * The edge-gradient change of DESIGN 2.5, ||H_k - pad(H_{k-10})||_F and ||H_k||_F, per run, in k x k
 * coordinates (no pass over the matrix).
 *
 * <p>IMPLEMENTATION NOTES: up to k = {@value #EXACT_LIMIT} H = S M S^T is formed (O(k^3), two BLAS products).
 * Beyond, forming H every 10 steps would dominate long runs (about 10^12 flops over 2000 steps), so the same
 * Frobenius norm is estimated from {@value #PROBES} seeded Gaussian probes, ||X||_F^2 = E ||X z||^2, each
 * X z = S (M (S^T z)) - pad(H_{k-10} z) costing O(k^2) (relative spread of the estimate about
 * sqrt(2 / PROBES) = 0.35, ample for an error estimate compared with a tolerance); and ||H_k||_F = ||M_k||_F
 * exactly, since S is orthogonal. Seeds depend only on the step and the run, so reruns and resumed runs agree.
 * Public so that the complex Hermitian driver measures the real and imaginary parts of its complex H with it.
 */
public final class GradientChange {

    /** Largest k for which H is formed explicitly. */
    static final int EXACT_LIMIT = 256;
    /** Probes of the randomized estimate. */
    static final int PROBES = 16;

    private final double[][] prevH;
    private final double[][] prevM;
    private final TridiagonalEigen[] prevEig;

    /** @param runs number B of runs, each measured against its own previous check */
    public GradientChange(int runs) {
        prevH = new double[runs][];
        prevM = new double[runs][];
        prevEig = new TridiagonalEigen[runs];
    }

    /**
     * @param factor e^{L_prev - L}: the previous H, M are in the previous check's scale
     * @return {||H_k - pad(factor H_prev)||_F^2, ||H_k||_F^2, 1 if there was a previous check else 0}
     */
    public double[] measure(int run, TridiagonalEigen e, double startNorm, ScaledFunction sf, double factor, int step) {
        int k = e.k();
        boolean comparable = prevH[run] != null || prevM[run] != null;
        if (k <= EXACT_LIMIT) {
            double[] h = ForwardOnlyGradient.hMatrix(e, startNorm, sf);
            double num = paddedDifference(h, k, prevH[run], factor);
            prevH[run] = h;
            prevM[run] = null;
            prevEig[run] = null;
            return new double[]{num, squaredNorm(h), comparable ? 1 : 0};
        }
        double[] m = ForwardOnlyGradient.mMatrix(e, startNorm, sf);
        double den = squaredNorm(m);
        double num = 0.0;
        Random rnd = new Random(0x9E3779B97F4A7C15L * step + run);
        for (int p = 0; p < PROBES; p++) {
            double[] z = new double[k];
            for (int i = 0; i < k; i++) {
                z[i] = rnd.nextGaussian();
            }
            double[] x = apply(e, m, z, k);
            if (comparable) {
                double[] prev = prevH[run] != null ? multiply(prevH[run], z) : apply(prevEig[run], prevM[run], z,
                        prevEig[run].k());
                for (int i = 0; i < prev.length; i++) {
                    x[i] -= factor * prev[i];
                }
            }
            num += squaredNorm(x);
        }
        num /= PROBES;
        prevH[run] = null;
        prevM[run] = m;
        prevEig[run] = e;
        return new double[]{num, den, comparable ? 1 : 0};
    }

    /** S M S^T z for the first kp entries of z (kp = order of S). */
    private static double[] apply(TridiagonalEigen e, double[] m, double[] z, int kp) {
        double[] y = new double[kp];
        for (int j = 0; j < kp; j++) {
            double s = 0.0;
            for (int i = 0; i < kp; i++) {
                s += e.vector(i, j) * z[i];
            }
            y[j] = s;
        }
        double[] my = multiply(m, y);
        double[] x = new double[kp];
        for (int j = 0; j < kp; j++) {
            double c = my[j];
            for (int i = 0; i < kp; i++) {
                x[i] += e.vector(i, j) * c;
            }
        }
        return x;
    }

    /** A z for a kp x kp row-major A and the first kp entries of z. */
    private static double[] multiply(double[] a, double[] z) {
        int kp = (int) Math.round(Math.sqrt(a.length));
        double[] y = new double[kp];
        for (int i = 0; i < kp; i++) {
            double s = 0.0;
            int o = i * kp;
            for (int j = 0; j < kp; j++) {
                s += a[o + j] * z[j];
            }
            y[i] = s;
        }
        return y;
    }

    /** ||H - pad(factor * previous)||_F^2, previous of order kPrev <= k padded with zeros. */
    static double paddedDifference(double[] h, int k, double[] previous, double factor) {
        if (previous == null) {
            return squaredNorm(h);
        }
        int kp = (int) Math.round(Math.sqrt(previous.length));
        double s = 0.0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double old = i < kp && j < kp ? factor * previous[i * kp + j] : 0.0;
                double d = h[i * k + j] - old;
                s += d * d;
            }
        }
        return s;
    }

    static double squaredNorm(double[] x) {
        double s = 0.0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }
}
