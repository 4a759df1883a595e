package org.matfun.core.bilinear;

import org.matfun.core.quadrature.TridiagonalEigen;

/**
 * One starting vector's Lanczos run inside a bilinear form F = sum_r c_r v_r^T f(A) v_r.
 *
 * @param coefficient c_r (1 for a quadratic form; +1/4 and -1/4 for the polarization runs u + v and u - v)
 * @param startNorm   ||v_r||
 * @param steps       k_r, the steps this run took (fewer than the others if it met an invariant subspace)
 * @param alphas      diagonal of T_{k_r}, length k_r
 * @param betas       off-diagonal of T_{k_r}, length k_r - 1
 * @param eigen       T_{k_r} = S diag(lambda) S^T, null when k_r = 0 (zero starting vector)
 * @param h           H = S (Gamma o b b^T) S^T, k_r x k_r row-major, in the result's scale; null unless a matrix
 *                    gradient was requested
 */
public record QuadratureRun(double coefficient, double startNorm, int steps, double[] alphas, double[] betas,
                            TridiagonalEigen eigen, double[] h) implements java.io.Serializable {
}
