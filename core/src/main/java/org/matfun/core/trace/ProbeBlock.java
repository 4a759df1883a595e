package org.matfun.core.trace;

import org.matfun.core.lanczos.Termination;

/**
 * The per-probe samples of one block of B probes, as a {@link ProbeBlockRunner} hands them to
 * {@link StochasticTrace}.
 *
 * @param values      z_b^T f(A) z_b in the scale e^logScale, length B
 * @param gradients   per probe, d(z_b^T f(A) z_b)/dtheta_i for the m parameters, B x m, same scale; null if no
 *                    gradient was requested
 * @param logScale    natural log of the scale (DESIGN 2.6)
 * @param steps       Lanczos steps the block took (passes over A)
 * @param matvecs     matrix-vector products of the block (steps times active probes)
 * @param termination how the block's quadrature ended
 */
public record ProbeBlock(double[] values, double[][] gradients, double logScale, int steps, long matvecs,
                         Termination termination) {
}
