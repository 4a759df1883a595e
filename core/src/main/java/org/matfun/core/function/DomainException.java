package org.matfun.core.function;

/**
 * A Ritz value lies outside the domain of f (DESIGN 2.6b): the matrix is not positive (semi)definite, or is
 * singular where f needs it invertible. Carries the Lanczos step and the offending Ritz value.
 */
public final class DomainException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final int step;
    private final double ritzValue;

    public DomainException(String function, Domain domain, int step, double ritzValue, double tolerance) {
        super(message(function, domain, step, ritzValue, tolerance));
        this.step = step;
        this.ritzValue = ritzValue;
    }

    private static String message(String function, Domain domain, int step, double ritzValue, double tolerance) {
        String expected = domain == Domain.POSITIVE
                ? "a positive definite matrix (Ritz values > " + tolerance + ")"
                : "a positive semidefinite matrix (Ritz values >= -" + tolerance + ")";
        return "function " + function + " needs " + expected + ", but Lanczos step " + step
                + " produced the Ritz value " + ritzValue + ": the matrix is "
                + (domain == Domain.POSITIVE && ritzValue > -tolerance ? "singular or nearly so"
                : "not positive semidefinite");
    }

    /** The Lanczos step (1-based, = k) at which the Ritz value appeared. */
    public int step() {
        return step;
    }

    /** The offending Ritz value. */
    public double ritzValue() {
        return ritzValue;
    }
}
