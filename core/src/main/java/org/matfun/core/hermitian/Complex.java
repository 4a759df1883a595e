package org.matfun.core.hermitian;

/**
 * An immutable complex number re + i im, for the few scalars of the Hermitian code (values, coefficients,
 * function values at Ritz values). Vectors and matrices are never arrays of these: they are interleaved
 * {@code double[]} (re at 2 j, im at 2 j + 1).
 *
 * @param re real part
 * @param im imaginary part
 */
public record Complex(double re, double im) implements java.io.Serializable {

    /** 0. */
    public static final Complex ZERO = new Complex(0.0, 0.0);
    /** 1. */
    public static final Complex ONE = new Complex(1.0, 0.0);
    /** i. */
    public static final Complex I = new Complex(0.0, 1.0);

    /** The real number x. */
    public static Complex real(double x) {
        return new Complex(x, 0.0);
    }

    public Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    public Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    public Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    /** x times this, x real. */
    public Complex times(double x) {
        return new Complex(x * re, x * im);
    }

    /** i times this (exact: a swap and a sign). */
    public Complex timesI() {
        return new Complex(-im, re);
    }

    /** conj(z); the imaginary part of a real z stays +0.0 (so that records of real numbers compare equal). */
    public Complex conjugate() {
        return new Complex(re, 0.0 - im);
    }

    /** |z|, without overflow for large parts ({@link Math#hypot}). */
    public double abs() {
        return Math.hypot(re, im);
    }

    /** True if both parts are finite. */
    public boolean isFinite() {
        return Double.isFinite(re) && Double.isFinite(im);
    }

    /** e^z = e^re (cos im + i sin im). */
    public static Complex exp(Complex z) {
        double m = Math.exp(z.re);
        if (z.im == 0.0) {
            return new Complex(m, 0.0);
        }
        return new Complex(m * Math.cos(z.im), m * Math.sin(z.im));
    }

    /** Formats as a literal that {@link ComplexFunction#parseComplex} reads back: {@code 0.1-2i}, {@code -0.5i}, {@code 2}. */
    @Override
    public String toString() {
        if (im == 0.0) {
            return fmt(re);
        }
        if (re == 0.0) {
            return fmt(im) + "i";
        }
        return fmt(re) + (im < 0 || (im == 0.0 && 1 / im < 0) ? "-" : "+") + fmt(Math.abs(im)) + "i";
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
