package org.matfun.core.trace;

/**
 * A Monte Carlo estimate: the sample mean of m independent probe values, its standard error s / sqrt(m) (s the
 * sample standard deviation, divisor m - 1), and the two-sided 95% Student-t interval
 * mean -+ t_{0.975, m-1} s / sqrt(m). All numbers are in the scale e^logScale (DESIGN 2.6): the true mean is
 * {@code mean * exp(logScale)}; logScale is 0 unless plain values would overflow.
 *
 * @param mean          sample mean, in scale
 * @param standardError s / sqrt(m), in scale; NaN for m < 2
 * @param lower         lower end of the 95% interval, in scale; NaN for m < 2
 * @param upper         upper end of the 95% interval, in scale; NaN for m < 2
 * @param samples       m
 * @param logScale      natural log of the scale
 */
public record IntervalEstimate(double mean, double standardError, double lower, double upper, long samples,
                               double logScale) {

    /** Coverage of the reported interval. */
    public static final double COVERAGE = 0.95;

    /** The mean itself (may overflow to +-Infinity; see {@link #logAbsMean()}). */
    public double value() {
        return logScale == 0.0 ? mean : mean * Math.exp(logScale);
    }

    /** log |mean|, finite where {@link #value()} overflows. */
    public double logAbsMean() {
        return Math.log(Math.abs(mean)) + logScale;
    }

    /** standardError / |mean| (scale-free); +Infinity for a zero mean with positive spread. */
    public double relativeStandardError() {
        if (standardError == 0.0) {
            return 0.0;
        }
        return mean == 0.0 ? Double.POSITIVE_INFINITY : standardError / Math.abs(mean);
    }

    /** True if x (in the plain scale) lies in [lower, upper] e^logScale. */
    public boolean contains(double x) {
        double s = logScale == 0.0 ? x : x * Math.exp(-logScale);
        return s >= lower && s <= upper;
    }
}
