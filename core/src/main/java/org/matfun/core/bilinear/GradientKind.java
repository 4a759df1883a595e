package org.matfun.core.bilinear;

/** Which derivatives of F = u^T f(A) v a computation delivers (DESIGN 2.3). */
public enum GradientKind {
    /** dF/ds for the scalar parameter s of f (beta of exp, p of power): driver-only, no basis needed. */
    PARAMETER,
    /**
     * dF/dA on A's own parameters: every edge weight of the sparsity pattern, or the coefficients of an affine
     * family. Needs the Lanczos basis (8 n k bytes per starting vector) and the k x k matrices H.
     */
    MATRIX
}
