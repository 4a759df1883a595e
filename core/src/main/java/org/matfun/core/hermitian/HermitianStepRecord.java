package org.matfun.core.hermitian;

/**
 * One line of the convergence history of a Hermitian bilinear form (one per Lanczos step).
 *
 * @param step                  k
 * @param value                 F_k in the scale e^logScale (complex)
 * @param logScale              natural log of the scale of value
 * @param errorEstimate         estimated relative error |F_k - F| / |F_k| (DESIGN 2.5)
 * @param gradientErrorEstimate the relative change of the gradient measured at this step, NaN where not computed
 *                              (every 10 steps, from the second check on)
 * @param matvecs               matrix-vector products so far
 */
public record HermitianStepRecord(int step, Complex value, double logScale, double errorEstimate,
                                  double gradientErrorEstimate, long matvecs) implements java.io.Serializable {
}
