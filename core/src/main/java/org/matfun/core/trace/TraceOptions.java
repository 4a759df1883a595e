package org.matfun.core.trace;

/**
 * Settings of a Hutchinson/SLQ estimate, validated on construction.
 *
 * @param maxProbes    probe budget M >= 2 (the number of probes when there is no target)
 * @param blockSize    probes advanced together in one Lanczos block, 1 <= B (the last block may be smaller)
 * @param seed         seed of the probes (results do not depend on B or on the partitioning)
 * @param distribution Rademacher or Gaussian entries
 * @param targetRelativeStandardError stop adding blocks once standardError <= target * |mean| for the trace and
 *                     every gradient entry (checked after each block, from {@link #MIN_PROBES_FOR_TARGET} probes
 *                     on); 0 for no target (use all M probes)
 */
public record TraceOptions(int maxProbes, int blockSize, long seed, ProbeDistribution distribution,
                           double targetRelativeStandardError) {

    /** The standard error of fewer probes is too noisy to stop on. */
    public static final int MIN_PROBES_FOR_TARGET = 10;

    /** @throws IllegalArgumentException if M < 2, B < 1, the distribution is null or the target is negative/NaN */
    public TraceOptions {
        if (maxProbes < 2) {
            throw new IllegalArgumentException("probes = " + maxProbes
                    + "; expected an integer >= 2 (a standard error needs two probes)");
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("probe block size = " + blockSize + "; expected an integer >= 1");
        }
        if (distribution == null) {
            throw new IllegalArgumentException("probe distribution must be rademacher or gaussian, got null");
        }
        if (!(targetRelativeStandardError >= 0) || !Double.isFinite(targetRelativeStandardError)) {
            throw new IllegalArgumentException("target relative standard error = " + targetRelativeStandardError
                    + "; expected a finite number >= 0 (0 = no target)");
        }
    }

    /** True if a target standard error was set. */
    public boolean hasTarget() {
        return targetRelativeStandardError > 0;
    }
}
