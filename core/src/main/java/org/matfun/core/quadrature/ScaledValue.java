package org.matfun.core.quadrature;

/**
 * A real number stored as {@code scaled * e^logScale} so that values like e^{beta lambda_max} of large
 * graphs stay representable (DESIGN 2.6).
 *
 * @param scaled   the value in the scale e^logScale
 * @param logScale natural log of the scale
 */
public record ScaledValue(double scaled, double logScale) implements java.io.Serializable {

    /** The value itself; +-Infinity if it exceeds the double range, 0 on underflow. */
    public double value() {
        return logScale == 0.0 ? scaled : scaled * Math.exp(logScale);
    }

    /** log |value|, finite even when {@link #value()} overflows; -Infinity for 0. */
    public double logAbsValue() {
        return Math.log(Math.abs(scaled)) + logScale;
    }

    /** Sign of the value: -1, 0 or 1. */
    public double sign() {
        return Math.signum(scaled);
    }

    /** The same number expressed in the scale e^otherLogScale (0 and +-Infinity stay as they are). */
    public double in(double otherLogScale) {
        if (otherLogScale == logScale || scaled == 0.0 || Double.isInfinite(scaled)) {
            return scaled;
        }
        return scaled * Math.exp(logScale - otherLogScale);
    }

    /** The sum, in the larger of the two scales (the smaller term may underflow there: it is then negligible). */
    public ScaledValue plus(ScaledValue o) {
        if (o.scaled == 0.0) {
            return this;
        }
        if (scaled == 0.0) {
            return o;
        }
        double l = Math.max(logScale, o.logScale);
        return new ScaledValue(in(l) + o.in(l), l);
    }

    /** c times this value, in the same scale. */
    public ScaledValue times(double c) {
        return new ScaledValue(c * scaled, logScale);
    }

    /** Compares the two numbers in a common scale, as {@link Double#compare}. */
    public static int compare(ScaledValue a, ScaledValue b) {
        double l = Math.max(a.logScale, b.logScale);
        return Double.compare(a.in(l), b.in(l));
    }
}
