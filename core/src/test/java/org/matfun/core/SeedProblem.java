package org.matfun.core;

import org.matfun.core.operator.SymmetricOperator;

import java.util.Random;

/**
 * The seed problem of DESIGN 4: an SPD operator of order n with eigenvalues
 * exp(|linspace(-5, 5, n) + 0.4 N(0, 1)|) and a random orthogonal eigenbasis U (a product of random Householder
 * reflections, applied implicitly in O(n) per reflection), so that the exact spectrum and U^T x are known.
 */
public final class SeedProblem implements SymmetricOperator {

    private static final int REFLECTIONS = 8;

    public final int n;
    public final double[] lambda;
    private final double[][] w;

    public SeedProblem(int n, long seed) {
        this.n = n;
        Random rnd = new Random(seed);
        lambda = new double[n];
        for (int i = 0; i < n; i++) {
            double t = -5.0 + 10.0 * i / (n - 1);
            lambda[i] = Math.exp(Math.abs(t + 0.4 * rnd.nextGaussian()));
        }
        w = new double[REFLECTIONS][];
        for (int r = 0; r < REFLECTIONS; r++) {
            double[] x = DenseReference.gaussian(n, rnd);
            double s = 0;
            for (double d : x) {
                s += d * d;
            }
            s = Math.sqrt(s);
            for (int i = 0; i < n; i++) {
                x[i] /= s;
            }
            w[r] = x;
        }
    }

    /** y = H_r x for one vector (H_r = I - 2 w_r w_r^T). */
    private void reflect(double[] x, int r) {
        double[] wr = w[r];
        double d = 0;
        for (int i = 0; i < n; i++) {
            d += wr[i] * x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] -= 2 * d * wr[i];
        }
    }

    /** U^T x with U = H_1 H_2 ... H_m. */
    public double[] coefficients(double[] x) {
        double[] y = x.clone();
        for (int r = 0; r < REFLECTIONS; r++) {
            reflect(y, r);
        }
        return y;
    }

    /** U c. */
    public double[] synthesize(double[] c) {
        double[] y = c.clone();
        for (int r = REFLECTIONS - 1; r >= 0; r--) {
            reflect(y, r);
        }
        return y;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public long nonzeros() {
        return (long) n * n;
    }

    @Override
    public void apply(double[] x, double[] y, int blockSize) {
        double[] col = new double[n];
        for (int b = 0; b < blockSize; b++) {
            for (int i = 0; i < n; i++) {
                col[i] = x[i * blockSize + b];
            }
            double[] c = coefficients(col);
            for (int i = 0; i < n; i++) {
                c[i] *= lambda[i];
            }
            double[] out = synthesize(c);
            for (int i = 0; i < n; i++) {
                y[i * blockSize + b] = out[i];
            }
        }
    }
}
