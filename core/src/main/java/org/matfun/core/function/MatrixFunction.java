package org.matfun.core.function;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scalar function f applied to a symmetric matrix through its eigenvalues, with what the Lanczos quadrature
 * and the forward-only gradient need: value, derivative, divided differences (DESIGN 2.4), derivative with
 * respect to the function's own parameter, and overflow-safe scaling (DESIGN 2.6).
 *
 * <p>Catalogue: {@link #exp(double)} e^{beta x} (beta any real), {@link #power(double)} x^p (p real; A
 * positive semidefinite unless p is a nonnegative integer), {@link #log()}, {@link #inverse()},
 * {@link #sqrt()}. Specifications such as {@code exp:beta=0.1} are parsed by {@link #parse(String)}; they are
 * never evaluated as code.
 */
public interface MatrixFunction {

    /** Short name: exp, power, log, inverse, sqrt. */
    String name();

    /** The specification this function is parsed from, e.g. {@code exp:beta=0.1}. */
    String spec();

    /** True for functions with a scalar parameter (beta of exp, p of power). */
    boolean hasParameter();

    /** Name of the parameter (beta, p), or null. */
    String parameterName();

    /** The parameter's value (beta of exp, p of power), or NaN for a function without a parameter. */
    double parameter();

    /** The eigenvalues the function accepts. */
    Domain domain();

    /**
     * The function in the scale suited to eigenvalues in [lo, hi] (DESIGN 2.6): a nonzero
     * {@code logScale()} is chosen only when the plain values could leave the double range
     * (|natural log-scale| > {@value #SCALE_THRESHOLD}).
     *
     * @param lo smallest Ritz value (already checked against {@link #domain()})
     * @param hi largest Ritz value, hi >= lo
     */
    ScaledFunction scaledOn(double lo, double hi);

    /** The function in its plain scale (logScale = 0). */
    ScaledFunction unscaled();

    /**
     * The sign of the derivative f^(m) on the whole interval [lo, hi] (used by the Gauss-Radau bounds of issue 16).
     * Catalogue: exp(beta x): beta^m e^(beta x); x^p: p (p - 1) ... (p - m + 1) x^(p - m) (integer p >= 0: zero for
     * m > p, and on an interval containing 0 only where p - m is even or 0; other p: only for lo >= 0); log x:
     * (-1)^(m-1) (m - 1)! / x^m; 1/x: (-1)^m m! / x^(m+1); sqrt x: the power p = 1/2. Functions with a
     * NONNEGATIVE or POSITIVE {@link #domain()} return NOT_CONSTANT when lo < 0.
     *
     * @param m  order of the derivative, >= 0
     * @param lo left end of the interval
     * @param hi right end, >= lo
     * @return the sign holding on all of [lo, hi] (in the open interval (0, hi] when lo = 0 and f^(m) is singular at 0)
     * @throws IllegalArgumentException if m < 0 or hi < lo
     */
    DerivativeSign derivativeSign(int m, double lo, double hi);

    /** Natural log-scale beyond which {@link #scaledOn} switches to a shifted scale. */
    double SCALE_THRESHOLD = 200.0;

    /** f(x) = e^{beta x}; d/dbeta f = x e^{beta x}. */
    static MatrixFunction exp(double beta) {
        return new ExpFunction(beta);
    }

    /** f(x) = x^p for real p; nonnegative integer p on any symmetric A, otherwise A positive (semi)definite. */
    static MatrixFunction power(double p) {
        return new PowerFunction(p);
    }

    /** f(x) = log x on a positive definite A. */
    static MatrixFunction log() {
        return new LogFunction();
    }

    /** f(x) = 1/x on a positive definite A. */
    static MatrixFunction inverse() {
        return new InverseFunction();
    }

    /** f(x) = sqrt x on a positive semidefinite A. */
    static MatrixFunction sqrt() {
        return new SqrtFunction();
    }

    /**
     * Parses {@code exp:beta=0.1}, {@code exp:beta=-2}, {@code exp} (beta = 1), {@code power:p=2.5},
     * {@code log}, {@code inverse}, {@code sqrt}.
     *
     * @throws IllegalArgumentException for an unknown name or parameter, a missing or non-finite value; the
     *                                  message names the offending part and lists what is accepted
     */
    static MatrixFunction parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty function specification; expected one of " + ACCEPTED);
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        Map<String, Double> params = new TreeMap<>();
        if (colon >= 0) {
            for (String part : s.substring(colon + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0 && !params.isEmpty()) {
                    throw new IllegalArgumentException("'" + spec + "' is a list of parameter values: one value is"
                            + " expected here (lists such as exp:beta=0.1,0.5,1 are accepted by matfun bilinear)");
                }
                if (eq < 0) {
                    throw new IllegalArgumentException("function parameter '" + part.trim() + "' in '" + spec
                            + "' is not of the form name=value; expected one of " + ACCEPTED);
                }
                String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String val = part.substring(eq + 1).trim();
                if (val.indexOf(':') >= 0) {
                    throw new IllegalArgumentException("'" + spec + "' is a range of parameter values: one value is"
                            + " expected here (ranges such as exp:beta=0.1:0.1:1 are accepted by matfun bilinear)");
                }
                String bare = val.startsWith("+") || val.startsWith("-") ? val.substring(1) : val;
                if (bare.equals("NaN") || bare.equals("Infinity") || bare.equalsIgnoreCase("inf")) {
                    throw new IllegalArgumentException("function parameter " + key + "=" + val + " in '" + spec
                            + "' must be finite");
                }
                if (!val.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                    throw new IllegalArgumentException("function parameter " + key + "='" + val + "' in '" + spec
                            + "' is not a decimal number");
                }
                if (params.containsKey(key)) {
                    throw new IllegalArgumentException("function parameter " + key + " is given twice in '" + spec
                            + "'");
                }
                double d = Double.parseDouble(val);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("function parameter " + key + "=" + val + " in '" + spec
                            + "' must be finite");
                }
                params.put(key, d);
            }
        }
        switch (name) {
            case "exp":
                return exp(only(spec, params, "beta", 1.0, false));
            case "power":
                return power(only(spec, params, "p", 0.0, true));
            case "log":
                only(spec, params, null, 0.0, false);
                return log();
            case "inverse":
                only(spec, params, null, 0.0, false);
                return inverse();
            case "sqrt":
                only(spec, params, null, 0.0, false);
                return sqrt();
            default:
                throw new IllegalArgumentException("unknown function '" + name + "' in '" + spec
                        + "'; expected one of " + ACCEPTED);
        }
    }

    /** What {@link #parse} accepts, for messages and --help. */
    String ACCEPTED = "exp:beta=<real> (default beta=1), power:p=<real>, log, inverse, sqrt";

    private static double only(String spec, Map<String, Double> params, String allowed, double dflt,
                               boolean required) {
        for (String k : params.keySet()) {
            if (!k.equals(allowed)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' in '" + spec + "'; "
                        + (allowed == null ? "this function takes no parameter" : "expected " + allowed));
            }
        }
        if (allowed != null && !params.containsKey(allowed)) {
            if (required) {
                throw new IllegalArgumentException("'" + spec + "' needs the parameter " + allowed
                        + ", e.g. power:p=2.5");
            }
            return dflt;
        }
        return allowed == null ? dflt : params.get(allowed);
    }

    /** Formats a parameter value the way specs are written (shortest round-trip form). */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
