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
    BOUND,
    /**
     * BOUND while the interval can certify; once the error estimate has been satisfied for max(10, k/4) more steps
     * (k the step where it was first met) and the interval still contains 0 or is unbounded (no relative width can then be met: e.g. a Gauss-Radau node at a Gershgorin end far above
     * lambda_max for exp(beta x), where e^(beta (end - lambda_max)) swamps the rule), the estimate decides and the
     * result says certified: false with the reason. What {@code --stop auto} resolves to where bounds exist.
     */
    BOUND_OR_ESTIMATE;

    /** True for the rules that use the certified interval (BOUND, BOUND_OR_ESTIMATE). */
    public boolean usesBounds() {
        return this != ESTIMATE;
    }
}
