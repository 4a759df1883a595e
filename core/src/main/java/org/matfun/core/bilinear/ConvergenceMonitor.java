package org.matfun.core.bilinear;

/**
 * Error estimates from successive iterates (DESIGN 2.5).
 *
 * <p>Value: Delta_k = |F_k - F_{k-1}|, rate rho = Delta_k / Delta_{k-1} (capped at 0.95), estimate
 * Delta_k max(1, rho / (1 - rho)). Gradient, every {@link #GRADIENT_STRIDE} steps: delta_k = ||g_k - g_{k-10}|| /
 * ||g_k||, q = delta_k / delta_{k-10}, estimate max(delta, delta q / (1 - q)) with q capped at 0.95. Both are
 * stated relative to the current iterate. Public so that the complex Hermitian driver
 * ({@code org.matfun.core.hermitian.HermitianBilinearForm}) uses the same rule, not a copy.
 */
public final class ConvergenceMonitor {

    /** Steps between two gradient checks. */
    public static final int GRADIENT_STRIDE = 10;
    private static final double RATE_CAP = 0.95;

    private double previousDelta = Double.NaN;
    private double previousGradientDelta = Double.NaN;

    /**
     * @param delta |F_k - F_{k-1}| (absolute)
     * @return absolute error estimate
     */
    public double valueEstimate(double delta) {
        double rho = Double.isNaN(previousDelta) ? RATE_CAP
                : (previousDelta == 0.0 ? (delta == 0.0 ? 0.0 : RATE_CAP) : Math.min(RATE_CAP, delta / previousDelta));
        previousDelta = delta;
        return delta * Math.max(1.0, rho / (1.0 - rho));
    }

    /**
     * @param relativeChange delta_k = ||g_k - g_{k-10}|| / ||g_k||
     * @return relative error estimate of the gradient
     */
    public double gradientEstimate(double relativeChange) {
        double q = Double.isNaN(previousGradientDelta) ? RATE_CAP
                : (previousGradientDelta == 0.0 ? RATE_CAP : Math.min(RATE_CAP, relativeChange / previousGradientDelta));
        previousGradientDelta = relativeChange;
        return Math.max(relativeChange, relativeChange * q / (1.0 - q));
    }
}
