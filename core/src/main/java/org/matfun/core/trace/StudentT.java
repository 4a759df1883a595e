package org.matfun.core.trace;

/**
 * Quantiles of Student's t distribution with an integer number of degrees of freedom, for the confidence
 * intervals of Hutchinson estimates (the mean of m probes has m - 1 degrees of freedom).
 *
 * <p>IMPLEMENTATION NOTES: the two-sided probability A(t | nu) = P(|T| <= t) is the finite trigonometric series
 * of Abramowitz and Stegun 26.7.3 (theta = atan(t / sqrt(nu)); separate sums for odd and even nu), and the
 * quantile is found by bisection on it to 1 ulp. Exact for every integer nu >= 1 (no asymptotic expansion).
 */
public final class StudentT {

    private StudentT() {
    }

    /**
     * The t with P(|T| <= t) = {@code coverage} for nu degrees of freedom; e.g. coverage 0.95, nu = 1 gives
     * 12.7062, nu = 10 gives 2.2281, nu -> infinity tends to 1.95996.
     *
     * @param coverage two-sided coverage in (0, 1)
     * @param nu       degrees of freedom >= 1
     * @throws IllegalArgumentException if coverage is not in (0, 1) or nu < 1
     */
    public static double twoSidedQuantile(double coverage, long nu) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage = " + coverage + "; expected a number in (0, 1)");
        }
        if (nu < 1) {
            throw new IllegalArgumentException("degrees of freedom = " + nu + "; expected an integer >= 1");
        }
        double lo = 0.0;
        double hi = 1.0;
        while (twoSidedProbability(hi, nu) < coverage) {
            hi *= 2.0;
        }
        for (int it = 0; it < 200 && Math.nextUp(lo) < hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (twoSidedProbability(mid, nu) < coverage) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * A(t | nu) = P(|T| <= t), Abramowitz and Stegun 26.7.3.
     *
     * @param t  >= 0
     * @param nu degrees of freedom >= 1
     */
    public static double twoSidedProbability(double t, long nu) {
        if (nu < 1) {
            throw new IllegalArgumentException("degrees of freedom = " + nu + "; expected an integer >= 1");
        }
        double theta = Math.atan(t / Math.sqrt(nu));
        double s = Math.sin(theta);
        double c = Math.cos(theta);
        double c2 = c * c;
        if (nu % 2 == 0) {
            double term = 1.0;
            double sum = 1.0;
            for (long j = 2; j <= nu - 2; j += 2) {
                term *= c2 * (j - 1) / j;
                sum += term;
                if (term < 1e-18 * sum) {
                    break;
                }
            }
            return Math.min(1.0, s * sum);
        }
        if (nu == 1) {
            return 2.0 * theta / Math.PI;
        }
        double term = 1.0;
        double sum = 1.0;
        for (long j = 3; j <= nu - 2; j += 2) {
            term *= c2 * (j - 1) / j;
            sum += term;
            if (term < 1e-18 * sum) {
                break;
            }
        }
        return Math.min(1.0, 2.0 / Math.PI * (theta + s * c * sum));
    }
}
