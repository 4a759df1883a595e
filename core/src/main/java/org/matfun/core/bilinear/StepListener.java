package org.matfun.core.bilinear;

/** Receives one {@link StepRecord} per Lanczos step (progress lines, convergence files). */
@FunctionalInterface
public interface StepListener {

    /** A listener that does nothing. */
    StepListener NONE = r -> { };

    void onStep(StepRecord record);
}
