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
     * BOUND while the interval tightens: once the error estimate is satisfied, the interval gets windows of
     * max(10, k/4) steps (k where the window began), and when a whole window has not halved its relative width (an
     * interval around 0, e.g. a Gauss-Radau node at a Gershgorin end far above lambda_max for exp(beta x), where
     * e^(beta (end - lambda_max)) swamps the rule; or one stuck at the rule's rounding level) the estimate decides and the
     * result says certified: false with the reason. What {@code --stop auto} resolves to where bounds exist.
     */
    BOUND_OR_ESTIMATE;

    /** True for the rules that use the certified interval (BOUND, BOUND_OR_ESTIMATE). */
    public boolean usesBounds() {
        return this != ESTIMATE;
    }
}
