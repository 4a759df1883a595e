package org.matfun.bench.baselines;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.operator.CsrMatrix;
import org.netlib.util.intW;

/**
 * BASELINE, not the product path (DESIGN 2.7): exact u^T f(A) u and its gradient from the dense symmetric
 * eigendecomposition A = U diag(lambda) U^T (LAPACK {@code dsyev} via dev.ludovic.netlib). With c = U^T u and
 * Gamma_ij = f[lambda_i, lambda_j] (first divided difference), the value is sum_i c_i^2 f(lambda_i) and the
 * matrix gradient is G = U (Gamma o c c^T) U^T (Daleckii-Krein; Higham, "Functions of Matrices", Thm 3.11),
 * so d/dtheta u^T f(A + theta E) u = sum_pq E_pq G_pq and dF/dw_pq = G_pq + G_qp. Cost O(n^3) flops and 3 n^2
 * doubles: n up to a few thousand.
 */
public final class DenseReference {

    private final double[] lambda;
    private final double[] u;
    private final int n;

    private DenseReference(double[] lambda, double[] u, int n) {
        this.lambda = lambda;
        this.u = u;
        this.n = n;
    }

    /**
     * @throws IllegalStateException if dsyev fails
     */
    public static DenseReference of(CsrMatrix a) {
        int n = a.dimension();
        double[] d = a.toDense(); // row-major = column-major for a symmetric matrix
        double[] w = new double[n];
        intW info = new intW(0);
        double[] query = new double[1];
        LAPACK lapack = LAPACK.getInstance();
        lapack.dsyev("V", "U", n, d, n, w, query, -1, info);
        double[] work = new double[(int) query[0]];
        lapack.dsyev("V", "U", n, d, n, w, work, work.length, info);
        if (info.val != 0) {
            throw new IllegalStateException("LAPACK dsyev failed (info " + info.val + ") on a matrix of order " + n);
        }
        return new DenseReference(w, d, n);
    }

    /**
     * The reference from a known eigendecomposition (the seed problem is built as U diag(lambda) U^T), for when
     * dsyev of order n is too slow for the machine at hand. The stored matrix is the rounded product, so the
     * reference differs from the exact one of the stored matrix by O(eps ||A||) in the eigenvalues.
     *
     * @param lambda eigenvalues, length n
     * @param u      orthonormal eigenvectors, n x n column-major
     */
    public static DenseReference ofKnown(double[] lambda, double[] u) {
        return new DenseReference(lambda.clone(), u.clone(), lambda.length);
    }

    /** Eigenvalues in ascending order, length n. */
    public double[] eigenvalues() {
        return lambda.clone();
    }

    /**
     * @param value     u^T f(A) u
     * @param parameter d/ds u^T f_s(A) u for f's own parameter s (0 if none)
     * @param pattern   G_pq on the stored nonzeros of the pattern matrix, CSR order
     */
    public record Result(double value, double parameter, double[] pattern) {
    }

    /**
     * @param f       the function (plain scale)
     * @param v       length n
     * @param pattern the nonzeros on which G is wanted (order n)
     */
    public Result evaluate(MatrixFunction f, double[] v, CsrMatrix pattern) {
        ScaledFunction fs = f.unscaled();
        double[] c = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            int o = j * n;
            for (int i = 0; i < n; i++) {
                s += u[o + i] * v[i];
            }
            c[j] = s;
        }
        double value = 0.0;
        double param = 0.0;
        for (int j = 0; j < n; j++) {
            value += c[j] * c[j] * fs.value(lambda[j]);
            param += c[j] * c[j] * fs.parameterDerivative(lambda[j]);
        }
        double[] m = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int l = j; l < n; l++) {
                double g = fs.dividedDifference(lambda[j], lambda[l]) * c[j] * c[l];
                m[j * n + l] = g;
                m[l * n + j] = g;
            }
        }
        // Z = U M (column-major n x n); G_pq = sum_j Z(p, j) U(q, j)
        double[] z = new double[n * n];
        BLAS.getInstance().dgemm("N", "N", n, n, n, 1.0, u, n, m, n, 0.0, z, n);
        if (pattern.nonzeros() == (long) n * n) { // dense pattern (CSR order = row-major): G = Z U^T by dgemm
            double[] g = new double[n * n];
            BLAS.getInstance().dgemm("N", "T", n, n, n, 1.0, z, n, u, n, 0.0, g, n);
            return new Result(value, param, transpose(g, n));
        }
        double[] zr = transpose(z, n);
        double[] ur = transpose(u, n);
        int[] ptr = pattern.rowPointers();
        int[] col = pattern.columnIndices();
        double[] out = new double[col.length];
        for (int p = 0; p < n; p++) {
            int po = p * n;
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                int qo = col[e] * n;
                double s = 0.0;
                for (int j = 0; j < n; j++) {
                    s += zr[po + j] * ur[qo + j];
                }
                out[e] = s;
            }
        }
        return new Result(value, param, out);
    }

    /**
     * u^T L_f(A, E) u = sum_ij Gamma_ij c_i c_j (U^T E U)_ij, computed from the pattern gradient.
     */
    public static double directional(double[] patternGradient, CsrMatrix e) {
        double[] w = e.values();
        double s = 0.0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * patternGradient[i];
        }
        return s;
    }

    private static double[] transpose(double[] x, int n) {
        double[] t = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                t[i * n + j] = x[j * n + i];
            }
        }
        return t;
    }
}
