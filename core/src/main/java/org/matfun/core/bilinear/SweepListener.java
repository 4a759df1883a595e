package org.matfun.core.bilinear;

import java.util.List;

/**
 * Receives, per Lanczos step, one {@link StepRecord} per function of a parameter sweep
 * ({@link BilinearFormEstimator#runAll}): {@code records.get(i)} is function i's record at this step, or null if
 * function i stopped at an earlier step.
 */
@FunctionalInterface
public interface SweepListener {

    /** A listener that does nothing. */
    SweepListener NONE = (step, records) -> { };

    /**
     * @param step    k, from 1
     * @param records one entry per function, in the estimator's order (null for functions already stopped)
     */
    void onStep(int step, List<StepRecord> records);
}
