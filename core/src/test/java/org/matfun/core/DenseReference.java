package org.matfun.core;

import dev.ludovic.netlib.lapack.LAPACK;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.operator.CsrMatrix;
import org.netlib.util.intW;

import java.util.Random;

/**
 * Exact references from a dense eigendecomposition A = U diag(lambda) U^T (LAPACK dsyev, test scope only):
 * u^T f(A) v = a^T f(Lambda) b with a = U^T u, b = U^T v, and the matrix gradient
 * dF/dA_pq = (U (Gamma o a b^T) U^T)_pq (Daleckii-Krein formula for the Frechet derivative).
 */
public final class DenseReference {

    public final int n;
    public final double[] lambda;
    /** U, column-major: U(i, j) = u[j * n + i]. */
    public final double[] u;

    public DenseReference(int n, double[] lambda, double[] u) {
        this.n = n;
        this.lambda = lambda;
        this.u = u;
    }

    /** Eigendecomposition of a dense symmetric n x n matrix (row-major = column-major by symmetry). */
    public static DenseReference of(double[] dense, int n) {
        double[] a = dense.clone();
        double[] w = new double[n];
        double[] work = new double[Math.max(1, 66 * n)];
        intW info = new intW(0);
        LAPACK.getInstance().dsyev("V", "U", n, a, n, w, work, work.length, info);
        if (info.val != 0) {
            throw new IllegalStateException("dsyev info " + info.val);
        }
        return new DenseReference(n, w, a);
    }

    public static DenseReference of(CsrMatrix a) {
        return of(a.toDense(), a.dimension());
    }

    /** U^T x. */
    public double[] coefficients(double[] x) {
        double[] c = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += u[j * n + i] * x[i];
            }
            c[j] = s;
        }
        return c;
    }

    /**
     * log(u^T exp(beta A) u) without overflow: beta lambda_max + log sum_j c_j^2 exp(beta (lambda_j - lambda_max)),
     * c = S^T u; for beta > 0.
     */
    public double logExpQuadraticForm(double[] u, double beta) {
        int n = lambda.length;
        double lmax = lambda[n - 1];
        double[] c = coefficients(u);
        double shifted = 0;
        for (int j = 0; j < n; j++) {
            shifted += c[j] * c[j] * Math.exp(beta * (lambda[j] - lmax));
        }
        return beta * lmax + Math.log(shifted);
    }

    /** u^T f(A) v in f's scale. */
    public double bilinear(ScaledFunction f, double[] x, double[] y) {
        double[] a = coefficients(x);
        double[] b = coefficients(y);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += a[j] * b[j] * f.value(lambda[j]);
        }
        return s;
    }

    /** dF/dA_pq for all p, q, n x n row-major: U (Gamma o a b^T) U^T. */
    public double[] matrixGradient(ScaledFunction f, double[] x, double[] y) {
        double[] a = coefficients(x);
        double[] b = coefficients(y);
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int l = 0; l < n; l++) {
                m[j * n + l] = f.dividedDifference(lambda[j], lambda[l]) * a[j] * b[l];
            }
        }
        // G = U M U^T
        double[] um = new double[n * n]; // row-major (U M)
        for (int p = 0; p < n; p++) {
            for (int l = 0; l < n; l++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += u[j * n + p] * m[j * n + l];
                }
                um[p * n + l] = s;
            }
        }
        double[] g = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double s = 0;
                for (int l = 0; l < n; l++) {
                    s += um[p * n + l] * u[l * n + q];
                }
                g[p * n + q] = s;
            }
        }
        return g;
    }

    /** sum_j a_j b_j d f_s(lambda_j)/ds. */
    public double parameterDerivative(ScaledFunction f, double[] x, double[] y) {
        double[] a = coefficients(x);
        double[] b = coefficients(y);
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += a[j] * b[j] * f.parameterDerivative(lambda[j]);
        }
        return s;
    }

    /**
     * A random sparse symmetric matrix with about {@code perRow} off-diagonal entries per row, values in
     * [-1, 1], and diagonal = shift + sum of |off-diagonal| of the row (so its eigenvalues lie in
     * [shift, shift + 2 max row sum]).
     */
    public static CsrMatrix randomSparse(int n, int perRow, double shift, Random rnd) {
        int m = n * perRow;
        int[] rows = new int[2 * m + n];
        int[] cols = new int[2 * m + n];
        double[] vals = new double[2 * m + n];
        double[] rowSum = new double[n];
        int e = 0;
        for (int t = 0; t < m; t++) {
            int i = rnd.nextInt(n);
            int j = rnd.nextInt(n);
            if (i == j) {
                continue;
            }
            double v = 2 * rnd.nextDouble() - 1;
            rows[e] = i;
            cols[e] = j;
            vals[e++] = v;
            rows[e] = j;
            cols[e] = i;
            vals[e++] = v;
            rowSum[i] += Math.abs(v);
            rowSum[j] += Math.abs(v);
        }
        for (int i = 0; i < n; i++) {
            rows[e] = i;
            cols[e] = i;
            vals[e++] = shift + rowSum[i];
        }
        return CsrMatrix.fromCoordinates(n, java.util.Arrays.copyOf(rows, e), java.util.Arrays.copyOf(cols, e),
                java.util.Arrays.copyOf(vals, e));
    }

    public static double[] gaussian(int n, Random rnd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }
}
