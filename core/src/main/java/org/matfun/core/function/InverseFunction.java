package org.matfun.core.function;

/** f(x) = 1/x on x > 0. Divided difference: f[a, b] = -1 / (a b), exact to two roundings. */
final class InverseFunction extends ParameterFreeFunction {

    InverseFunction() {
        super("inverse", Domain.POSITIVE);
    }

    @Override
    public double value(double x) {
        return 1.0 / x;
    }

    @Override
    public double derivative(double x) {
        return -1.0 / (x * x);
    }

    @Override
    public double dividedDifference(double a, double b) {
        return -1.0 / (a * b);
    }

    /** (-1)^m m! / x^(m+1) on x > 0. */
    @Override
    public DerivativeSign derivativeSign(int m, double lo, double hi) {
        checkOrder(m, lo, hi);
        return lo < 0 ? DerivativeSign.NOT_CONSTANT : DerivativeSign.alternating(m);
    }
}
