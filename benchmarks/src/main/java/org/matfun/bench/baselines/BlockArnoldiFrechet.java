package org.matfun.bench.baselines;

import org.matfun.core.operator.CsrMatrix;

/**
 * BASELINE, not the product path (DESIGN 2.7): the directional derivative
 * d/dtheta u^T f(A + theta E) u |_{theta=0} = u^T L_f(A, E) u by the Arnoldi method on the 2n x 2n block
 * matrix B = [[A, E], [0, A]] (Kressner and Oehme, "A novel Krylov subspace method for approximating Frechet
 * derivatives of large-scale matrix functions", ETNA 65 (2026) 110-122, the standard approach their
 * modified Arnoldi improves on).
 *
 * <p>IMPLEMENTATION NOTES. f(B) [0; u] = [L_f(A, E) u; f(A) u] (their eq. 1.2). Arnoldi on B from
 * v_1 = [0; u] / ||u|| (classical Gram-Schmidt applied twice, V_k of size 2n x k, Hessenberg H_k of size
 * k x k) gives f(B) [0; u] ~ ||u|| V_k f(H_k) e_1, so
 * <pre>
 *   u^T L_f(A, E) u ~ ||u|| sum_j (top half of v_j) . u  (f(H_k) e_1)_j .
 * </pre>
 * The bottom half of the same approximation is f(A) u, so u^T f(A) u comes for free. f(H_k) is evaluated
 * densely by {@link HessenbergFunction} (H_k is nonnormal: no eigendecomposition). Cost per step: one
 * product with A on each half plus one with E (2 nnz(A) + nnz(E) multiply-adds) and O(n j) for the
 * orthogonalization; memory 16 n k bytes. Only one direction E per run: all edge gradients would take one
 * run per edge.
 */
public final class BlockArnoldiFrechet {

    private final String function;
    private final double parameter;

    /**
     * @param function  exp, power or log ({@link HessenbergFunction#apply})
     * @param parameter beta of exp(beta x), p of x^p, ignored for log
     */
    public BlockArnoldiFrechet(String function, double parameter) {
        this.function = function;
        this.parameter = parameter;
    }

    /**
     * @param value      u^T f(A) u from the bottom half
     * @param derivative u^T L_f(A, E) u from the top half
     * @param matvecs    products with A (two per step; E products not counted)
     */
    public record Result(double value, double derivative, long matvecs) {
    }

    /**
     * @param a the symmetric matrix A, order n
     * @param e the direction E, order n (symmetric)
     * @param u length n, nonzero
     * @param k Arnoldi steps, 1 <= k <= 2n
     * @throws IllegalArgumentException if the shapes disagree or k is out of range
     * @throws IllegalStateException    at a breakdown before step k
     */
    public Result run(CsrMatrix a, CsrMatrix e, double[] u, int k) {
        int n = a.dimension();
        if (e.dimension() != n || u.length != n || k < 1 || k > 2 * n) {
            throw new IllegalArgumentException("expected orders n = " + n + ", |u| = n and 1 <= k <= 2n, got E of "
                    + e.dimension() + ", |u| = " + u.length + ", k = " + k);
        }
        int m = 2 * n;
        double nu = Math.sqrt(LanczosAdjoint.dot(u, u));
        double[][] v = new double[k + 1][];
        v[0] = new double[m];
        for (int i = 0; i < n; i++) {
            v[0][n + i] = u[i] / nu;
        }
        double[] h = new double[k * k]; // column-major, only the k x k leading block
        double[] top = new double[n];
        double[] bottom = new double[n];
        double[] tmp = new double[n];
        for (int j = 0; j < k; j++) {
            double[] w = new double[m];
            System.arraycopy(v[j], 0, top, 0, n);
            System.arraycopy(v[j], n, bottom, 0, n);
            a.apply(top, tmp, 1);
            System.arraycopy(tmp, 0, w, 0, n);
            e.apply(bottom, tmp, 1);
            for (int i = 0; i < n; i++) {
                w[i] += tmp[i];
            }
            a.apply(bottom, tmp, 1);
            System.arraycopy(tmp, 0, w, n, n);
            for (int pass = 0; pass < 2; pass++) {
                double[] c = new double[j + 1];
                for (int i = 0; i <= j; i++) {
                    c[i] = LanczosAdjoint.dot(v[i], w);
                }
                for (int i = 0; i <= j; i++) {
                    LanczosAdjoint.axpy(-c[i], v[i], w);
                    h[j * k + i] += c[i];
                }
            }
            double beta = Math.sqrt(LanczosAdjoint.dot(w, w));
            if (j < k - 1) {
                if (beta == 0.0) {
                    throw new IllegalStateException("Arnoldi breakdown at step " + (j + 1));
                }
                h[j * k + j + 1] = beta;
                for (int i = 0; i < m; i++) {
                    w[i] /= beta;
                }
                v[j + 1] = w;
            }
        }
        double[] fh = HessenbergFunction.apply(function, parameter, h, k);
        double derivative = 0.0;
        double value = 0.0;
        for (int j = 0; j < k; j++) {
            double coef = nu * fh[j]; // (f(H) e_1)_j, column 0
            double dTop = 0.0;
            double dBottom = 0.0;
            for (int i = 0; i < n; i++) {
                dTop += v[j][i] * u[i];
                dBottom += v[j][n + i] * u[i];
            }
            derivative += coef * dTop;
            value += coef * dBottom;
        }
        return new Result(value, derivative, 2L * k);
    }
}
