package org.matfun.core.function;

/**
 * Base of the functions without a parameter and without scaling (log, inverse, sqrt): they are their own
 * {@link ScaledFunction} with logScale = 0 and a zero parameter derivative.
 */
abstract class ParameterFreeFunction implements MatrixFunction, ScaledFunction {

    private final String name;
    private final Domain domain;

    ParameterFreeFunction(String name, Domain domain) {
        this.name = name;
        this.domain = domain;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String spec() {
        return name;
    }

    @Override
    public final boolean hasParameter() {
        return false;
    }

    @Override
    public final String parameterName() {
        return null;
    }

    @Override
    public final double parameter() {
        return Double.NaN;
    }

    @Override
    public final Domain domain() {
        return domain;
    }

    @Override
    public final ScaledFunction scaledOn(double lo, double hi) {
        return this;
    }

    @Override
    public final ScaledFunction unscaled() {
        return this;
    }

    @Override
    public final double logScale() {
        return 0.0;
    }

    @Override
    public final double parameterDerivative(double x) {
        return 0.0;
    }

    /** @throws IllegalArgumentException if m < 0 or hi < lo (or either is NaN) */
    static void checkOrder(int m, double lo, double hi) {
        if (m < 0) {
            throw new IllegalArgumentException("derivative order m = " + m + "; expected m >= 0");
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("interval [" + lo + ", " + hi + "]; expected lo <= hi");
        }
    }

    @Override
    public final String toString() {
        return name;
    }
}
