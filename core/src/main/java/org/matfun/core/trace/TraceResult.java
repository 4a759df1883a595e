package org.matfun.core.trace;

import org.matfun.core.lanczos.Termination;

import java.util.List;
import java.util.Map;

/**
 * A Hutchinson/SLQ estimate of tr f(A) and, if requested, of its gradient d tr f(A(theta)) / dtheta_i.
 *
 * @param trace        mean, standard error and 95% Student-t interval of tr f(A)
 * @param gradient     one estimate per parameter theta_i (length m), or null
 * @param probes       probes used
 * @param blocks       probe blocks run
 * @param steps        Lanczos steps summed over blocks (each step is one pass over A for the whole block)
 * @param maxBlockSteps largest number of steps of one block
 * @param matvecs      matrix-vector products (one per probe per step)
 * @param stopping     why no more probes were added
 * @param blockTerminations how many blocks ended in each Lanczos {@link Termination}
 * @param probeValues  per probe, z^T f(A) z in the scale of {@code trace.logScale()}, length probes
 */
public record TraceResult(IntervalEstimate trace, IntervalEstimate[] gradient, long probes, int blocks, long steps,
                          int maxBlockSteps, long matvecs, TraceStopping stopping,
                          Map<Termination, Integer> blockTerminations, List<Double> probeValues) {
}
