package org.matfun.core.function;

/** f(x) = 1/x on x > 0. Divided difference: f[a, b] = -1 / (a b), exact to two roundings. */
final class InverseFunction implements MatrixFunction, ScaledFunction {

    @Override
    public String name() {
        return "inverse";
    }

    @Override
    public String spec() {
        return "inverse";
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
        return Domain.POSITIVE;
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

    @Override
    public double parameterDerivative(double x) {
        return 0.0;
    }

    @Override
    public String toString() {
        return spec();
    }
}
