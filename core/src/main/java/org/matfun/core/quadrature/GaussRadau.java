package org.matfun.core.quadrature;

/**
 * The (k+1)-point Gauss-Radau rule of a Lanczos decomposition with one node fixed at z (Golub and Meurant,
 * <i>Matrices, Moments and Quadrature with Applications</i>, Princeton 2010, Sec. 6.2, and Golub and Meurant,
 * "Matrices, moments and quadrature", 1994, Sec. 3.2): T_k is extended by one row and column to
 *
 * <pre>
 *   T~_{k+1} = [ T_k          beta_k e_k ]      alpha~_{k+1} = z + beta_k^2 / d_k,
 *              [ beta_k e_k^T  alpha~    ]
 * </pre>
 *
 * where d_k = 1 / (e_k^T (T_k - z I)^{-1} e_k) is the last pivot of the LDL^T factorization of T_k - z I
 * (d_1 = alpha_1 - z, d_i = alpha_i - z - beta_{i-1}^2 / d_{i-1}), so that z is an eigenvalue of T~_{k+1}. The
 * rule ||v||^2 e_1^T f(T~_{k+1}) e_1 is exact for polynomials of degree <= 2k and its error is
 * f^(2k+1)(eta) / (2k+1)! times the integral of (x - z) prod_j (x - lambda_j)^2, so with z at an end of the
 * spectrum it is a one-sided bound when f^(2k+1) has a constant sign there.
 *
 * <p>Cost: O(k) for the pivots, plus the first row of the eigenvectors of T~_{k+1} by implicit QL
 * ({@link TridiagonalEnds}), O(k^2) like the Gauss rule itself. z must lie outside the open interval spanned by
 * the Ritz values of T_k, where T_k - z I is definite and the pivots need no pivoting.
 */
public final class GaussRadau {

    private GaussRadau() {
    }

    /**
     * A Gauss-Radau rule with its fixed node's weight computed twice: {@code rule.weights()[fixedIndex]} from the
     * eigenvectors of T~_{k+1} (implicit QL, accurate to absolute eps) and {@code christoffelWeight} from the
     * orthonormal polynomials at z (accurate to relative eps for z outside the Ritz values). Callers that need a
     * rigorous rounding margin use their difference (see {@link #extension}).
     *
     * @param rule              the (k+1)-point rule, nodes ascending
     * @param fixedIndex        the index of the node z in {@code rule.nodes()} (0 or k)
     * @param christoffelWeight ||v||^2 / sum_i p_i(z)^2
     */
    public record Extension(GaussQuadrature rule, int fixedIndex, double christoffelWeight) {

        /** |QL weight - Christoffel weight| of the fixed node, the error of the rule's own weight. */
        public double fixedWeightError() {
            return Math.abs(christoffelWeight - rule.weights()[fixedIndex]);
        }
    }

    /**
     * @param alphas    diagonal of T_k, length >= k
     * @param betas     off-diagonal of T_k, length >= k - 1
     * @param k         order of T_k, >= 1
     * @param lastBeta  beta_k, the norm of the k-th Lanczos residual, > 0
     * @param z         the fixed node: at or below the smallest, or at or above the largest Ritz value
     * @param startNorm ||v||
     * @return the rule (nodes ascending, one of them z up to rounding; nodes past z are rounding and set to z), or
     *         null if the extension is degenerate (a pivot is 0 or not finite: z is an eigenvalue of T_k up to
     *         rounding)
     * @throws IllegalArgumentException if k < 1 or lastBeta <= 0
     */
    public static GaussQuadrature rule(double[] alphas, double[] betas, int k, double lastBeta, double z,
                                       double startNorm) {
        Extension e = extension(alphas, betas, k, lastBeta, z, startNorm);
        return e == null ? null : e.rule();
    }

