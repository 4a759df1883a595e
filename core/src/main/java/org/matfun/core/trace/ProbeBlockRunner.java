package org.matfun.core.trace;

/**
 * Evaluates one block of Hutchinson probes: starts B Lanczos runs at probes firstProbe .. firstProbe + B - 1
 * (entries from {@link ProbeDistribution#entry}), runs the quadrature and, if asked, the forward-only gradient.
 * Implemented in memory by {@link InMemoryProbeRunner} and on Spark by the trace job.
 */
@FunctionalInterface
public interface ProbeBlockRunner {

    /**
     * @param firstProbe index of the block's first probe, >= 0
     * @param blockSize  B >= 1
     * @return the block's samples
     */
    ProbeBlock run(long firstProbe, int blockSize);
}
