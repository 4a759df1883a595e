package org.matfun.core.hermitian;

import org.matfun.core.quadrature.TridiagonalEigen;

/**
 * One starting vector's Lanczos run inside F = sum_r c_r z_r^H f(A) z_r (complex c_r; DESIGN 2.2).
 *
 * @param coefficient c_r: 1 for a quadratic form, (-i)^r / 4 for the polarization runs u + i^r v
 * @param startNorm   ||z_r||
 * @param steps       k_r, the steps this run took
 * @param eigen       T_{k_r} = S diag(lambda) S^T (real), null when k_r = 0
 * @param hRe         Re H, H = S (Gamma o b b^T) S^T (k_r x k_r row-major, complex symmetric), in the result's
 *                    scale; null unless a matrix gradient was requested
 * @param hIm         Im H, same layout; null unless a matrix gradient was requested
 */
public record HermitianRun(Complex coefficient, double startNorm, int steps, TridiagonalEigen eigen, double[] hRe,
                           double[] hIm) implements java.io.Serializable {
}
