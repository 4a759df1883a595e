package org.matfun.core.hermitian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ComplexFunction}: divided differences of e^{c x} to a few eps for clustered and wide pairs against a
 * 100-digit BigDecimal reference (the exact quotient (e^{ca - L} - e^{cb - L}) / (a - b) at the double inputs),
 * the parameter derivative, and the parser.
 */
class ComplexFunctionTest {

    private static final MathContext MC = new MathContext(100, RoundingMode.HALF_EVEN);
    private static final double EPS = Math.ulp(1.0);

    /** A complex number in BigDecimal. */
    private record Big(BigDecimal re, BigDecimal im) {
        Big times(Big o) {
            return new Big(re.multiply(o.re, MC).subtract(im.multiply(o.im, MC), MC),
                    re.multiply(o.im, MC).add(im.multiply(o.re, MC), MC));
        }

        Big plus(Big o) {
            return new Big(re.add(o.re, MC), im.add(o.im, MC));
        }

        Big minus(Big o) {
            return new Big(re.subtract(o.re, MC), im.subtract(o.im, MC));
        }

        Big divide(BigDecimal d) {
            return new Big(re.divide(d, MC), im.divide(d, MC));
        }

        double[] toDouble() {
            return new double[]{re.doubleValue(), im.doubleValue()};
        }
    }

    /** e^z: halve until |z| <= 1/256, Taylor series to 1e-110, square back. */
    private static Big exp(Big z) {
        double mag = Math.hypot(z.re.doubleValue(), z.im.doubleValue());
        int s = 0;
        while (mag > 1.0 / 256) {
            mag /= 2;
            s++;
        }
        BigDecimal scale = BigDecimal.valueOf(2).pow(s);
        Big w = z.divide(scale);
        Big sum = new Big(BigDecimal.ONE, BigDecimal.ZERO);
        Big term = sum;
        BigDecimal tiny = BigDecimal.ONE.scaleByPowerOfTen(-110);
        for (int k = 1; k < 200; k++) {
            term = term.times(w).divide(BigDecimal.valueOf(k));
            sum = sum.plus(term);
            if (term.re.abs().compareTo(tiny) < 0 && term.im.abs().compareTo(tiny) < 0) {
                break;
            }
        }
        for (int i = 0; i < s; i++) {
            sum = sum.times(sum);
        }
        return sum;
    }

    /** e^{c x - L} at the exact double x. */
    private static Big expAt(double cr, double ci, double x, double l) {
        BigDecimal bx = new BigDecimal(x);
        return exp(new Big(new BigDecimal(cr).multiply(bx, MC).subtract(new BigDecimal(l), MC),
                new BigDecimal(ci).multiply(bx, MC)));
    }

    /** The exact (e^{ca - L} - e^{cb - L}) / (a - b). */
    private static double[] reference(double cr, double ci, double a, double b, double l) {
        BigDecimal d = new BigDecimal(a).subtract(new BigDecimal(b), MC);
        return expAt(cr, ci, a, l).minus(expAt(cr, ci, b, l)).divide(d).toDouble();
    }

    static Stream<Arguments> pairs() {
        double[][] cs = {{0, -0.5}, {0, -50}, {0.1, -2}, {2, 0}, {-1.3, 0}, {0.7, 1.5}, {300, -1}, {-40, 25}};
        double[] gaps = {1e-15, 1e-13, 1e-11, 1e-9, 1e-7, 1e-5, 1e-3, 0.01, 0.1, 0.3, 1.0, 2.5};
        Random rnd = new Random(3);
        List<Arguments> out = new ArrayList<>();
        for (double[] c : cs) {
            for (double g : gaps) {
                double a = -3 + 6 * rnd.nextDouble();
                double b = a + g * (1 + rnd.nextDouble());
                out.add(Arguments.of(c[0], c[1], a, b));
            }
        }
        return out.stream();
    }

    /**
     * |f[a, b] - ref| <= 16 eps (1 + |c| max(|a|, |b|)) |c| max(|f(a)|, |f(b)|): the rounding of the exponent c x
     * (eps |c x|) and of the exponential, against the size of f'; and the same bound relative to |ref| for
     * clustered pairs (|c (a - b)| < 1), where |ref| is of that size. The naive quotient fails this for close pairs.
     */
    @ParameterizedTest(name = "c = {0}{1}i, a = {2}, b = {3}")
    @MethodSource("pairs")
    void dividedDifferenceToMachinePrecision(double cr, double ci, double a, double b) {
        ComplexFunction f = ComplexFunction.exp(new Complex(cr, ci));
        double l = f.logScaleOn(Math.min(a, b), Math.max(a, b));
        Complex dd = f.dividedDifference(a, b, l);
        double[] ref = reference(cr, ci, a, b, l);
        double cAbs = Math.hypot(cr, ci);
        double size = cAbs * Math.max(f.value(a, l).abs(), f.value(b, l).abs());
        double bound = 16 * EPS * (1 + cAbs * Math.max(Math.abs(a), Math.abs(b))) * size;
        double err = Math.hypot(dd.re() - ref[0], dd.im() - ref[1]);
        assertTrue(err <= bound, "error " + err + " > " + bound + " (ref " + ref[0] + ", " + ref[1] + ")");
        if (cAbs * Math.abs(a - b) < 1) {
            double rel = err / Math.hypot(ref[0], ref[1]);
            assertTrue(rel <= 2 * bound / size, "relative error " + rel);
        }
        // symmetric in a, b
        Complex ba = f.dividedDifference(b, a, l);
        assertTrue(ba.minus(dd).abs() <= bound);
    }

