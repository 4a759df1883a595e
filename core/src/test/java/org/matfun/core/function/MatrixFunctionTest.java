package org.matfun.core.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.matfun.core.function.HighPrecision.WORK;
import static org.matfun.core.function.HighPrecision.big;

import java.math.BigDecimal;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The function catalogue: {@link MatrixFunction#parse} (accepted specs and the messages of rejected ones) and the
 * unscaled value, derivative and parameter derivative against high-precision closed forms ({@link HighPrecision})
 * and central finite differences, whose tolerance is the FD error bound h^2 |f'''| / 6 + eps |f| / h (times 4).
 */
class MatrixFunctionTest {

    private static final double EPS = Math.ulp(1.0);
    private static final double[] POINTS = {0.3, 1.0, 2.7, 11.0};

    /** Accepted specs: name, canonical spec, parameter, domain and the parameter value (through the closed form). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "exp:beta=0.1, exp,     exp:beta=0.1,  true,  beta, REAL",
        "exp:beta=-2,  exp,     exp:beta=-2,   true,  beta, REAL",
        "exp,          exp,     exp:beta=1,    true,  beta, REAL",
        "power:p=2.5,  power,   power:p=2.5,   true,  p,    NONNEGATIVE",
        "power:p=2,    power,   power:p=2,     true,  p,    REAL",
        "power:p=-1.5, power,   power:p=-1.5,  true,  p,    POSITIVE",
        "log,          log,     log,           false, ,     POSITIVE",
        "inverse,      inverse, inverse,       false, ,     POSITIVE",
        "sqrt,         sqrt,    sqrt,          false, ,     NONNEGATIVE",
    })
    void parseAcceptsCatalogue(String spec, String name, String canonical, boolean hasParameter, String parameter,
                               Domain domain) {
        MatrixFunction f = MatrixFunction.parse(spec);
        assertEquals(name, f.name());
        assertEquals(canonical, f.spec());
        assertEquals(hasParameter, f.hasParameter());
        if (hasParameter) {
            assertEquals(parameter, f.parameterName());
        } else {
            assertNull(f.parameterName());
        }
        assertEquals(domain, f.domain());
        assertEquals(canonical, MatrixFunction.parse(f.spec()).spec(), "spec round trip");
        assertEquals(canonical, f.toString());
    }

    /** Parsed parameters reach the function: exp:beta=0.1 and exp (beta 1), power:p=2.5 evaluated at x = 2. */
    @Test
    void parsedParametersAreUsed() {
        assertEquals(Math.exp(0.2), MatrixFunction.parse("exp:beta=0.1").unscaled().value(2.0), 2 * EPS);
        assertEquals(Math.exp(-4.0), MatrixFunction.parse("exp:beta=-2").unscaled().value(2.0),
                2 * EPS * Math.exp(-4.0));
        assertEquals(Math.E, MatrixFunction.parse("exp").unscaled().value(1.0), 4 * EPS);
        assertEquals(Math.pow(2.0, 2.5), MatrixFunction.parse("power:p=2.5").unscaled().value(2.0), 8 * EPS);
        assertEquals(Math.log(2.0), MatrixFunction.parse("log").unscaled().value(2.0), EPS);
        assertEquals(0.5, MatrixFunction.parse("inverse").unscaled().value(2.0), 0.0);
        assertEquals(Math.sqrt(2.0), MatrixFunction.parse("sqrt").unscaled().value(2.0), 0.0);
    }

    /** Rejected specs: IllegalArgumentException whose message contains the offending part. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "cosh            | cosh",
        "exp:t=1         | 't'",
        "power:p=abc     | abc",
        "power           | needs the parameter p",
        "power:p=NaN     | finite",
        "exp:beta=NaN    | finite",
        "exp:beta=Infinity | finite",
        "power:p=-Infinity | finite",
        "log:p=1         | takes no parameter",
        "inverse:beta=2  | takes no parameter",
        "sqrt:p=0.5      | takes no parameter",
        "exp:beta        | name=value",
    })
    void parseRejectsWithMessage(String spec, String expectedInMessage) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixFunction.parse(spec));
        assertTrue(e.getMessage().contains(expectedInMessage), "message for '" + spec + "': " + e.getMessage());
        assertTrue(e.getMessage().contains("'" + spec + "'"), "message quotes the spec: " + e.getMessage());
    }

    /** Empty and null specs are rejected with the list of accepted functions. */
    @Test
    void parseRejectsEmpty() {
        for (String spec : new String[] {null, "", "   "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MatrixFunction.parse(spec));
            assertTrue(e.getMessage().contains(MatrixFunction.ACCEPTED), e.getMessage());
        }
    }

    /** The factories reject non-finite parameters (exp beta, power p) naming the value. */
    @Test
    void factoriesRejectNonFiniteParameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MatrixFunction.exp(Double.NaN))
                .getMessage().contains("NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MatrixFunction.power(Double.POSITIVE_INFINITY)).getMessage().contains("Infinity"));
    }

    /** Domains of power follow p: nonnegative integers REAL, other p > 0 NONNEGATIVE, p < 0 POSITIVE. */
    @Test
    void powerDomainFollowsExponent() {
        assertEquals(Domain.REAL, MatrixFunction.power(0).domain());
        assertEquals(Domain.REAL, MatrixFunction.power(3).domain());
        assertEquals(Domain.NONNEGATIVE, MatrixFunction.power(0.5).domain());
        assertEquals(Domain.POSITIVE, MatrixFunction.power(-1).domain());
        assertEquals(Domain.POSITIVE, MatrixFunction.power(-1.5).domain());
    }

    /** A function with its closed forms (BigDecimal) for f, f', f''' and d f / ds (null without a parameter). */
    private static final class Case {
        final MatrixFunction fn;
        final java.util.function.Function<Double, BigDecimal> value;
        final java.util.function.Function<Double, BigDecimal> derivative;
        final DoubleUnaryOperator third;
        final java.util.function.Function<Double, BigDecimal> parameterDerivative;
        /** Condition number of f (and f') at x relative to rounding of the argument, e.g. 1 + |s x| for exp. */
        final DoubleUnaryOperator condition;

        Case(MatrixFunction fn, java.util.function.Function<Double, BigDecimal> value,
             java.util.function.Function<Double, BigDecimal> derivative, DoubleUnaryOperator third,
             java.util.function.Function<Double, BigDecimal> parameterDerivative, DoubleUnaryOperator condition) {
            this.fn = fn;
            this.value = value;
            this.derivative = derivative;
            this.third = third;
            this.parameterDerivative = parameterDerivative;
            this.condition = condition;
        }

        @Override
        public String toString() {
            return fn.spec();
        }
    }

    private static Case exp(double s) {
        BigDecimal sb = big(s);
        return new Case(MatrixFunction.exp(s),
                x -> HighPrecision.exp(sb.multiply(big(x))),
                x -> sb.multiply(HighPrecision.exp(sb.multiply(big(x))), WORK),
                x -> s * s * s * Math.exp(s * x),
                x -> big(x).multiply(HighPrecision.exp(sb.multiply(big(x))), WORK),
                x -> 1.0 + Math.abs(s * x));
    }

    private static Case power(double p) {
        return new Case(MatrixFunction.power(p),
                x -> HighPrecision.pow(x, p),
                x -> big(p).multiply(HighPrecision.pow(x, p - 1.0), WORK),
                x -> p * (p - 1) * (p - 2) * Math.pow(x, p - 3),
                x -> HighPrecision.pow(x, p).multiply(HighPrecision.log(x), WORK),
                x -> 1.0 + Math.abs(p * Math.log(x)));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                exp(1.0), exp(-2.0), exp(0.1), exp(3.0),
                power(0.5), power(2.5), power(30.0), power(-1.5), power(1.0 / 3.0), power(2.0),
                new Case(MatrixFunction.log(), HighPrecision::log,
                        x -> BigDecimal.ONE.divide(big(x), WORK), x -> 2.0 / (x * x * x), null, x -> 1.0),
                new Case(MatrixFunction.inverse(), x -> BigDecimal.ONE.divide(big(x), WORK),
                        x -> BigDecimal.ONE.divide(big(x).multiply(big(x)), WORK).negate(),
                        x -> -6.0 / (x * x * x * x), null, x -> 1.0),
                new Case(MatrixFunction.sqrt(), HighPrecision::sqrt,
                        x -> BigDecimal.ONE.divide(HighPrecision.sqrt(x).multiply(BigDecimal.valueOf(2)), WORK),
                        x -> 0.375 / (x * x * Math.sqrt(x)), null, x -> 1.0)
        ).map(Arguments::of);
    }

    /** value, derivative and parameterDerivative against BigDecimal closed forms within 4 eps times the condition. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void closedForms(Case c) {
        ScaledFunction f = c.fn.unscaled();
        assertEquals(0.0, f.logScale(), 0.0);
        for (double x : POINTS) {
            double tol = 4 * EPS * c.condition.applyAsDouble(x);
            assertRelative(c.value.apply(x), f.value(x), tol, c + " value at " + x);
            assertRelative(c.derivative.apply(x), f.derivative(x), tol, c + " derivative at " + x);
            if (c.parameterDerivative == null) {
                assertEquals(0.0, f.parameterDerivative(x), 0.0, c + " has no parameter");
            } else if (x == 1.0 && c.fn.name().equals("power")) {
                assertEquals(0.0, f.parameterDerivative(x), 0.0, c + ": x^p log x vanishes at x = 1");
            } else {
                assertRelative(c.parameterDerivative.apply(x), f.parameterDerivative(x), tol,
                        c + " parameter derivative at " + x);
            }
        }
    }

    /**
     * f' against the central difference (f(x+h) - f(x-h)) / 2h, h = 2^round(log2(eps^(1/3) x)) so x +- h are exact;
     * tolerance 4 (h^2 |f'''(x)| / 6 + eps |f(x)| cond / h) (truncation plus rounding of f).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void derivativeMatchesCentralDifference(Case c) {
        ScaledFunction f = c.fn.unscaled();
        for (double x : POINTS) {
            double h = exactStep(x);
            double fd = (f.value(x + h) - f.value(x - h)) / (2 * h);
            double bound = 4 * (h * h * Math.abs(c.third.applyAsDouble(x)) / 6
                    + EPS * Math.abs(f.value(x)) * c.condition.applyAsDouble(x) / h);
            assertEquals(f.derivative(x), fd, bound, c + " derivative vs central difference at " + x);
        }
    }

    /**
     * d f_s(x) / ds against the central difference in the parameter, (f_{s+h}(x) - f_{s-h}(x)) / 2h, through the
     * factories; tolerance 4 (h^2 |d^3 f / ds^3| / 6 + eps |f| cond / h), d^3/ds^3 = x^3 e^{sx} resp. (log x)^3 x^p.
     */
    @ParameterizedTest(name = "s = {0}")
    @CsvSource({"1.0", "-2.0", "0.1", "3.0"})
    void expParameterDerivativeMatchesCentralDifference(double s) {
        for (double x : POINTS) {
            double h = Math.scalb(1.0, Math.getExponent(Math.cbrt(EPS) * Math.max(1.0, Math.abs(s))));
            double fd = (MatrixFunction.exp(s + h).unscaled().value(x)
                    - MatrixFunction.exp(s - h).unscaled().value(x)) / ((s + h) - (s - h));
            double v = Math.exp(s * x);
            double bound = 4 * (h * h * Math.abs(x * x * x) * v / 6 + EPS * v * (1 + Math.abs(s * x)) / h);
            assertEquals(MatrixFunction.exp(s).unscaled().parameterDerivative(x), fd, bound,
                    "d/ds e^{s x} at s = " + s + ", x = " + x);
        }
    }

    /** d x^p / dp = x^p log x against the central difference in p (same bound as for exp). */
    @ParameterizedTest(name = "p = {0}")
    @CsvSource({"0.5", "2.5", "30.0", "-1.5", "2.0"})
    void powerParameterDerivativeMatchesCentralDifference(double p) {
        for (double x : POINTS) {
            double h = Math.scalb(1.0, Math.getExponent(Math.cbrt(EPS) * Math.max(1.0, Math.abs(p))));
            double fd = (MatrixFunction.power(p + h).unscaled().value(x)
                    - MatrixFunction.power(p - h).unscaled().value(x)) / ((p + h) - (p - h));
            double v = Math.pow(x, p);
            double lx = Math.log(x);
            double bound = 4 * (h * h * Math.abs(lx * lx * lx) * v / 6 + EPS * v * (1 + Math.abs(p * lx)) / h);
            assertEquals(MatrixFunction.power(p).unscaled().parameterDerivative(x), fd, bound,
                    "d/dp x^p at p = " + p + ", x = " + x);
        }
    }

    /** Powers at x = 0: 0^p = 0 (p > 0), 1 (p = 0); derivative 0 (p > 1), 1 (p = 1), +Infinity (0 < p < 1). */
    @Test
    void powerAtZero() {
        assertEquals(0.0, MatrixFunction.power(2.5).unscaled().value(0.0), 0.0);
        assertEquals(1.0, MatrixFunction.power(0).unscaled().value(0.0), 0.0);
        assertEquals(0.0, MatrixFunction.power(2.5).unscaled().derivative(0.0), 0.0);
        assertEquals(1.0, MatrixFunction.power(1).unscaled().derivative(0.0), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, MatrixFunction.power(0.5).unscaled().derivative(0.0));
        assertEquals(0.0, MatrixFunction.power(2.5).unscaled().parameterDerivative(0.0), 0.0);
        // f[0, b] = b^p / b
        assertEquals(Math.pow(3.0, 2.5) / 3.0, MatrixFunction.power(2.5).unscaled().dividedDifference(0.0, 3.0),
                2 * EPS * Math.pow(3.0, 1.5));
    }

    /** x^p with a large exponent is scaled by c^p, c = max |Ritz value|: value * e^logScale = x^p (log space). */
    @Test
    void powerScaleKeepsLargeExponentsFinite() {
        ScaledFunction f = MatrixFunction.power(200.0).scaledOn(1.0, 50.0);
        assertEquals(200.0 * Math.log(50.0), f.logScale(), 4 * EPS * f.logScale());
        // x / 50 below ~0.025 underflows at p = 200 (0.02^200 ~ 1e-340): only the top of the range is checked
        for (double x : new double[] {7.5, 20.0, 49.0, 50.0}) {
            double expected = 200.0 * Math.log(x);
            assertEquals(expected, Math.log(f.value(x)) + f.logScale(), 4 * EPS * (1 + f.logScale()),
                    "log x^200 at " + x);
        }
        assertEquals(0.0, MatrixFunction.power(2.5).scaledOn(1.0, 50.0).logScale(), 0.0);
    }

    private static double exactStep(double x) {
        double target = Math.cbrt(EPS) * Math.abs(x);
        double h = Math.scalb(1.0, Math.getExponent(target));
        assertEquals(h, (x + h) - x, 0.0, "step not exact at " + x);
        assertEquals(h, x - (x - h), 0.0, "step not exact at " + x);
        return h;
    }

    private static void assertRelative(BigDecimal expected, double actual, double tol, String what) {
        double err = HighPrecision.relativeError(actual, expected);
        assertTrue(err <= tol, what + ": got " + actual + ", expected " + expected.doubleValue() + ", relErr/eps = "
                + err / EPS + ", allowed/eps = " + tol / EPS);
    }

    /** hasParameter() is false and parameterDerivative() is 0 for log, inverse and sqrt. */
    @Test
    void parameterFreeFunctions() {
        for (MatrixFunction f : new MatrixFunction[] {MatrixFunction.log(), MatrixFunction.inverse(),
            MatrixFunction.sqrt()}) {
            assertFalse(f.hasParameter(), f.spec());
            assertEquals(0.0, f.unscaled().parameterDerivative(2.0), 0.0, f.spec());
            assertEquals(0.0, f.scaledOn(1.0, 1e300).logScale(), 0.0, f.spec());
        }
    }
}
