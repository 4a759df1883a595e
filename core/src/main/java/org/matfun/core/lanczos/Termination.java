package org.matfun.core.lanczos;

/** How a Lanczos computation ended. */
public enum Termination {
    /** Every requested quantity's error estimate fell below its tolerance (DESIGN 2.5). */
    CONVERGED,
    /** beta_k <= eps ||T_k|| for every starting vector: the Krylov subspace is invariant and the result exact. */
    INVARIANT_SUBSPACE,
    /** The step budget ran out before the tolerance was met; the result is the last iterate. */
    STEP_BUDGET
}
