package org.matfun.core.lanczos;

/**
 * Settings of a Lanczos computation, validated on construction.
 *
 * @param maxSteps            step budget k_max >= 1 (each step is one matvec per starting vector)
 * @param tolerance           relative tolerance for the value and, unless set apart, the gradient; > 0
 * @param gradientTolerance   relative tolerance for the gradient estimate of DESIGN 2.5; > 0
 * @param reorthogonalization NONE (default) or FULL
 * @param stop                what the value's stopping test uses: the estimate (default) or the certified bounds
 */
public record LanczosOptions(int maxSteps, double tolerance, double gradientTolerance,
                             Reorthogonalization reorthogonalization, StopRule stop) {

    /** Default step budget. */
    public static final int DEFAULT_MAX_STEPS = 500;
    /** Default relative tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    /**
     * @throws IllegalArgumentException if maxSteps < 1, a tolerance is not a positive finite number, or the
     *                                  reorthogonalization is null
     */
    public LanczosOptions {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps = " + maxSteps + "; expected an integer >= 1");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance = " + tolerance + "; expected a positive finite number");
        }
        if (!(gradientTolerance > 0) || !Double.isFinite(gradientTolerance)) {
            throw new IllegalArgumentException("gradientTolerance = " + gradientTolerance
                    + "; expected a positive finite number");
        }
        if (reorthogonalization == null) {
            throw new IllegalArgumentException("reorthogonalization must be NONE or FULL, got null");
        }
        if (stop == null) {
            throw new IllegalArgumentException("stop rule must be ESTIMATE or BOUND, got null");
        }
    }

    /** The options with the ESTIMATE stopping rule. */
    public LanczosOptions(int maxSteps, double tolerance, double gradientTolerance,
                          Reorthogonalization reorthogonalization) {
        this(maxSteps, tolerance, gradientTolerance, reorthogonalization, StopRule.ESTIMATE);
    }

    /** maxSteps = 500, tolerance = gradient tolerance = 1e-10, no reorthogonalization. */
    public static LanczosOptions defaults() {
        return new LanczosOptions(DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE, DEFAULT_TOLERANCE, Reorthogonalization.NONE);
    }

    public LanczosOptions withMaxSteps(int k) {
        return new LanczosOptions(k, tolerance, gradientTolerance, reorthogonalization, stop);
    }

    /** Sets both the value and the gradient tolerance. */
    public LanczosOptions withTolerance(double tol) {
        return new LanczosOptions(maxSteps, tol, tol, reorthogonalization, stop);
    }

    public LanczosOptions withGradientTolerance(double tol) {
        return new LanczosOptions(maxSteps, tolerance, tol, reorthogonalization, stop);
    }

    public LanczosOptions withReorthogonalization(Reorthogonalization r) {
        return new LanczosOptions(maxSteps, tolerance, gradientTolerance, r, stop);
    }

    public LanczosOptions withStop(StopRule rule) {
        return new LanczosOptions(maxSteps, tolerance, gradientTolerance, reorthogonalization, rule);
    }
}
