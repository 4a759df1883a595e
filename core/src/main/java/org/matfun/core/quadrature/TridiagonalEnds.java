package org.matfun.core.quadrature;

import java.util.Arrays;

/**
 * The Ritz values of a symmetric tridiagonal T_k = S diag(lambda) S^T with only the first and the last row of
 * S: all that the k-point Gauss rule (weights (||v|| S(1, j))^2, DESIGN 2.2) and the Lanczos residual
 * beta_k e_k^T f(T_k) e_1 = beta_k sum_j S(k, j) f(lambda_j) S(1, j) need, without forming S.
 *
 * <p>IMPLEMENTATION NOTES: implicit QL with Wilkinson-type shifts (EISPACK {@code tql2}, in the form of JAMA's
 * {@code EigenvalueDecomposition.tql2}), applying each plane rotation to rows 1 and k of S only instead of all
 * k rows: O(k^2) flops with a small constant and O(k) memory, where {@link TridiagonalEigen} (dstevr) also
 * computes and stores all of S. Used by the driver every step; the full S is only formed when a gradient
 * needs it. Backward stable like tql2: Ritz values to O(k eps ||T_k||), S(1, j) and S(k, j) to O(k eps) where
 * the eigenvalues are separated (for clustered eigenvalues the individual components are not determined, but the
 * quadrature sums over a cluster are).
 *
 * @param k          order of T_k
 * @param ritzValues lambda_1 <= ... <= lambda_k, length k
 * @param first      S(1, j), length k
 * @param last       S(k, j), length k (the same array as {@code first} when k = 1)
 */
public record TridiagonalEnds(int k, double[] ritzValues, double[] first, double[] last) {

    private static final double EPS = Math.ulp(1.0);
    /** QL iterations allowed per eigenvalue before giving up (tql2 usually needs 1 to 3). */
    private static final int MAX_ITERATIONS = 60;

    /**
     * @param alphas diagonal, length >= k (first k used)
     * @param betas  off-diagonal, length >= k - 1 (first k - 1 used)
     * @param k      order, >= 1
     * @throws IllegalArgumentException if k < 1 or an entry is not finite
     * @throws IllegalStateException    if the QL iteration does not converge (then use {@link #of} on
     *                                  {@link TridiagonalEigen#decompose})
     */
    public static TridiagonalEnds compute(double[] alphas, double[] betas, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("tridiagonal order k = " + k + "; expected k >= 1");
        }
        double[] d = new double[k];
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            d[j] = alphas[j];
            if (!Double.isFinite(d[j])) {
                throw new IllegalArgumentException("alpha_" + (j + 1) + " = " + d[j] + "; expected finite");
            }
            if (j < k - 1) {
                e[j] = betas[j];
                if (!Double.isFinite(e[j])) {
                    throw new IllegalArgumentException("beta_" + (j + 1) + " = " + e[j] + "; expected finite");
                }
            }
        }
        double[] v0 = new double[k];
        double[] vk = new double[k];
        v0[0] = 1.0;
        vk[k - 1] = 1.0;
        ql(d, e, v0, vk, k);
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> Double.compare(d[x], d[y]));
        double[] lambda = new double[k];
        double[] first = new double[k];
        double[] last = new double[k];
        for (int j = 0; j < k; j++) {
            lambda[j] = d[order[j]];
            first[j] = v0[order[j]];
            last[j] = vk[order[j]];
        }
        return new TridiagonalEnds(k, lambda, first, last);
    }

    /** The first and last rows of a full decomposition. */
    public static TridiagonalEnds of(TridiagonalEigen e) {
        int k = e.k();
        double[] first = new double[k];
        double[] last = new double[k];
        for (int j = 0; j < k; j++) {
            first[j] = e.vector(0, j);
            last[j] = e.vector(k - 1, j);
        }
        return new TridiagonalEnds(k, e.ritzValues().clone(), first, last);
    }

    /** The same rows with other Ritz values (e.g. rounding-level negatives clamped to 0, DESIGN 2.6b). */
    public TridiagonalEnds withRitzValues(double[] lambda) {
        return new TridiagonalEnds(k, lambda, first, last);
    }

    /** Smallest Ritz value. */
    public double min() {
        return ritzValues[0];
    }

    /** Largest Ritz value. */
    public double max() {
        return ritzValues[k - 1];
    }

    /** ||T_k||_2 = max |lambda|. */
    public double norm() {
        return Math.max(Math.abs(ritzValues[0]), Math.abs(ritzValues[k - 1]));
    }

    /**
     * tql2 on d (diagonal) and e (e[i] couples d[i] and d[i + 1], e[k - 1] = 0); the rotations are applied to
     * the two tracked rows v0 and vk of the eigenvector matrix.
     */
    private static void ql(double[] d, double[] e, double[] v0, double[] vk, int n) {
        double f = 0.0;
        double tst1 = 0.0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) {
                m++;
            }
            if (m > l) {
                int iter = 0;
                do {
                    if (++iter > MAX_ITERATIONS) {
                        throw new IllegalStateException("implicit QL did not converge for eigenvalue " + (l + 1)
                                + " of T_" + n + " after " + MAX_ITERATIONS + " iterations");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * e[l]);
                    double r = hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        h = v0[i + 1];
                        v0[i + 1] = s * v0[i] + c * h;
                        v0[i] = c * v0[i] - s * h;
                        h = vk[i + 1];
                        vk[i + 1] = s * vk[i] + c * h;
                        vk[i] = c * vk[i] - s * h;
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > EPS * tst1);
            }
            d[l] += f;
            e[l] = 0.0;
        }
    }

    /** sqrt(a^2 + b^2) without overflow or underflow of the squares. */
    private static double hypot(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        if (x < y) {
            double t = x;
            x = y;
            y = t;
        }
        if (x == 0.0) {
            return 0.0;
        }
        double t = y / x;
        return x * Math.sqrt(1.0 + t * t);
    }
}
