package org.matfun.spark.communicability;

/**
 * The one-sided estimate exp(beta A)_pq ~= (Q_k^T e_p)^T exp(beta T_k) e_1 from the run started at e_q
 * (DESIGN 2.2, the option beside polarization), evaluated without cancellation: for A >= 0 entrywise and beta >= 0
 * the Lanczos vectors' entries at the front of the Krylov space are products of positive numbers, and
 * y = exp(beta T_k) e_1 is summed as the Taylor series of exp(beta (T_k + s I)) e_1 with s = max(0, -min alpha),
 * whose terms are all nonnegative (T_k + s I has a nonnegative diagonal and positive off-diagonal betas), times
 * e^{-beta s}. So a pair whose communicability is 1e-40 of its nodes' subgraph centralities still gets its leading
 * digits, where polarization (Q(e_p + e_q) - Q(e_p - e_q)) / 4 returns rounding noise.
 * Cost on the driver: O(k t) for t Taylor terms (t ~ beta (||T_k|| + s) + 40).
 */
final class OneSidedValue {

    /** Largest beta (lambda_max + s) for which the unscaled Taylor terms stay far from overflow. */
    static final double MAX_EXPONENT = 600.0;

    private OneSidedValue() {
    }

    /**
     * y = exp(beta (T + s I)) e_1 by its Taylor series (entrywise relative accuracy ~ terms x eps) and s.
     *
     * @return y (length k) followed by s (length k + 1)
     * @throws IllegalArgumentException if beta < 0 or beta (||T|| + s) > MAX_EXPONENT
     */
    static double[] taylorExpE1(double[] alphas, double[] betas, int k, double beta) {
        if (beta < 0) {
            throw new IllegalArgumentException("--pair-method one-sided needs beta >= 0 (got " + beta + ")");
        }
        double s = 0.0;
        double norm = 0.0;
        for (int i = 0; i < k; i++) {
            s = Math.max(s, -alphas[i]);
        }
        for (int i = 0; i < k; i++) {
            double row = alphas[i] + s + (i > 0 ? betas[i - 1] : 0.0) + (i < k - 1 ? betas[i] : 0.0);
            norm = Math.max(norm, row);
        }
        if (beta * norm > MAX_EXPONENT) {
            throw new IllegalArgumentException("--pair-method one-sided: beta (||T_k|| + shift) = " + beta * norm
                    + " exceeds " + MAX_EXPONENT + "; use --pair-method polarization (scaled) or a smaller beta");
        }
        double[] y = new double[k + 1];
        double[] term = new double[k];
        double[] next = new double[k];
        term[0] = 1.0;
        y[0] = 1.0;
        for (int j = 1; j < 100_000; j++) {
            double c = beta / j;
            for (int i = 0; i < k; i++) {
                double v = (alphas[i] + s) * term[i];
                if (i > 0) {
                    v += betas[i - 1] * term[i - 1];
                }
                if (i < k - 1) {
                    v += betas[i] * term[i + 1];
                }
                next[i] = c * v;
            }
            double[] t = term;
            term = next;
            next = t;
            double worst = 0.0;
            for (int i = 0; i < k; i++) {
                y[i] += term[i];
                if (y[i] > 0) {
                    worst = Math.max(worst, term[i] / y[i]);
                }
            }
            if (j > beta * norm + 2 && worst < 1e-18) {
                break;
            }
        }
        y[k] = s;
        return y;
    }

    /**
     * exp(beta A)_pq from the basis row of p in the e_q run and that run's T_k, as {scaled, logScale}.
     *
     * @param row   q_1[p], ..., q_k[p] (entries a * stride + column of a kept-basis row)
     * @param steps k
     */
    static double[] value(double[] row, int stride, int column, double[] alphas, double[] betas, int steps,
                          double beta) {
        double[] y = taylorExpE1(alphas, betas, steps, beta);
        double f = 0.0;
        for (int a = 0; a < steps; a++) {
            f += row[a * stride + column] * y[a];
        }
        return new double[] {f, -beta * y[steps]};
    }
}
