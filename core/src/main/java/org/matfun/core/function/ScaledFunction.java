package org.matfun.core.function;

/**
 * A scalar function f evaluated in a fixed scale: every method returns its quantity multiplied by
 * {@code exp(-logScale())} (DESIGN 2.6), so that f(T_k) of a graph with lambda_max in the hundreds stays
 * finite. With {@code logScale() == 0} the values are the plain ones.
 */
public interface ScaledFunction {

    /** L such that the true quantities are the returned ones times e^L. */
    double logScale();

    /** f(x) e^{-L}. */
    double value(double x);

    /** f'(x) e^{-L}. */
    double derivative(double x);

    /**
     * First divided difference f[a, b] e^{-L} = (f(a) - f(b)) / (a - b) e^{-L}, and f'(a) e^{-L} when a == b,
     * to machine precision for close a, b (DESIGN 2.4).
     */
    double dividedDifference(double a, double b);

    /** d f_s(x) / ds e^{-L} for the function's parameter s; 0 for functions without a parameter. */
    double parameterDerivative(double x);
}