    /** The test above can fail: the naive quotient of the double values misses the bound for clustered pairs. */
    @Test
    void naiveQuotientFailsTheSameBound() {
        ComplexFunction f = ComplexFunction.expi(2.0);
        double a = 0.7;
        double b = a + 1e-11;
        Complex naive = f.value(a, 0).minus(f.value(b, 0)).times(1.0 / (a - b));
        double[] ref = reference(0, -2, a, b, 0);
        double err = Math.hypot(naive.re() - ref[0], naive.im() - ref[1]);
        double bound = 16 * EPS * (1 + 2 * 0.7) * 2;
        assertTrue(err > 100 * bound, "naive error " + err);
        Complex dd = f.dividedDifference(a, b, 0);
        assertTrue(Math.hypot(dd.re() - ref[0], dd.im() - ref[1]) <= bound);
    }

    /** f'(x) and the parameter derivatives against the 100-digit reference. */
    @ParameterizedTest(name = "x = {0}")
    @CsvSource({"-2.5", "-0.3", "0", "1.7", "3"})
    void derivativesMatchReference(double x) {
        double t = 7.5;
        ComplexFunction f = ComplexFunction.expi(t);
        double[] e = expAt(0, -t, x, 0).toDouble();
        double tol = 16 * EPS * (1 + t * Math.abs(x));
        // f' = -i t e^{-itx}
        Complex d = f.derivative(x, 0);
        assertEquals(t * e[1], d.re(), tol * t);
        assertEquals(-t * e[0], d.im(), tol * t);
        // df/dt = -i x e^{-itx}
        Complex dt = f.parameterDerivative(x, 0);
        assertEquals(x * e[1], dt.re(), tol * (1 + Math.abs(x)));
        assertEquals(-x * e[0], dt.im(), tol * (1 + Math.abs(x)));
        // df/dbeta = x e^{beta x} for complex beta
        ComplexFunction g = ComplexFunction.exp(new Complex(0.4, -1.1));
        double[] eb = expAt(0.4, -1.1, x, 0).toDouble();
        Complex db = g.parameterDerivative(x, 0);
        double tb = 16 * EPS * (1 + 1.2 * Math.abs(x)) * Math.hypot(eb[0], eb[1]) * (1 + Math.abs(x));
        assertEquals(x * eb[0], db.re(), tb);
        assertEquals(x * eb[1], db.im(), tb);
        // the real and imaginary parts as ScaledFunctions
        assertEquals(g.value(x, 0).re(), g.realPart(0).value(x));
        assertEquals(g.value(x, 0).im(), g.imaginaryPart(0).value(x));
        assertEquals(g.dividedDifference(x, x + 0.1, 0).im(), g.imaginaryPart(0).dividedDifference(x, x + 0.1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "expi:t=0.5; 0; -0.5; T",
        "expi:t=-2; 0; 2; T",
        "exp:beta=0.1-2i; 0.1; -2; BETA",
        "exp:beta=-0.5i; 0; -0.5; BETA",
        "exp:beta=2; 2; 0; BETA",
        "exp:beta=i; 0; 1; BETA",
        "exp:beta=-i; 0; -1; BETA",
        "exp:beta=1e-3+4.5e2i; 0.001; 450; BETA",
        " EXP : beta = 0.25 + 3j ; 0.25; 3; BETA",
        "exp:beta=.5-.25i; 0.5; -0.25; BETA"})
    void parsesSpecifications(String spec, double cr, double ci, String parameter) {
        ComplexFunction f = ComplexFunction.parse(spec);
        assertEquals(cr, f.coefficient().re());
        assertEquals(ci, f.coefficient().im());
        assertEquals(ComplexFunction.Parameter.valueOf(parameter), f.parameter());
        // the spec round-trips
        ComplexFunction g = ComplexFunction.parse(f.spec());
        assertEquals(f.coefficient(), g.coefficient());
        assertEquals(f.spec(), g.spec());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = ';', value = {
        "''; empty function specification",
        "expi; needs the parameter t",
        "expi:t; not of the form name=value",
        "expi:t=1+2i; must be real",
        "exp:beta=abc; not a real or complex decimal literal",
        "exp:beta=2+i3; not a real or complex decimal literal",
        "exp:beta=NaN; must be finite",
        "exp:beta=1e999; must be finite",
        "exp:gamma=1; unknown parameter 'gamma'",
        "cos:t=1; unknown function 'cos'",
        "exp:beta=1,beta=2; given twice",
        "expi:t=1,beta=2; takes one parameter"})
    void rejectsBadSpecifications(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComplexFunction.parse(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void scaleIsChosenOnlyWhenNeeded() {
        ComplexFunction f = ComplexFunction.exp(new Complex(300, -1));
        assertEquals(0.0, f.logScaleOn(-0.5, 0.5));
        assertEquals(900.0, f.logScaleOn(-1, 3));
        assertTrue(f.value(3, 900).abs() <= 1.0);
        assertEquals(0.0, ComplexFunction.expi(1e6).logScaleOn(-10, 10));
        assertEquals(-600.0, ComplexFunction.exp(-300).logScaleOn(2, 5));
    }
}
