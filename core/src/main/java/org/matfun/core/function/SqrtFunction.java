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
}
