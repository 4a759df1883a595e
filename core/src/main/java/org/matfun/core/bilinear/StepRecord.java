package org.matfun.core.bilinear;

/**
 * One line of the convergence history (one per Lanczos step).
 *
 * @param step                   k
 * @param value                  F_k (may be +-Infinity; see logAbsValue)
 * @param logAbsValue            log |F_k|
 * @param sign                   sign of F_k
 * @param errorEstimate          estimated relative error of F_k (DESIGN 2.5)
 * @param gradientErrorEstimate  estimated relative error of the gradient, NaN where not computed (every 10 steps)
 * @param residualEstimate       sum_r |c_r| ||v_r|| beta_k |e_k^T f(T_k) e_1| / |F_k|: the Lanczos residual that
 *                               bounds the gradient's error (DESIGN 2.3), relative
 * @param matvecs                matrix-vector products so far
 * @param elapsedSeconds         wall time since the estimator started
 * @param bounds                 the certified interval of F at this step (issue 16), or null if bounds were not
 *                               requested (no spectrum interval given)
 */
public record StepRecord(int step, double value, double logAbsValue, double sign, double errorEstimate,
                         double gradientErrorEstimate, double residualEstimate, long matvecs,
                         double elapsedSeconds, ValueBounds bounds) implements java.io.Serializable {
}
