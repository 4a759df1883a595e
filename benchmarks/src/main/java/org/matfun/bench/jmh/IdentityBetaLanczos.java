package org.matfun.bench.jmh;

import org.matfun.core.operator.CsrMatrix;

/**
 * A Lanczos step with one pass fewer than core's (benchmark only, not used by the product): its fused product
 * (the loop of SparseKernels.lanczosRows) also accumulates ||w||^2 and ||q||^2, so beta_j^2 = ||w||^2 - 2 alpha_j^2
 * + alpha_j^2 ||q||^2 without forming w - alpha_j q first, and q_{j+1} = (w - alpha_j q_j) / beta_j is a single
 * pass. Falls back to the explicit norm when the difference cancels (below 1/16 of ||w||^2). Its rounding
 * differs from core's step, which is why core does not use it (docs/benchmarks-kernels.md).
 */
final class IdentityBetaLanczos {

    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] values;
    private final int n;
    private final int bs;
    private double[] qPrev;
    private double[] q;
    private double[] spare;
    private final double[] betaPrev;
    private final double[] dots;

    IdentityBetaLanczos(CsrMatrix a, double[] starts, int blockSize) {
        this.rowPtr = a.rowPointers();
        this.colIdx = a.columnIndices();
        this.values = a.values();
        this.n = a.dimension();
        this.bs = blockSize;
        this.betaPrev = new double[bs];
        this.dots = new double[3 * bs];
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

    /** w = A q - q_prev diag(betaPrev); dots = (q . w, ||w||^2, ||q||^2) per column. */
    private void fusedProduct(double[] w) {
        java.util.Arrays.fill(dots, 0.0);
        if (bs == 1) {
            double bp = betaPrev[0];
            double qw = 0.0;
            double ww = 0.0;
            double qq = 0.0;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * q[colIdx[p]];
                }
                double x = s - bp * qPrev[i];
                w[i] = x;
                double qi = q[i];
                qw += qi * x;
                ww += x * x;
                qq += qi * qi;
            }
            dots[0] = qw;
            dots[1] = ww;
            dots[2] = qq;
            return;
        }
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                double s = 0.0;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * q[colIdx[p] * bs + b];
                }
                double x = s - betaPrev[b] * qPrev[o + b];
                w[o + b] = x;
                double qi = q[o + b];
                dots[b] += qi * x;
                dots[bs + b] += x * x;
                dots[2 * bs + b] += qi * qi;
            }
        }
    }

    /** One step; returns alpha_j + beta_j of column 0. */
    double step() {
        double[] w = spare;
        fusedProduct(w);
        double[] alphas = new double[bs];
        double[] betas = new double[bs];
        boolean explicit = false;
        for (int b = 0; b < bs; b++) {
            double al = dots[b];
            alphas[b] = al;
            betas[b] = dots[bs + b] - 2.0 * al * al + al * al * dots[2 * bs + b];
            explicit |= !(betas[b] >= dots[bs + b] / 16.0);
        }
        if (explicit) {
            java.util.Arrays.fill(betas, 0.0);
            for (int i = 0; i < n; i++) {
                int o = i * bs;
                for (int b = 0; b < bs; b++) {
                    double x = w[o + b] - alphas[b] * q[o + b];
                    w[o + b] = x;
                    betas[b] += x * x;
                }
            }
            for (int b = 0; b < bs; b++) {
                alphas[b] = 0.0;
            }
        }
        double[] scale = new double[bs];
        for (int b = 0; b < bs; b++) {
            betas[b] = Math.sqrt(betas[b]);
            scale[b] = betas[b] > 0 ? 1.0 / betas[b] : 0.0;
        }
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                w[o + b] = (w[o + b] - alphas[b] * q[o + b]) * scale[b];
            }
        }
        spare = qPrev;
        qPrev = q;
        q = w;
        System.arraycopy(betas, 0, betaPrev, 0, bs);
        return dots[0] + betas[0];
    }
}
