package org.matfun.core.function;

/**
 * f(x) = log x on x > 0. Divided difference (DESIGN 2.4): f[big, small] = -L / (big - small) with
 * L = log1p((small - big) / big) if small / big > 0.5, else log(small / big).
 */
final class LogFunction extends ParameterFreeFunction {

    LogFunction() {
        super("log", Domain.POSITIVE);
    }

    @Override
    public double value(double x) {
        return Math.log(x);
    }

    @Override
    public double derivative(double x) {
        return 1.0 / x;
    }

    @Override
    public double dividedDifference(double a, double b) {
        if (a == b) {
            return 1.0 / a;
        }
        double big = Math.max(a, b);
        double small = Math.min(a, b);
        double ratio = small / big;
        double logRatio = ratio > 0.5 ? Math.log1p((small - big) / big) : Math.log(ratio);
        return -logRatio / (big - small);
    }

    /** (-1)^(m-1) (m-1)! / x^m for m >= 1 on x > 0; log itself changes sign at 1. */
    @Override
    public DerivativeSign derivativeSign(int m, double lo, double hi) {
        checkOrder(m, lo, hi);
        if (lo < 0) {
            return DerivativeSign.NOT_CONSTANT;
        }
        if (m == 0) {
            return lo >= 1 ? DerivativeSign.NONNEGATIVE : hi <= 1 ? DerivativeSign.NONPOSITIVE
                    : DerivativeSign.NOT_CONSTANT;
        }
        return DerivativeSign.alternating(m - 1);
    }
}
