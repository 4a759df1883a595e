package org.matfun.bench.jmh;

import org.matfun.core.operator.SymmetricOperator;

/**
 * The in-memory Lanczos step as core ran it before the fused kernel (commit 541e017, InMemoryLanczos.step
 * without reorthogonalization): y = A q, then three passes over the n x B vectors (w -= beta q_prev with
 * alpha = q . w; w -= alpha q with ||w||^2; w /= beta). Benchmark reference only.
 */
final class ThreePassLanczos {

    private final SymmetricOperator a;
    private final int n;
    private final int bs;
    private double[] qPrev;
    private double[] q;
    private double[] spare;
    private final double[] betaPrev;

    ThreePassLanczos(SymmetricOperator a, double[] starts, int blockSize) {
        this.a = a;
        this.n = a.dimension();
        this.bs = blockSize;
        this.betaPrev = new double[bs];
        double[] sq = new double[bs];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < bs; b++) {
                sq[b] += starts[i * bs + b] * starts[i * bs + b];
            }
        }
        q = new double[n * bs];
        for (int i = 0; i < n; i++) {
            for (int b = 0; b < bs; b++) {
                q[i * bs + b] = starts[i * bs + b] / Math.sqrt(sq[b]);
            }
        }
        qPrev = new double[n * bs];
        spare = new double[n * bs];
    }

    /** One step; returns alpha_j + beta_j of column 0. */
    double step() {
        double[] w = spare;
        a.apply(q, w, bs);
        double[] alphas = new double[bs];
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                double x = w[o + b] - betaPrev[b] * qPrev[o + b];
                w[o + b] = x;
                alphas[b] += q[o + b] * x;
            }
        }
        double[] betas = new double[bs];
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                double x = w[o + b] - alphas[b] * q[o + b];
                w[o + b] = x;
                betas[b] += x * x;
            }
        }
        for (int b = 0; b < bs; b++) {
            betas[b] = Math.sqrt(betas[b]);
        }
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                w[o + b] = betas[b] > 0 ? w[o + b] / betas[b] : 0.0;
            }
        }
        spare = qPrev;
        qPrev = q;
        q = w;
        System.arraycopy(betas, 0, betaPrev, 0, bs);
        return alphas[0] + betas[0];
    }
}
