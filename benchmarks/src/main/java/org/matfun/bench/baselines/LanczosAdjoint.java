package org.matfun.bench.baselines;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.TridiagonalEigen;

/**
 * BASELINE, not the product path (DESIGN 2.7): the gradient of the k-step Lanczos quadrature
 * F_k(A) = ||v||^2 e_1^T f(T_k) e_1 by reverse-mode differentiation through the Lanczos recurrence, as an
 * automatic-differentiation tool would compute it (Kraemer, Moreno-Munoz, Roy, Hauberg, "Gradients of
 * functions of large matrices", NeurIPS 2024; matfree's {@code lanczos_tridiag} adjoint), with or without
 * full reorthogonalization.
 *
 * <p>IMPLEMENTATION NOTES. Forward step j = 1..k (q_0 = 0, beta_0 = 0, q_1 = v / ||v||):
 * <pre>
 *   y = A q_j;  w = y - beta_{j-1} q_{j-1};  alpha_j = q_j . w;  r0 = w - alpha_j q_j;
 *   FULL only:  c1 = Q_j^T r0, r1 = r0 - Q_j c1;  c2 = Q_j^T r1, r2 = r1 - Q_j c2   (classical Gram-Schmidt twice)
 *   beta_j = ||r2||;  q_{j+1} = r2 / beta_j
 * </pre>
 * F_k depends on T_k only, with dF/dT_k = H = S (Gamma o b b^T) S^T (the forward-only H), hence the seeds
 * alphaBar_j = H_jj and betaBar_j = 2 H_{j,j+1}. The reverse sweep j = k..1 is the exact transpose of every
 * line above (the intermediate vectors r0, r1, w are rebuilt from the stored basis and c1, c2, which is
 * exact up to rounding); {@code y = A q_j} gives Abar += yBar_j q_j^T and qBar_j += A yBar_j, one matvec per
 * step (none at j = 1, where q_1 does not depend on A). So the adjoint costs 2k - 1 matvecs in all, keeps
 * Q_{k+1} and the k adjoint vectors yBar_j (16 n k bytes), and O(n k^2) more work with FULL.
 *
 * <p>The matrix gradient is Abar = sum_j yBar_j q_j^T (not symmetric); on a symmetric parameterization
 * the derivative with respect to edge weight w_pq (p != q) is Abar_pq + Abar_qp, as for the forward-only
 * G. Without reorthogonalization the adjoint vectors grow once orthogonality is lost, which is the
 * instability this baseline exists to show (DESIGN 2.3).
 */
public final class LanczosAdjoint {

    private final MatrixFunction f;
    private final boolean fullReorthogonalization;

    /**
     * @param f                       the function (plain scale: the benchmark problems do not overflow)
     * @param fullReorthogonalization reorthogonalize (and differentiate through it) or not
     */
    public LanczosAdjoint(MatrixFunction f, boolean fullReorthogonalization) {
        this.f = f;
        this.fullReorthogonalization = fullReorthogonalization;
    }

    /**
     * The value F_k and the adjoint Abar restricted to the nonzeros of A.
     *
     * @param value   F_k
     * @param pattern Abar_pq for every stored nonzero (p, q) of A, in CSR order (length nnz)
     * @param matvecs matrix-vector products with A used (forward and reverse)
     */
    public record Result(double value, double[] pattern, long matvecs) {
    }

