package org.matfun.core.function;

/** f(x) = sqrt x on x >= 0. Divided difference: f[a, b] = 1 / (sqrt a + sqrt b), free of cancellation. */
final class SqrtFunction extends ParameterFreeFunction {

    SqrtFunction() {
        super("sqrt", Domain.NONNEGATIVE);
    }

    @Override
    public double value(double x) {
        return Math.sqrt(x);
    }

    @Override
    public double derivative(double x) {
        return 0.5 / Math.sqrt(x);
    }

    @Override
    public double dividedDifference(double a, double b) {
        return 1.0 / (Math.sqrt(a) + Math.sqrt(b));
    }

    /** The power x^(1/2): (1/2)(-1/2)...(1/2 - m + 1) x^(1/2 - m), sign (-1)^(m-1) for m >= 1, on x > 0. */
    @Override
    public DerivativeSign derivativeSign(int m, double lo, double hi) {
        checkOrder(m, lo, hi);
        return PowerFunction.sign(0.5, false, m, lo, hi);
    }
}
