package org.matfun.core.operator;

import org.matfun.core.function.Domain;

/**
 * A guaranteed interval [lower, upper] containing every eigenvalue of a symmetric A, the interval the Gauss-Radau
 * bounds of issue 16 fix their extra node at. The Ritz values' range is an estimate of the spectrum from inside
 * and is never used as such a bound.
 *
 * <p>Sources: the Gershgorin discs, |lambda - a_ii| <= sum_{j != i} |a_ij| for some i (Horn and Johnson,
 * <i>Matrix Analysis</i>, 2nd ed., Thm. 6.1.1), from one pass over the rows; for an entrywise nonnegative A also
 * the Collatz-Wielandt bound |lambda| <= rho(A) ({@link SpectralRadiusBound}); a user's interval (an assumption
 * the result then depends on); and a function's domain (sqrt, log, 1/x and real powers assume A positive
 * semidefinite or definite, so lower is raised to 0 under that assumption, which the computation also checks on
 * the Ritz values). Rounding: the row sums are accumulated in double with relative error below (r + 1) eps for a
 * row of r entries, so the Gershgorin ends are widened by 4 (r_max + 2) eps max(|lower|, |upper|).
 *
 * @param lower  lower end, <= upper
 * @param upper  upper end
 * @param source how the interval was obtained, for summary.json (e.g. {@code gershgorin})
 */
public record SpectrumBounds(double lower, double upper, String source) implements java.io.Serializable {

    private static final double EPS = Math.ulp(1.0);

    /**
     * @throws IllegalArgumentException if an end is NaN or lower > upper
     */
    public SpectrumBounds {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("spectrum interval [" + lower + ", " + upper
                    + "]; expected lower <= upper");
        }
    }

    /**
     * The Gershgorin interval from the union of the discs, widened for the rounding of the row sums.
     *
     * @param lowest        min_i (a_ii - sum_{j != i} |a_ij|)
     * @param highest       max_i (a_ii + sum_{j != i} |a_ij|)
     * @param maxRowEntries largest number of stored entries in a row (for the rounding margin)
     * @throws IllegalArgumentException if an end is not finite
     */
    public static SpectrumBounds gershgorin(double lowest, double highest, long maxRowEntries) {
        if (!Double.isFinite(lowest) || !Double.isFinite(highest)) {
            throw new IllegalArgumentException("Gershgorin interval [" + lowest + ", " + highest
                    + "] is not finite: an entry or a row sum overflows");
        }
        double margin = 4.0 * (maxRowEntries + 2) * EPS * Math.max(Math.abs(lowest), Math.abs(highest));
        return new SpectrumBounds(lowest - margin, highest + margin, "gershgorin");
    }

    /**
     * Gershgorin from the rows of a CSR matrix, intersected with [-rho, rho] from {@link SpectralRadiusBound}
     * (20 power iterations) when every entry is nonnegative. One pass over the entries, plus the 20 products for
     * a nonnegative matrix.
     *
     * @param a symmetric CSR matrix of order n
     */
    public static SpectrumBounds of(CsrMatrix a) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = a.values();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long widest = 0;
        boolean nonnegative = true;
        for (int i = 0; i < n; i++) {
            double d = 0.0;
            double r = 0.0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                if (col[p] == i) {
                    d += val[p];
                } else {
                    r += Math.abs(val[p]);
                }
                nonnegative &= val[p] >= 0;
            }
            lo = Math.min(lo, d - r);
            hi = Math.max(hi, d + r);
            widest = Math.max(widest, ptr[i + 1] - ptr[i]);
        }
        SpectrumBounds g = gershgorin(lo, hi, widest);
        if (nonnegative) {
            double rho = SpectralRadiusBound.of(a, 20);
            g = g.intersect(-rho, rho, "collatz-wielandt");
        }
        return g;
    }

    /**
     * An interval the user asserts (the bounds are then certified relative to that assertion).
     *
     * @throws IllegalArgumentException if an end is not finite or lower > upper
     */
    public static SpectrumBounds user(double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalArgumentException("spectrum interval [" + lower + ", " + upper + "] must be finite");
        }
        return new SpectrumBounds(lower, upper, "user");
    }

    /** [max(lower, lo), min(upper, hi)], naming the second source when it tightened an end. */
    public SpectrumBounds intersect(double lo, double hi, String by) {
        double l = Math.max(lower, lo);
        double u = Math.min(upper, hi);
        if (l == lower && u == upper) {
            return this;
        }
        if (l > u) {
            throw new IllegalArgumentException("spectrum intervals [" + lower + ", " + upper + "] (" + source
                    + ") and [" + lo + ", " + hi + "] (" + by + ") do not overlap");
        }
        return new SpectrumBounds(l, u, source + "+" + by);
    }

    /**
     * The interval under the assumption f's domain makes: lower raised to 0 for NONNEGATIVE and POSITIVE domains
     * (A positive semidefinite or definite; a POSITIVE domain still has no positive lower bound from this alone).
     */
    public SpectrumBounds forDomain(Domain d) {
        if (d == Domain.REAL || lower >= 0) {
            return this;
        }
        return new SpectrumBounds(0.0, Math.max(upper, 0.0), source + "+psd-assumed");
    }

    /** True if lower <= x <= upper. */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }
}
