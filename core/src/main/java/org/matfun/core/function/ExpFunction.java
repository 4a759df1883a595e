package org.matfun.core.function;

/**
 * f(x) = e^{s x} with s = beta any real. Divided difference (DESIGN 2.4):
 * f[a, b] = s e^{s m} sinh(s h) / (s h), m = (a + b) / 2, h = (a - b) / 2, accurate to a few eps (1 + |s m|),
 * for |s h| < 1; for wider pairs the equivalent s e^{max(sa, sb)} (-expm1(-d)) / d, d = |s (a - b)|, which
 * neither overflows nor forms 0 * Inf when the Ritz values spread over [-lambda_max, lambda_max].
 */
final class ExpFunction implements MatrixFunction {

    private final double beta;

    ExpFunction(double beta) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("exp: beta = " + beta + "; expected a finite real");
        }
        this.beta = beta;
    }

    /** The parameter value. */
    double beta() {
        return beta;
    }

    @Override
    public String name() {
        return "exp";
    }

    @Override
    public String spec() {
        return "exp:beta=" + MatrixFunction.format(beta);
    }

    @Override
    public boolean hasParameter() {
        return true;
    }

    @Override
    public String parameterName() {
        return "beta";
    }

    @Override
    public double parameter() {
        return beta;
    }

    @Override
    public Domain domain() {
        return Domain.REAL;
    }

    @Override
    public ScaledFunction scaledOn(double lo, double hi) {
        double natural = beta >= 0 ? beta * hi : beta * lo;
        return new Scaled(Math.abs(natural) > SCALE_THRESHOLD ? natural : 0.0);
    }

    @Override
    public DerivativeSign derivativeSign(int m, double lo, double hi) {
        ParameterFreeFunction.checkOrder(m, lo, hi);
        if (beta == 0.0) {
            return m == 0 ? DerivativeSign.NONNEGATIVE : DerivativeSign.ZERO;
        }
        // f^(m) = beta^m e^(beta x): the sign of beta^m everywhere
        return beta > 0 ? DerivativeSign.NONNEGATIVE : DerivativeSign.alternating(m);
    }

    @Override
    public ScaledFunction unscaled() {
        return new Scaled(0.0);
    }

    @Override
    public String toString() {
        return spec();
    }

    /** sinh(t) / t, with its series where t is tiny. */
    static double sinhc(double t) {
        double a = Math.abs(t);
        if (a < 1e-5) {
            return 1.0 + t * t / 6.0;
        }
        return Math.sinh(t) / t;
    }

    private final class Scaled implements ScaledFunction {
        private final double l;

        Scaled(double l) {
            this.l = l;
        }

        @Override
        public double logScale() {
            return l;
        }

        @Override
        public double value(double x) {
            return Math.exp(beta * x - l);
        }

        @Override
        public double derivative(double x) {
            return beta * Math.exp(beta * x - l);
        }

        @Override
        public double dividedDifference(double a, double b) {
            if (a == b) {
                return derivative(a);
            }
            double h = 0.5 * (a - b);
            double sh = beta * h;
            if (Math.abs(sh) < 1.0) {
                double m = 0.5 * a + 0.5 * b;
                return beta * Math.exp(beta * m - l) * sinhc(sh);
            }
            // wide pairs: s e^{max(sa, sb) - L} (1 - e^{-d}) / d with d = |s (a - b)|, free of 0 * Inf
            double top = Math.max(beta * a, beta * b);
            double d = Math.abs(beta * (a - b));
            return beta * Math.exp(top - l) * (-Math.expm1(-d) / d);
        }

        @Override
        public double parameterDerivative(double x) {
            return x * Math.exp(beta * x - l);
        }
    }
}
