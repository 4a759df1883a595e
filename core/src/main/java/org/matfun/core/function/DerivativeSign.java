package org.matfun.core.function;

/**
 * The sign of a derivative f^(m) over an interval [lo, hi] of the real line, as the Gauss and Gauss-Radau bounds
 * need it (Golub and Meurant, <i>Matrices, Moments and Quadrature with Applications</i>, Princeton 2010, Thm. 6.3
 * and 6.4): the quadrature error has the sign of f^(2k) (Gauss) or of f^(2k+1) (Radau) somewhere in the interval,
 * so a sign that holds on the whole interval decides on which side of the exact value the rule lies.
 */
public enum DerivativeSign {
    /** f^(m)(x) >= 0 for every x in the interval (and not identically 0). */
    NONNEGATIVE,
    /** f^(m)(x) <= 0 for every x in the interval (and not identically 0). */
    NONPOSITIVE,
    /** f^(m) is identically 0 on the interval (the rule is exact). */
    ZERO,
    /** f^(m) changes sign on the interval, or f is not m times differentiable there: no bound from this order. */
    NOT_CONSTANT;

    /** (-1)^m as a sign: NONNEGATIVE for even m, NONPOSITIVE for odd m. */
    static DerivativeSign alternating(int m) {
        return m % 2 == 0 ? NONNEGATIVE : NONPOSITIVE;
    }

    /** The opposite sign (ZERO and NOT_CONSTANT stay). */
    public DerivativeSign negate() {
        return switch (this) {
            case NONNEGATIVE -> NONPOSITIVE;
            case NONPOSITIVE -> NONNEGATIVE;
            default -> this;
        };
    }
}
