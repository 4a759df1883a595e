package org.matfun.core.lanczos;

/** What the value's stopping test compares with the tolerance (issue 16). */
public enum StopRule {
    /** The error estimate from successive iterates (DESIGN 2.5): usually right, but it can be fooled. */
    ESTIMATE,
    /**
     * The certified interval of the Gauss and Gauss-Radau bounds: stop when upper - lower <= tol min(|lower|,
     * |upper|). Needs bounds on both sides (u = v or sums of such runs, a spectrum interval and a function whose
     * derivatives have constant signs there).
     */
    BOUND
}
