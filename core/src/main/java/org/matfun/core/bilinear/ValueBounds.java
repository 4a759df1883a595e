package org.matfun.core.bilinear;

import org.matfun.core.quadrature.ScaledValue;

/**
 * A two-sided (or one-sided) interval for F = sum_r c_r v_r^T f(A) v_r from the Gauss and Gauss-Radau rules of
 * each run (issue 16, {@link QuadratureBounds}). Each end is in its own overflow-safe scale (DESIGN 2.6); a
 * missing end is -Infinity (lower) or +Infinity (upper), never a guess.
 *
 * @param lower       lower bound of F (scaled); scaled = -Infinity if no lower bound is available
 * @param upper       upper bound of F (scaled); scaled = +Infinity if no upper bound is available
 * @param lowerRule   the rule(s) behind the lower end, e.g. {@code gauss} or {@code radau(a)}; null if none
 * @param upperRule   the rule(s) behind the upper end; null if none
 * @param certified   true only on a final result whose interval met the tolerance: upper - lower <=
 *                    tol min(|lower|, |upper|)
 * @param note        why a side is missing, or (final result) why it is not certified; null otherwise
 */
public record ValueBounds(ScaledValue lower, ScaledValue upper, String lowerRule, String upperRule,
                          boolean certified, String note) implements java.io.Serializable {

    /** True if both ends are finite bounds. */
    public boolean twoSided() {
        return !Double.isInfinite(lower.scaled()) && !Double.isInfinite(upper.scaled());
    }

    /** (upper - lower) / min(|lower|, |upper|); +Infinity if one-sided, inverted (lower > upper) or containing 0. */
    public double relativeWidth() {
        if (!twoSided()) {
            return Double.POSITIVE_INFINITY;
        }
        double l = Math.max(lower.logScale(), upper.logScale());
        double lo = lower.in(l);
        double hi = upper.in(l);
        double m = Math.min(Math.abs(lo), Math.abs(hi));
        if (hi == lo) {
            return 0.0;
        }
        // an inverted interval (lower > upper) means a rule was not a bound after all: it certifies nothing
        return hi < lo || lo < 0 && hi > 0 || m == 0 ? Double.POSITIVE_INFINITY : (hi - lo) / m;
    }

    /** upper - lower in the scale of the larger end; +Infinity if one-sided or inverted. */
    public ScaledValue width() {
        if (!twoSided() || ScaledValue.compare(lower, upper) > 0) {
            return new ScaledValue(Double.POSITIVE_INFINITY, 0.0);
        }
        return upper.plus(lower.times(-1.0));
    }

    /** True if lower <= x <= upper, for x given in the scale e^logScale. */
    public boolean contains(double x, double logScale) {
        ScaledValue v = new ScaledValue(x, logScale);
        return ScaledValue.compare(lower, v) <= 0 && ScaledValue.compare(v, upper) <= 0;
    }

    /** The same interval with the final verdict. */
    public ValueBounds withCertificate(boolean isCertified, String why) {
        return new ValueBounds(lower, upper, lowerRule, upperRule, isCertified, why);
    }
}
