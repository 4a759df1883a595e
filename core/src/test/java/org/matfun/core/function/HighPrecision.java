package org.matfun.core.function;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * High-precision references for the function tests: exp, log, pow and sqrt in {@link BigDecimal}, carried with
 * {@link #WORK} = 90 significant digits and compared at {@link #MC} = 60 digits. Doubles enter exactly
 * ({@code new BigDecimal(double)}), so a reference is the true value of f at the double inputs.
 *
 * <p>IMPLEMENTATION NOTES: exp halves its argument until |r| <= 1/256, sums the Taylor series to 1e-100 and
 * squares back (k <= 20 squarings lose at most ~6 of the 90 digits for |x| <= 1e3); log runs Halley's
 * iteration y += 2 (x - e^y) / (x + e^y) from Math.log (cubic: 1e-16, 1e-48, 1e-144); pow(x, p) = exp(p log x).
 * Checked against digits of e, ln 2 and e^-700 from mpmath 1.3.0 (mp.dps = 70) in
 * {@code DividedDifferenceTest#referenceHelpersMatchPublishedDigits}.
 */
final class HighPrecision {

    /** Working precision of the series and iterations. */
    static final MathContext WORK = new MathContext(90, RoundingMode.HALF_EVEN);
    /** Precision of the references handed to the tests (~60 digits). */
    static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final BigDecimal REDUCED = BigDecimal.ONE.divide(BigDecimal.valueOf(256));
    private static final BigDecimal TINY = BigDecimal.ONE.scaleByPowerOfTen(-100);
    private static final BigDecimal HALLEY_DONE = BigDecimal.ONE.scaleByPowerOfTen(-32);

    /** log of already seen doubles (power references reuse log a across many b). */
    private static final Map<Double, BigDecimal> LOG_CACHE = new ConcurrentHashMap<>();

    private HighPrecision() {
    }

    /** The exact value of a double. */
    static BigDecimal big(double x) {
        return new BigDecimal(x);
    }

    /** e^x to about 85 significant digits for |x| <= 1e3. */
    static BigDecimal exp(BigDecimal x) {
        BigDecimal r = x;
        int k = 0;
        while (r.abs().compareTo(REDUCED) > 0) {
            r = r.multiply(HALF, WORK);
            k++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; term.abs().compareTo(TINY) > 0; n++) {
            term = term.multiply(r, WORK).divide(BigDecimal.valueOf(n), WORK);
            sum = sum.add(term, WORK);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, WORK);
        }
        return sum;
    }

    /** Natural log of x > 0 (x within the double range). */
    static BigDecimal log(BigDecimal x) {
        if (x.signum() <= 0) {
            throw new IllegalArgumentException("log of " + x);
        }
        BigDecimal y = new BigDecimal(Math.log(x.doubleValue()));
        for (int it = 0; it < 6; it++) {
            BigDecimal ey = exp(y);
            BigDecimal corr = TWO.multiply(x.subtract(ey, WORK), WORK).divide(x.add(ey, WORK), WORK);
            y = y.add(corr, WORK);
            if (corr.abs().compareTo(HALLEY_DONE) < 0) {
                return y;
            }
        }
        throw new IllegalStateException("Halley iteration for log(" + x + ") did not converge");
    }

    /** log of a positive double, cached. */
    static BigDecimal log(double x) {
        return LOG_CACHE.computeIfAbsent(x, v -> log(big(v)));
    }

    /** x^p = exp(p log x) for a positive double x and the exact double p. */
    static BigDecimal pow(double x, double p) {
        return exp(big(p).multiply(log(x), WORK));
    }

    /** sqrt x for a nonnegative double. */
    static BigDecimal sqrt(double x) {
        return big(x).sqrt(WORK);
    }

    /** (fa - fb) / (a - b) for distinct doubles, rounded to {@link #MC}. */
    static BigDecimal quotient(BigDecimal fa, BigDecimal fb, double a, double b) {
        return fa.subtract(fb, WORK).divide(big(a).subtract(big(b)), MC);
    }

    /**
     * |computed - reference| / |reference|, evaluated exactly enough to be a clean double; +Infinity if
     * computed is not finite; 0 / +Infinity if the reference is zero and computed is / is not.
     */
    static double relativeError(double computed, BigDecimal reference) {
        if (!Double.isFinite(computed)) {
            return Double.POSITIVE_INFINITY;
        }
        BigDecimal diff = big(computed).subtract(reference).abs();
        if (reference.signum() == 0) {
            return diff.signum() == 0 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return diff.divide(reference.abs(), MC).doubleValue();
    }
}
