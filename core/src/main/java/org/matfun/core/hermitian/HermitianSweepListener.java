package org.matfun.core.hermitian;

import java.util.List;

/**
 * Receives, per Lanczos step, one {@link HermitianStepRecord} per function of a complex parameter sweep
 * ({@link HermitianFormEstimator#runAll}): {@code records.get(i)} is function i's record at this step, or null if
 * function i stopped at an earlier step.
 */
@FunctionalInterface
public interface HermitianSweepListener {

    /** A listener that does nothing. */
    HermitianSweepListener NONE = (step, records) -> { };

    /**
     * @param step    k, from 1
     * @param records one entry per function, in the estimator's order (null for functions already stopped)
     */
    void onStep(int step, List<HermitianStepRecord> records);
}
