package org.matfun.core.function;

/** Where a scalar function is defined, as a condition on the eigenvalues of A (DESIGN 2.6b). */
public enum Domain {
    /** Any real eigenvalue (exp, integer powers). */
    REAL,
    /** Eigenvalues >= 0: A positive semidefinite (sqrt, real powers p > 0). */
    NONNEGATIVE,
    /** Eigenvalues > 0: A positive definite (log, inverse, negative powers). */
    POSITIVE
}
