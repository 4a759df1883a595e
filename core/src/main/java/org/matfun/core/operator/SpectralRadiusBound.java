package org.matfun.core.operator;

/**
 * A guaranteed upper bound on the spectral radius rho(A) of an entrywise nonnegative matrix by the
 * Collatz-Wielandt formula: for any positive vector x, rho(A) <= max_i (A x)_i / x_i (rho(A) = rho(D^-1 A D) <=
 * ||D^-1 A D||_inf with D = diag(x); Horn and Johnson, Matrix Analysis, 2nd ed., Thm. 8.1.26). The vectors are the
 * power iterates x_j = (A + I)^j 1 / ||.||_inf, positive by construction, so the bound tightens towards rho(A) as the
 * iterates approach the Perron vector; the smallest bound over the iterates is returned, times (1 + 1e-12) for the
 * rounding of the products (each (A x)_i is a sum of nonnegative terms: relative error below nnz(row) eps).
 * For symmetric A, rho(A) = ||A||_2.
 *
 * <p>Cost: {@code iterations} products with A (one vector each), O(n) memory.
 */
public final class SpectralRadiusBound {

    private static final double ROUNDING_MARGIN = 1e-12;

    private SpectralRadiusBound() {
    }

    /**
     * @param a          entrywise nonnegative CSR matrix of order n
     * @param iterations power iterations, >= 1
     * @return an upper bound on rho(A), >= 0
     * @throws IllegalArgumentException if an entry is negative or iterations < 1
     */
    public static double of(CsrMatrix a, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations = " + iterations + "; expected >= 1");
        }
        double[] values = a.values();
        for (double v : values) {
            if (v < 0) {
                throw new IllegalArgumentException("the Collatz-Wielandt bound needs a nonnegative matrix; found " + v);
            }
        }
        int n = a.dimension();
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1.0);
        double[] y = new double[n];
        double best = Double.POSITIVE_INFINITY;
        for (int it = 0; it < iterations; it++) {
            a.apply(x, y, 1);
            double bound = 0.0;
            double max = 0.0;
            for (int i = 0; i < n; i++) {
                bound = Math.max(bound, y[i] / x[i]);
                y[i] += x[i]; // (A + I) x: stays positive
                max = Math.max(max, y[i]);
            }
            best = Math.min(best, bound);
            for (int i = 0; i < n; i++) {
                x[i] = y[i] / max;
                if (!(x[i] > 0)) {
                    x[i] = Double.MIN_NORMAL; // underflow of a far entry: any positive value keeps the bound valid
                }
            }
        }
        return best * (1 + ROUNDING_MARGIN);
    }
}
