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

    @Override
    public final String toString() {
        return name;
    }
}