    /**
     * Runs k forward steps and the reverse sweep.
     *
     * @param a the symmetric matrix, order n
     * @param v starting vector, length n, nonzero
     * @param k steps, 1 <= k <= n
     * @throws IllegalArgumentException if k is out of range or v has the wrong length
     * @throws IllegalStateException    on a Lanczos breakdown (beta_j = 0 before step k)
     */
    public Result run(CsrMatrix a, double[] v, int k) {
        int n = a.dimension();
        if (v.length != n || k < 1 || k > n) {
            throw new IllegalArgumentException("expected |v| = n = " + n + " and 1 <= k <= n, got |v| = "
                    + v.length + ", k = " + k);
        }
        double nv = Math.sqrt(dot(v, v));
        double[][] q = new double[k + 1][];
        double[] alphas = new double[k];
        double[] betas = new double[k];
        double[][] c1 = fullReorthogonalization ? new double[k][] : null;
        double[][] c2 = fullReorthogonalization ? new double[k][] : null;
        q[0] = new double[n];
        for (int i = 0; i < n; i++) {
            q[0][i] = v[i] / nv;
        }
        double[] wLast = null;
        for (int j = 0; j < k; j++) {
            double[] w = a.apply(q[j]);
            if (j > 0) {
                axpy(-betas[j - 1], q[j - 1], w);
            }
            alphas[j] = dot(q[j], w);
            if (j == k - 1) {
                wLast = w.clone();
            }
            axpy(-alphas[j], q[j], w);
            if (fullReorthogonalization) {
                c1[j] = projectOut(q, j + 1, w);
                c2[j] = projectOut(q, j + 1, w);
            }
            betas[j] = Math.sqrt(dot(w, w));
            if (j < k - 1 && betas[j] == 0.0) {
                throw new IllegalStateException("Lanczos breakdown at step " + (j + 1) + " (invariant subspace)");
            }
            for (int i = 0; i < n; i++) {
                w[i] /= betas[j];
            }
            q[j + 1] = w;
        }
        TridiagonalEigen eigen = TridiagonalEigen.decompose(alphas, betas, k);
        ScaledFunction fs = f.unscaled();
        double value = GaussQuadrature.of(eigen, nv).apply(fs);
        double[] h = ForwardOnlyGradient.hMatrix(eigen, nv, fs);

        double[] alphaBar = new double[k];
        double[] betaBar = new double[k];
        for (int j = 0; j < k; j++) {
            alphaBar[j] = h[j * k + j];
            if (j < k - 1) {
                betaBar[j] = 2.0 * h[j * k + j + 1];
            }
        }
        double[][] qBar = new double[k + 1][];
        for (int j = 0; j <= k; j++) {
            qBar[j] = fullReorthogonalization || j >= k - 1 ? new double[n] : null;
        }
        double[] yBar = new double[n * k];
        long matvecs = k;
        for (int j = k - 1; j >= 0; j--) {
            double[] r0Bar = new double[n];
            double[] r0;
            if (j < k - 1) {
                double beta = betas[j];
                double[] qn = q[j + 1];
                double[] r2Bar = new double[n];
                double qq = dot(qBar[j + 1], qn);
                double bb = betaBar[j] - qq / beta;
                for (int i = 0; i < n; i++) {
                    r2Bar[i] = qBar[j + 1][i] / beta + bb * qn[i];
                }
                double[] r2 = scaled(qn, beta);
                if (fullReorthogonalization) {
                    double[] r1 = r2.clone();
                    addCombination(q, j + 1, c2[j], r1);
                    double[] r1Bar = reverseProjection(q, qBar, j + 1, c2[j], r1, r2Bar);
                    r0 = r1.clone();
                    addCombination(q, j + 1, c1[j], r0);
                    r0Bar = reverseProjection(q, qBar, j + 1, c1[j], r0, r1Bar);
                } else {
                    r0 = r2;
                    r0Bar = r2Bar;
                }
            } else {
                r0 = null;
            }
            double[] w;
            if (r0 == null) {
                w = wLast;
            } else {
                w = r0;
                axpy(alphas[j], q[j], w);
            }
            // r0 = w - alpha_j q_j
            double[] wBar = r0Bar;
            alphaBar[j] -= dot(r0Bar, q[j]);
            axpy(-alphas[j], r0Bar, qBar[j]);
            // alpha_j = q_j . w
            axpy(alphaBar[j], w, qBar[j]);
            axpy(alphaBar[j], q[j], wBar);
            // w = y - beta_{j-1} q_{j-1}
            if (j > 0) {
                if (qBar[j - 1] == null) {
                    qBar[j - 1] = new double[n];
                }
                betaBar[j - 1] -= dot(wBar, q[j - 1]);
                axpy(-betas[j - 1], wBar, qBar[j - 1]);
                // y = A q_j: qBar_j += A yBar (q_1 is constant: no matvec at j = 0)
                axpy(1.0, a.apply(wBar), qBar[j]);
                matvecs++;
            }
            for (int i = 0; i < n; i++) {
                yBar[i * k + j] = wBar[i];
            }
            qBar[j + 1] = null;
        }
        return new Result(value, patternOf(a, yBar, q, k), matvecs);
    }

    /** Abar_pq = sum_j yBar_j[p] q_j[q] on the nonzeros of A (yBar n x k row-major). Cost O(nnz k). */
    private static double[] patternOf(CsrMatrix a, double[] y, double[][] q, int k) {
        int n = a.dimension();
        double[] qq = new double[n * k];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                qq[i * k + j] = q[j][i];
            }
            q[j] = null;
        }
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] out = new double[col.length];
        for (int p = 0; p < n; p++) {
            int po = p * k;
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int qo = col[e] * k;
                double s = 0.0;
                for (int j = 0; j < k; j++) {
                    s += y[po + j] * qq[qo + j];
                }
                out[e] = s;
            }
        }
        return out;
    }

    /** c = Q_m^T r; r -= Q_m c (one classical Gram-Schmidt pass over q_1..q_m); returns c. */
    private static double[] projectOut(double[][] q, int m, double[] r) {
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            c[i] = dot(q[i], r);
        }
        for (int i = 0; i < m; i++) {
            axpy(-c[i], q[i], r);
        }
        return c;
    }

    /** r += Q_m c. */
    private static void addCombination(double[][] q, int m, double[] c, double[] r) {
        for (int i = 0; i < m; i++) {
            axpy(c[i], q[i], r);
        }
    }

    /**
     * Transpose of out = in - Q_m c, c = Q_m^T in: given outBar, returns inBar and adds to qBar_i
     * -c_i outBar + cBar_i in, with cBar = -Q_m^T outBar.
     */
    private static double[] reverseProjection(double[][] q, double[][] qBar, int m, double[] c, double[] in,
                                              double[] outBar) {
        double[] inBar = outBar.clone();
        for (int i = 0; i < m; i++) {
            double cBar = -dot(q[i], outBar);
            axpy(cBar, q[i], inBar);
            axpy(-c[i], outBar, qBar[i]);
            axpy(cBar, in, qBar[i]);
        }
        return inBar;
    }

    private static double[] scaled(double[] x, double s) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = s * x[i];
        }
        return y;
    }

    static double dot(double[] x, double[] y) {
        double s = 0.0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += alpha * x[i];
        }
    }
}
