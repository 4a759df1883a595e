package org.matfun.core.function;

/**
 * f(x) = log x on x > 0. Divided difference (DESIGN 2.4): f[big, small] = -L / (big - small) with
 * L = log1p((small - big) / big) if small / big > 0.5, else log(small / big).
 */
final class LogFunction implements MatrixFunction, ScaledFunction {

    @Override
    public String name() {
        return "log";
    }

    @Override
    public String spec() {
        return "log";
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

    @Override
    public double parameterDerivative(double x) {
        return 0.0;
    }

    @Override
    public String toString() {
        return spec();
    }
}
