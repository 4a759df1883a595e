package org.matfun.core.trace;

/**
 * The state of a Hutchinson estimate after a block of probes (one progress line).
 *
 * @param block          1-based block number
 * @param probes         probes so far
 * @param steps          Lanczos steps so far, summed over blocks (passes over A)
 * @param matvecs        matrix-vector products so far
 * @param trace          current estimate of tr f(A)
 * @param blockSteps     steps of this block
 * @param elapsedSeconds since the estimate started
 */
public record TraceProgress(int block, long probes, long steps, long matvecs, IntervalEstimate trace,
                            int blockSteps, double elapsedSeconds) {
}
