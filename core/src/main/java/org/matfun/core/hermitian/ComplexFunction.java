package org.matfun.core.hermitian;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The complex exponential f(x) = e^{c x} at real arguments x (the Ritz values of a Hermitian A), with what the
 * quadrature and the forward-only gradient need: value, derivative, first divided difference to machine precision
 * for clustered arguments, and the derivative with respect to the function's parameter. Two parameterizations:
 * <ul>
 *   <li>{@code expi:t=T}: f(x) = e^{-i t x} (c = -i t, t real; the propagator u^H e^{-i t H} v);
 *       df/dt = -i x e^{-i t x};</li>
 *   <li>{@code exp:beta=B}: f(x) = e^{beta x} with beta complex, e.g. {@code 0.1-2i}, {@code -0.5i}, {@code 2};
 *       df/dbeta = x e^{beta x} (the complex derivative: f is analytic in beta, so d/dRe(beta) = df/dbeta and
 *       d/dIm(beta) = i df/dbeta).</li>
 * </ul>
 *
 * <p>Scaling (DESIGN 2.6): every quantity can be returned times e^{-L} for a log-scale L; {@link #logScaleOn}
 * chooses L = max(Re(c) lo, Re(c) hi) when that exceeds {@value MatrixFunction#SCALE_THRESHOLD} in modulus, else
 * 0, so |e^{c x - L}| <= 1 on [lo, hi] whenever a scale is used.
 *
 * <p>IMPLEMENTATION NOTES (divided difference, DESIGN 2.4 extended to complex c): with m = (a + b) / 2,
 * h = (a - b) / 2 and z = c h, f[a, b] = (e^{c a} - e^{c b}) / (a - b) = c e^{c m} sinh(z) / z. For |z| < 1/2 the
 * entire function sinh(z)/z = sum_n z^{2n} / (2n + 1)! is summed (terms fall by at least 1/24 per order, 12
 * terms reach 1e-30), so the result has a few eps of relative error whatever a - b; this is the same as
 * c e^{c b} phi_1(c (a - b)), phi_1(w) = (e^w - 1) / w, in symmetric form. For |z| >= 1/2 the quotient
 * (e^{c a - L} - e^{c b - L}) / (a - b) is formed directly: |e^{2 z} - 1| is then bounded below except near the
 * zeros 2 z = 2 pi i k (purely imaginary c), where the error stays eps max|f| / |a - b| <= 2 eps |c| max|f|
 * in absolute terms, the size of the rounding of f' itself. Both branches keep |e^{. - L}| <= 1 in a scaled run,
 * so nothing overflows or forms 0 * Inf.
 */
public final class ComplexFunction {

    /** Which parameter the function is written in. */
    public enum Parameter {
        /** t of e^{-i t x} (real). */
        T,
        /** beta of e^{beta x} (complex). */
        BETA
    }

    /** What {@link #parse} accepts, for messages. */
    public static final String ACCEPTED = "expi:t=<real> (e^{-i t x}), exp:beta=<complex> (e^{beta x}; e.g."
            + " beta=2, beta=-0.5i, beta=0.1-2i)";

    private static final String NUM = "(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?";
    private static final Pattern REAL = Pattern.compile("([+-]?" + NUM + ")");
    private static final Pattern IMAG = Pattern.compile("([+-]?)(" + NUM + ")?[ij]");
    private static final Pattern FULL = Pattern.compile("([+-]?" + NUM + ")([+-])(" + NUM + ")?[ij]");

    private final Parameter parameter;
    private final double cr;
    private final double ci;
    private final String spec;

    private ComplexFunction(Parameter parameter, double cr, double ci, String spec) {
        this.parameter = parameter;
        this.cr = cr;
        this.ci = ci;
        this.spec = spec;
    }

    /**
     * f(x) = e^{-i t x}.
     *
     * @param t finite real
     * @throws IllegalArgumentException if t is not finite
     */
    public static ComplexFunction expi(double t) {
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("expi: t = " + t + "; expected a finite real");
        }
        return new ComplexFunction(Parameter.T, 0.0, t == 0.0 ? 0.0 : -t, "expi:t=" + MatrixFunction.format(t));
    }

    /**
     * f(x) = e^{beta x} for complex beta.
     *
     * @throws IllegalArgumentException if a part of beta is not finite
     */
    public static ComplexFunction exp(Complex beta) {
        if (!beta.isFinite()) {
            throw new IllegalArgumentException("exp: beta = " + beta + "; expected finite real and imaginary parts");
        }
        return new ComplexFunction(Parameter.BETA, beta.re(), beta.im(), "exp:beta=" + beta);
    }

    /** f(x) = e^{beta x} for real beta (the real catalogue's exp on a complex operator). */
    public static ComplexFunction exp(double beta) {
        return exp(Complex.real(beta));
    }

    /**
     * Parses {@code expi:t=0.5}, {@code exp:beta=0.1-2i}, {@code exp:beta=-0.5i}, {@code exp:beta=i},
     * {@code exp:beta=2}; whitespace around the parts is ignored, {@code j} may stand for {@code i}.
     *
     * @throws IllegalArgumentException for an empty specification, an unknown function or parameter, a missing
     *                                  parameter, a parameter given twice, a value that is not a (complex) decimal
     *                                  literal or not finite, or a complex t; the message names the offending part
     *                                  and lists what is accepted
     */
    public static ComplexFunction parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty function specification; expected one of " + ACCEPTED);
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String key = null;
        String val = null;
        if (colon >= 0) {
            for (String part : s.substring(colon + 1).split(",")) {
                int eq = part.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("function parameter '" + part.trim() + "' in '" + spec
                            + "' is not of the form name=value; expected one of " + ACCEPTED);
                }
                String k = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (key != null) {
                    throw new IllegalArgumentException(k.equals(key)
                            ? "function parameter " + k + " is given twice in '" + spec + "'"
                            : "function '" + name + "' in '" + spec + "' takes one parameter, got " + key + " and " + k);
                }
                key = k;
                val = part.substring(eq + 1).trim();
            }
        }
        switch (name) {
            case "expi": {
                requireKey(spec, key, "t");
                Complex t = parseComplex(val, "t", spec);
                if (t.im() != 0.0) {
                    throw new IllegalArgumentException("expi: t=" + val + " in '" + spec + "' must be real (e^{-i t x});"
                            + " for a complex exponent use exp:beta=<complex>");
                }
                return expi(t.re());
            }
            case "exp":
                requireKey(spec, key, "beta");
                return exp(parseComplex(val, "beta", spec));
            default:
                throw new IllegalArgumentException("unknown function '" + name + "' in '" + spec + "'; expected one of "
                        + ACCEPTED);
        }
    }

    private static void requireKey(String spec, String key, String expected) {
        if (key == null) {
            throw new IllegalArgumentException("'" + spec + "' needs the parameter " + expected + ", e.g. "
                    + (expected.equals("t") ? "expi:t=0.5" : "exp:beta=0.1-2i"));
        }
        if (!key.equals(expected)) {
            throw new IllegalArgumentException("unknown parameter '" + key + "' in '" + spec + "'; expected "
                    + expected);
        }
    }

    /**
     * Parses a complex decimal literal: {@code 2}, {@code -0.5i}, {@code i}, {@code 0.1-2i}, {@code 1e-3+4.5e2i}
     * ({@code j} for {@code i} too).
     *
     * @param literal the text
     * @param what    the parameter's name, for the message
     * @param spec    the whole specification, for the message
     * @throws IllegalArgumentException if the literal is not of that form or a part is not finite
     */
    public static Complex parseComplex(String literal, String what, String spec) {
        String v = literal == null ? "" : literal.replace(" ", "").toLowerCase(Locale.ROOT);
        if (v.contains("nan") || v.contains("inf")) {
            throw new IllegalArgumentException("function parameter " + what + "=" + literal + " in '" + spec
                    + "' must be finite");
        }
        double re;
        double im;
        Matcher m;
        if ((m = REAL.matcher(v)).matches()) {
            re = Double.parseDouble(m.group(1));
            im = 0.0;
        } else if ((m = IMAG.matcher(v)).matches()) {
            re = 0.0;
            im = (m.group(1).equals("-") ? -1.0 : 1.0) * (m.group(2) == null ? 1.0 : Double.parseDouble(m.group(2)));
        } else if ((m = FULL.matcher(v)).matches()) {
            re = Double.parseDouble(m.group(1));
            im = (m.group(2).equals("-") ? -1.0 : 1.0) * (m.group(3) == null ? 1.0 : Double.parseDouble(m.group(3)));
        } else {
            throw new IllegalArgumentException("function parameter " + what + "='" + literal + "' in '" + spec
                    + "' is not a real or complex decimal literal such as 2, -0.5i or 0.1-2i");
        }
        if (!Double.isFinite(re) || !Double.isFinite(im)) {
            throw new IllegalArgumentException("function parameter " + what + "=" + literal + " in '" + spec
                    + "' must be finite (it overflows the double range)");
        }
        return new Complex(re, im);
    }

    /** The specification, e.g. {@code expi:t=0.5} or {@code exp:beta=0.1-2i}. */
    public String spec() {
        return spec;
    }

    /** T for expi, BETA for exp. */
    public Parameter parameter() {
        return parameter;
    }

    /** The parameter's value: t (real, as a Complex) or beta. */
    public Complex parameterValue() {
        return parameter == Parameter.T ? Complex.real(ci == 0.0 ? 0.0 : -ci) : new Complex(cr, ci);
    }

    /** The exponent's coefficient c of f(x) = e^{c x}: -i t or beta. */
    public Complex coefficient() {
        return new Complex(cr, ci);
    }

    /** True if f is real on the real line (c real). */
    public boolean isReal() {
        return ci == 0.0;
    }

    /**
     * The log-scale L for arguments in [lo, hi] (see the class comment).
     *
     * @param lo smallest argument
     * @param hi largest argument, >= lo
     */
    public double logScaleOn(double lo, double hi) {
        double natural = Math.max(cr * lo, cr * hi);
        return Math.abs(natural) > MatrixFunction.SCALE_THRESHOLD ? natural : 0.0;
    }

    /** f(x) e^{-L} = e^{c x - L}. */
    public Complex value(double x, double logScale) {
        double m = Math.exp(cr * x - logScale);
        double phase = ci * x;
        return phase == 0.0 ? new Complex(m, 0.0) : new Complex(m * Math.cos(phase), m * Math.sin(phase));
    }

    /** |f(x)| e^{-L} = e^{Re(c) x - L}, the modulus of {@link #value} (as it computes it). */
    double modulus(double x, double logScale) {
        // e^{0 x - 0} = 1 exactly for finite x: skip the exponential for e^{-i t x} in an unscaled run
        return cr == 0.0 && logScale == 0.0 ? 1.0 : Math.exp(cr * x - logScale);
    }

    /** arg f(x) = Im(c) x, the phase of {@link #value} (as it computes it). */
    double phase(double x) {
        return ci * x;
    }

    /** f'(x) e^{-L} = c e^{c x - L}. */
    public Complex derivative(double x, double logScale) {
        return coefficient().times(value(x, logScale));
    }

    /**
     * f[a, b] e^{-L} = (f(a) - f(b)) / (a - b) e^{-L}, and f'(a) e^{-L} when a == b, to a few eps in the sense of
     * the class comment (relative, or absolute against |c| max |f| near the zeros of the difference).
     */
    public Complex dividedDifference(double a, double b, double logScale) {
        if (a == b) {
            return derivative(a, logScale);
        }
        double h = 0.5 * (a - b);
        Complex z = new Complex(cr * h, ci * h);
        if (z.abs() < 0.5) {
            double m = 0.5 * a + 0.5 * b;
            return coefficient().times(value(m, logScale)).times(sinhc(z));
        }
        Complex fa = value(a, logScale);
        Complex fb = value(b, logScale);
        return fa.minus(fb).times(1.0 / (a - b));
    }

    /** sinh(z) / z = sum_{n >= 0} z^{2n} / (2n + 1)! for |z| < 1/2. */
    static Complex sinhc(Complex z) {
        Complex z2 = z.times(z);
        // Horner from the 12th term: 1 + z2/(2*3) (1 + z2/(4*5) (1 + ...))
        Complex s = Complex.ONE;
        for (int j = 12; j >= 1; j--) {
            s = Complex.ONE.plus(z2.times(s).times(1.0 / ((2.0 * j) * (2.0 * j + 1))));
        }
        return s;
    }

    /** d f / d s e^{-L} for the parameter s: -i x e^{-i t x - L} (t) or x e^{beta x - L} (beta). */
    public Complex parameterDerivative(double x, double logScale) {
        Complex d = value(x, logScale).times(x);
        return parameter == Parameter.T ? d.timesI().times(-1.0) : d;
    }

    /** The real part of f in the scale e^L, as the real code's {@link ScaledFunction} (value, f', f[a, b], df/ds). */
    public ScaledFunction realPart(double logScale) {
        return new Part(logScale, true);
    }

    /** The imaginary part of f in the scale e^L, as a {@link ScaledFunction}. */
    public ScaledFunction imaginaryPart(double logScale) {
        return new Part(logScale, false);
    }

    @Override
    public String toString() {
        return spec;
    }

    /**
     * Re f or Im f: real functions of the real argument with Re(f[a, b]) = (Re f)[a, b], since the divided
     * difference is linear in f and a, b are real. The real quadrature and gradient code apply them unchanged.
     */
    private final class Part implements ScaledFunction {
        private final double l;
        private final boolean real;

        Part(double l, boolean real) {
            this.l = l;
            this.real = real;
        }

        private double pick(Complex z) {
            return real ? z.re() : z.im();
        }

        @Override
        public double logScale() {
            return l;
        }

        @Override
        public double value(double x) {
            return pick(ComplexFunction.this.value(x, l));
        }

        @Override
        public double derivative(double x) {
            return pick(ComplexFunction.this.derivative(x, l));
        }

        @Override
        public double dividedDifference(double a, double b) {
            return pick(ComplexFunction.this.dividedDifference(a, b, l));
        }

        @Override
        public double parameterDerivative(double x) {
            return pick(ComplexFunction.this.parameterDerivative(x, l));
        }
    }
}
