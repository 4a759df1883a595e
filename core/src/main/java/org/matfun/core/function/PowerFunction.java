package org.matfun.core.function;

/**
 * f(x) = x^p for real p. Domain: any real x for nonnegative integer p; x >= 0 for other p > 0; x > 0 for
 * p < 0. Divided difference (DESIGN 2.4), for 0 <= small < big:
 * f[big, small] = -big^p expm1(p L) / (big - small), L = log1p((small - big) / big) if small / big > 0.5,
 * else log(small / big). Scaling (DESIGN 2.6): x^p = c^p (x / c)^p with c = max |Ritz value|.
 */
final class PowerFunction implements MatrixFunction {

    private final double p;
    private final boolean integer;

    PowerFunction(double p) {
        if (!Double.isFinite(p)) {
            throw new IllegalArgumentException("power: p = " + p + "; expected a finite real");
        }
        this.p = p;
        this.integer = p >= 0 && p == Math.rint(p) && p <= 1 << 20;
    }

    /** The parameter value. */
    double p() {
        return p;
    }

    @Override
    public String name() {
        return "power";
    }

    @Override
    public String spec() {
        return "power:p=" + MatrixFunction.format(p);
    }

    @Override
    public boolean hasParameter() {
        return true;
    }

    @Override
    public String parameterName() {
        return "p";
    }

    @Override
    public double parameter() {
        return p;
    }

    @Override
    public Domain domain() {
        if (integer) {
            return Domain.REAL;
        }
        return p > 0 ? Domain.NONNEGATIVE : Domain.POSITIVE;
    }

    @Override
    public ScaledFunction scaledOn(double lo, double hi) {
        double c = Math.max(Math.abs(lo), Math.abs(hi));
        if (p < 0) {
            c = Math.min(Math.abs(lo), Math.abs(hi));
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            return new Scaled(1.0, 0.0);
        }
        double natural = p * Math.log(c);
        return Math.abs(natural) > SCALE_THRESHOLD ? new Scaled(c, natural) : new Scaled(1.0, 0.0);
    }

    @Override
    public DerivativeSign derivativeSign(int m, double lo, double hi) {
        ParameterFreeFunction.checkOrder(m, lo, hi);
        return sign(p, integer, m, lo, hi);
    }

    /** Sign of d^m/dx^m x^q on [lo, hi] (q an integer >= 0 when {@code integer}). */
    static DerivativeSign sign(double q, boolean integer, int m, double lo, double hi) {
        if (integer) {
            if (m > q) {
                return DerivativeSign.ZERO;
            }
            // q!/(q-m)! x^(q-m), coefficient > 0
            long e = (long) q - m;
            if (e == 0 || e % 2 == 0 || lo >= 0) {
                return DerivativeSign.NONNEGATIVE;
            }
            return hi <= 0 ? DerivativeSign.NONPOSITIVE : DerivativeSign.NOT_CONSTANT;
        }
        if (lo < 0) {
            return DerivativeSign.NOT_CONSTANT;
        }
        // q (q - 1) ... (q - m + 1) x^(q - m) with x^(q - m) > 0 on (0, hi]: count the negative factors
        int negative = 0;
        for (int i = 0; i < m; i++) {
            if (q - i < 0) {
                negative++;
            }
        }
        return negative % 2 == 0 ? DerivativeSign.NONNEGATIVE : DerivativeSign.NONPOSITIVE;
    }

    @Override
    public ScaledFunction unscaled() {
        return new Scaled(1.0, 0.0);
    }

    @Override
    public String toString() {
        return spec();
    }

    private final class Scaled implements ScaledFunction {
        private final double c;
        private final double l;

        Scaled(double c, double l) {
            this.c = c;
            this.l = l;
        }

        /** x^p e^{-L}. */
        private double pw(double x) {
            if (x == 0.0) {
                return p == 0 ? 1.0 : (p > 0 ? 0.0 : Double.POSITIVE_INFINITY);
            }
            return l == 0.0 ? Math.pow(x, p) : Math.pow(x / c, p);
        }

        @Override
        public double logScale() {
            return l;
        }

        @Override
        public double value(double x) {
            return pw(x);
        }

        @Override
        public double derivative(double x) {
            if (p == 0) {
                return 0.0;
            }
            if (x == 0.0) {
                if (p == 1) {
                    return l == 0.0 ? 1.0 : 1.0 / c;
                }
                return p > 1 ? 0.0 : Double.POSITIVE_INFINITY;
            }
            return p * pw(x) / x;
        }

        @Override
        public double dividedDifference(double a, double b) {
            if (a == b) {
                return derivative(a);
            }
            if (p == 0) {
                return 0.0;
            }
            if (a >= 0 && b >= 0) {
                return nonnegative(a, b, p, c, l == 0.0);
            }
            if (a <= 0 && b <= 0) {
                // x^p = (-1)^p (-x)^p for integer p: f[a, b] = (-1)^(p+1) g[-a, -b] with g(y) = y^p
                double g = dividedDifference(-a, -b);
                return ((long) p) % 2 == 0 ? -g : g;
            }
            // opposite signs (integer p only). Even p: a^p - b^p = (a - b)(a + b) g[a^2, b^2] with g = y^(p/2);
            // odd p: a^p - b^p = a^p + |b|^p, no cancellation in either difference.
            if (((long) p) % 2 == 0) {
                return (a + b) * nonnegative(a * a, b * b, p / 2, c * c, l == 0.0);
            }
            return (pw(a) - pw(b)) / (a - b);
        }

        /**
         * g[a, b] for g(y) = y^q (scaled by base^-q unless plain), a, b >= 0, a != b (DESIGN 2.4):
         * (big^q - small^q) / (big - small) = -big^q expm1(q L) / (big - small), or small^q expm1(-q L) / (big - small)
         * when q L > 0 (q < 0), so that expm1 never amplifies the rounding of L.
         */
        private double nonnegative(double a, double b, double q, double base, boolean plain) {
            double big = Math.max(a, b);
            double small = Math.min(a, b);
            if (big == small) {
                if (big == 0.0) {
                    return q == 1 ? (plain ? 1.0 : 1.0 / base) : (q > 1 ? 0.0 : Double.POSITIVE_INFINITY);
                }
                return q * power(big, q, base, plain) / big;
            }
            if (small == 0.0) {
                return power(big, q, base, plain) / big;
            }
            double ratio = small / big;
            double logRatio = ratio > 0.5 ? Math.log1p((small - big) / big) : Math.log(ratio);
            double ql = q * logRatio;
            if (ql > 0) {
                return power(small, q, base, plain) * Math.expm1(-ql) / (big - small);
            }
            return -power(big, q, base, plain) * Math.expm1(ql) / (big - small);
        }

        private double power(double x, double q, double base, boolean plain) {
            return plain ? Math.pow(x, q) : Math.pow(x / base, q);
        }

        @Override
        public double parameterDerivative(double x) {
            if (x == 0.0) {
                return 0.0;
            }
            double lx = x > 0 ? Math.log(x) : Math.log(-x);
            return pw(x) * lx;
        }
    }
}