    /**
     * The rule of {@link #rule} and, from the same pivots and T~_{k+1}, the weight of the fixed node z from the
     * orthonormal polynomials (Golub and Meurant 2010, Th. 6.2, Christoffel numbers), as a check of the rule's own
     * weight: the eigenvector components from QL are accurate only to absolute eps, and with z far outside the Ritz
     * values (a Gershgorin end far above lambda_max) the true weight is tiny while f(z) is huge, so an absolute eps
     * in it can be the whole rule. Bounds add {@link Extension#fixedWeightError()} |f(z)| to their rounding margin.
     * The extension depends on T_k, beta_k, z and ||v|| only, not on f: one serves every function of a parameter
     * list.
     *
     * @return the extension, or null where {@link #rule} returns null
     * @throws IllegalArgumentException as {@link #rule}
     */
    public static Extension extension(double[] alphas, double[] betas, int k, double lastBeta, double z,
                                      double startNorm) {
        if (k < 1) {
            throw new IllegalArgumentException("tridiagonal order k = " + k + "; expected k >= 1");
        }
        if (!(lastBeta > 0)) {
            throw new IllegalArgumentException("beta_k = " + lastBeta + "; a Gauss-Radau extension needs beta_k > 0");
        }
        double d = alphas[0] - z;
        for (int i = 1; i < k; i++) {
            if (d == 0.0) {
                return null;
            }
            d = alphas[i] - z - betas[i - 1] * (betas[i - 1] / d);
        }
        if (d == 0.0 || !Double.isFinite(d)) {
            return null;
        }
        double alphaTilde = z + lastBeta * (lastBeta / d);
        if (!Double.isFinite(alphaTilde)) {
            return null;
        }
        double[] a = new double[k + 1];
        double[] b = new double[k];
        System.arraycopy(alphas, 0, a, 0, k);
        System.arraycopy(betas, 0, b, 0, k - 1);
        a[k] = alphaTilde;
        b[k - 1] = lastBeta;
        TridiagonalEnds ends;
        try {
            ends = TridiagonalEnds.compute(a, b, k + 1);
        } catch (IllegalStateException e) {
            ends = TridiagonalEnds.of(TridiagonalEigen.decompose(a, b, k + 1));
        }
        GaussQuadrature g = GaussQuadrature.of(ends, startNorm);
        double[] nodes = g.nodes();
        // z is the smallest node for z below the Ritz values (d > 0: T_k - zI positive definite), the largest above
        boolean below = d > 0;
        for (int j = 0; j < nodes.length; j++) {
            if (below ? nodes[j] < z : nodes[j] > z) {
                nodes[j] = z;
            }
        }
        int fixedAt = Math.abs(nodes[0] - z) <= Math.abs(nodes[nodes.length - 1] - z) ? 0 : nodes.length - 1;
        double christoffel = startNorm * startNorm * fixedNodeWeightFactor(a, b, k + 1, z);
        return new Extension(g, fixedAt, christoffel);
    }

    /**
     * 1 / sum_{i=0}^{m-1} p_i(z)^2 for the orthonormal polynomials of the Jacobi matrix (alphas, betas) of order m
     * (p_0 = 1, beta_i p_i = (z - alpha_i) p_{i-1} - beta_{i-1} p_{i-2}): the squared first component of the
     * eigenvector for the eigenvalue z (Golub and Meurant 2010, Th. 6.2 (Christoffel numbers)). The forward
     * recurrence is stable for z outside the spectrum, where p_i grows; rescaled to stay in the double range.
     */
    static double fixedNodeWeightFactor(double[] alphas, double[] betas, int m, double z) {
        double prev = 0.0;
        double cur = 1.0;
        double sum = 1.0;
        double logScale = 0.0;
        for (int i = 1; i < m; i++) {
            double next = ((z - alphas[i - 1]) * cur - (i > 1 ? betas[i - 2] * prev : 0.0)) / betas[i - 1];
            prev = cur;
            cur = next;
            sum += cur * cur;
            if (Math.abs(cur) > 1e100 || sum > 1e200) {
                prev *= 1e-100;
                cur *= 1e-100;
                sum *= 1e-200;
                logScale += 200 * Math.log(10.0);
            }
        }
        return Math.exp(-Math.log(sum) - logScale);
    }
}
