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

    /** The same number expressed in the scale e^otherLogScale. */
    public double in(double otherLogScale) {
        return otherLogScale == logScale ? scaled : scaled * Math.exp(logScale - otherLogScale);
    }
}
