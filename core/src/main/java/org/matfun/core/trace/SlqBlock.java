package org.matfun.core.trace;

import org.matfun.core.bilinear.BilinearFormResult;

/**
 * What the Lanczos quadrature gives for one block of B probes z_1..z_B (DESIGN 2.2, 2.3): per probe, the Gauss
 * quadrature value z^T f(A) z ~ ||z||^2 e_1^T f(T_k) e_1 = sum_j b_j^2 f(lambda_j), and the two driver-only
 * derivative quadratures used for the cheap affine gradients. All values are in the scale e^logScale.
 *
 * @param values               z_b^T f(A) z_b ~ sum_j b_j^2 f(lambda_j), length B
 * @param identityDerivatives  sum_j b_j^2 f'(lambda_j) ~ z^T f'(A) z, length B: the forward-only derivative of
 *                             z^T f(A) z along the component A_i = I (exact formula since Q_k^T I Q_k = I)
 * @param momentDerivatives    sum_j b_j^2 lambda_j f'(lambda_j) ~ z^T A f'(A) z, length B: the derivative along
 *                             the component A_i = A itself (d/dt z^T f(t A) z at t = 1), with T_k = Q_k^T A Q_k
 * @param logScale             natural log of the common scale (DESIGN 2.6); 0 unless values would overflow
 * @param result               the underlying estimator result: per-probe runs (T_k, eigen, H when a matrix
 *                             gradient was requested), termination, steps, matvecs, history of the block sum
 */
public record SlqBlock(double[] values, double[] identityDerivatives, double[] momentDerivatives, double logScale,
                       BilinearFormResult result) {

    /** B. */
    public int size() {
        return values.length;
    }
}
