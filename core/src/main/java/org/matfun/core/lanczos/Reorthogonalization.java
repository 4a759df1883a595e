package org.matfun.core.lanczos;

/** Reorthogonalization of the Lanczos basis (DESIGN 2.1). */
public enum Reorthogonalization {
    /** None (default): the quadrature and the forward-only gradient are stable without it. */
    NONE,
    /** Full, classical Gram-Schmidt applied twice against all previous vectors; needs the basis. */
    FULL
}
