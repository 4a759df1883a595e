package org.matfun.core.bilinear;

/**
 * Error estimates from successive iterates (DESIGN 2.5).
 *
 * <p>Value: Delta_k = |F_k - F_{k-1}|, rate rho = Delta_k / Delta_{k-1} (capped at 0.95), estimate
 * Delta_k max(1, rho / (1 - rho)). Gradient, every {@link #GRADIENT_STRIDE} steps: delta_k = ||g_k - g_{k-10}|| /
 * ||g_k||, q = delta_k / delta_{k-10}, estimate max(delta, delta q / (1 - q)) with q capped at 0.95. Both are
 * stated relative to the current iterate.
 *
 * <p>At the rounding floor the rate is noise: a difference at or below the floor (the value's 16 eps times the
 * quadrature terms' scale, the gradient's {@link #GRADIENT_FLOOR}) is its own estimate, without the rate factor
 * rho / (1 - rho), which would otherwise amplify rounding noise up to 19x and make the stop at a tolerance near
 * the floor depend on the rounding of the run.
 */
final class ConvergenceMonitor {

    static final int GRADIENT_STRIDE = 10;
    private static final double RATE_CAP = 0.95;
    /** Relative gradient changes at or below 64 eps are rounding noise. */
    static final double GRADIENT_FLOOR = 64 * Math.ulp(1.0);

    private double previousDelta = Double.NaN;
    private double previousGradientDelta = Double.NaN;

    /**
     * @param delta |F_k - F_{k-1}| (absolute)
     * @param floor absolute rounding floor of F_k (>= 0)
     * @return absolute error estimate
     */
    double valueEstimate(double delta, double floor) {
        double rho = Double.isNaN(previousDelta) ? RATE_CAP
                : (previousDelta == 0.0 ? (delta == 0.0 ? 0.0 : RATE_CAP) : Math.min(RATE_CAP, delta / previousDelta));
        previousDelta = delta;
        return delta <= floor ? delta : delta * Math.max(1.0, rho / (1.0 - rho));
    }

    /**
     * @param relativeChange delta_k = ||g_k - g_{k-10}|| / ||g_k||
     * @return relative error estimate of the gradient
     */
    double gradientEstimate(double relativeChange) {
        double q = Double.isNaN(previousGradientDelta) ? RATE_CAP
                : (previousGradientDelta == 0.0 ? RATE_CAP : Math.min(RATE_CAP, relativeChange / previousGradientDelta));
        previousGradientDelta = relativeChange;
        return relativeChange <= GRADIENT_FLOOR ? relativeChange
                : Math.max(relativeChange, relativeChange * q / (1.0 - q));
    }
}
