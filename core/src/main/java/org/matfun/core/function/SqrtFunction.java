package org.matfun.core.function;

/** f(x) = sqrt x on x >= 0. Divided difference: f[a, b] = 1 / (sqrt a + sqrt b), free of cancellation. */
final class SqrtFunction implements MatrixFunction, ScaledFunction {

    @Override
    public String name() {
        return "sqrt";
    }

    @Override
    public String spec() {
        return "sqrt";
    }

    @Override
    public boolean hasParameter() {
        return false;
    }

    @Override
    public String parameterName() {
        return null;
    }

    @Override
    public Domain domain() {
        return Domain.NONNEGATIVE;
    }

    @Override
    public ScaledFunction scaledOn(double lo, double hi) {
        return this;
    }

    @Override
    public ScaledFunction unscaled() {
        return this;
    }

    @Override
    public double logScale() {
        return 0.0;
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

    @Override
    public double parameterDerivative(double x) {
        return 0.0;
    }

    @Override
    public String toString() {
        return spec();
    }
}
