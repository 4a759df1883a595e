package org.matfun.core.trace;

import org.matfun.core.bilinear.QuadratureRun;

/**
 * Control variates for Hutchinson estimates at no extra matvec: the probe's Krylov moments
 * x_1 = z^T A z = ||z||^2 alpha_1 and x_2 = z^T A^2 z = ||z||^2 (alpha_1^2 + beta_1^2) come from the first
 * Lanczos step, and their exact means E x_1 = tr A, E x_2 = tr A^2 = ||A||_F^2 from one pass over the
 * entries. The adjusted samples y_b - gamma^T (x_b - tr) with the least-squares gamma (regression of y on x over
 * the probes) keep the mean and remove the part of the variance that z^T f(A) z shares with the degree-2
 * polynomial p(A) = gamma_1 A + gamma_2 A^2 (Rubinstein and Marcus 1985; for trace estimation cf. Adams et al.
 * 2018 "Estimating the spectral density of large implicit matrices", control variates for Hutchinson).
 *
 * <p>IMPLEMENTATION NOTES: with gamma estimated from the same m probes the estimator has an O(1/m) bias
 * (negligible beside the standard error) and the standard error uses m - 1 - c degrees of freedom for c
 * controls. It pays off when f is close to a quadratic on the spectrum (e.g. log of a well-conditioned
 * shifted matrix); for strongly nonlinear f it does no harm beyond c degrees of freedom.
 */
public final class ControlVariates {

    /** Number of controls (z^T A z and z^T A^2 z). */
    public static final int CONTROLS = 2;

    private ControlVariates() {
    }

    /**
     * The Krylov moments of one probe's run: {z^T A z, z^T A^2 z} = ||z||^2 {alpha_1, alpha_1^2 + beta_1^2}
     * (beta_1 = 0 when the run stopped at an invariant subspace after one step).
     */
    public static double[] moments(QuadratureRun run) {
        if (run.steps() == 0) {
            return new double[2];
        }
        double n2 = run.startNorm() * run.startNorm();
        double a1 = run.alphas()[0];
        double b1 = run.steps() > 1 ? run.betas()[0] : 0.0;
        return new double[]{n2 * a1, n2 * (a1 * a1 + b1 * b1)};
    }

    /**
     * Control-variate estimates of the mean of each column of {@code samples}.
     *
     * @param samples      m x d samples (probe values, or gradient entries), in a common scale
     * @param controls     m x c control values x_b
     * @param controlMeans their exact means, length c
     * @param logScale     scale of the samples (copied into the estimates)
     * @return d estimates with standard errors on m - 1 - c degrees of freedom
     * @throws IllegalArgumentException if shapes disagree or m < c + 3
     */
    public static IntervalEstimate[] estimate(double[][] samples, double[][] controls, double[] controlMeans,
                                              double logScale) {
        int m = samples.length;
        int c = controlMeans.length;
        if (controls.length != m || m < c + 3) {
            throw new IllegalArgumentException("need m >= c + 3 = " + (c + 3) + " samples with one control row each,"
                    + " got " + m + " samples and " + controls.length + " control rows");
        }
        int d = samples[0].length;
        double[] xbar = new double[c];
        for (double[] row : controls) {
            if (row.length != c) {
                throw new IllegalArgumentException("control row of length " + row.length + "; expected " + c);
            }
            for (int j = 0; j < c; j++) {
                xbar[j] += row[j] / m;
            }
        }
        // normal equations of the centered, column-scaled controls (scaling keeps them well conditioned)
        double[] scale = new double[c];
        for (double[] row : controls) {
            for (int j = 0; j < c; j++) {
                scale[j] = Math.max(scale[j], Math.abs(row[j] - xbar[j]));
            }
        }
        double[] xx = new double[c * c];
        for (double[] row : controls) {
            for (int j = 0; j < c; j++) {
                for (int l = 0; l < c; l++) {
                    xx[j * c + l] += cs(row, xbar, scale, j) * cs(row, xbar, scale, l);
                }
            }
        }
        IntervalEstimate[] out = new IntervalEstimate[d];
        long dof = m - 1 - c;
        double t = StudentT.twoSidedQuantile(IntervalEstimate.COVERAGE, dof);
        for (int i = 0; i < d; i++) {
            double ybar = 0;
            for (double[] s : samples) {
                ybar += s[i] / m;
            }
            double[] xy = new double[c];
            for (int b = 0; b < m; b++) {
                for (int j = 0; j < c; j++) {
                    xy[j] += cs(controls[b], xbar, scale, j) * (samples[b][i] - ybar);
                }
            }
            double[] gamma = solve(xx.clone(), xy, c);
            double mean = ybar;
            for (int j = 0; j < c; j++) {
                gamma[j] = scale[j] == 0 ? 0.0 : gamma[j] / scale[j];
                mean -= gamma[j] * (xbar[j] - controlMeans[j]);
            }
            double ss = 0;
            for (int b = 0; b < m; b++) {
                double r = samples[b][i] - ybar;
                for (int j = 0; j < c; j++) {
                    r -= gamma[j] * (controls[b][j] - xbar[j]);
                }
                ss += r * r;
            }
            double se = Math.sqrt(ss / dof / m);
            out[i] = new IntervalEstimate(mean, se, mean - t * se, mean + t * se, m, logScale);
        }
        return out;
    }

    private static double cs(double[] row, double[] xbar, double[] scale, int j) {
        return scale[j] == 0 ? 0.0 : (row[j] - xbar[j]) / scale[j];
    }

    /** Solves the small symmetric system by Gaussian elimination with partial pivoting; singular directions -> 0. */
    private static double[] solve(double[] a, double[] b, int c) {
        double[] x = b.clone();
        double norm = 0;
        for (double v : a) {
            norm = Math.max(norm, Math.abs(v));
        }
        boolean[] dead = new boolean[c];
        for (int k = 0; k < c; k++) {
            int p = k;
            for (int i = k + 1; i < c; i++) {
                if (Math.abs(a[i * c + k]) > Math.abs(a[p * c + k])) {
                    p = i;
                }
            }
            if (p != k) {
                for (int j = 0; j < c; j++) {
                    double tmp = a[k * c + j];
                    a[k * c + j] = a[p * c + j];
                    a[p * c + j] = tmp;
                }
                double tmp = x[k];
                x[k] = x[p];
                x[p] = tmp;
            }
            if (Math.abs(a[k * c + k]) <= 1e-12 * norm) {
                dead[k] = true;
                continue;
            }
            for (int i = k + 1; i < c; i++) {
                double f = a[i * c + k] / a[k * c + k];
                for (int j = k; j < c; j++) {
                    a[i * c + j] -= f * a[k * c + j];
                }
                x[i] -= f * x[k];
            }
        }
        for (int k = c - 1; k >= 0; k--) {
            if (dead[k]) {
                x[k] = 0;
                continue;
            }
            double s = x[k];
            for (int j = k + 1; j < c; j++) {
                s -= a[k * c + j] * x[j];
            }
            x[k] = s / a[k * c + k];
        }
        return x;
    }
}
