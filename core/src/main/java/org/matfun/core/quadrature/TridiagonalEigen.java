package org.matfun.core.quadrature;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import org.netlib.util.intW;

/**
 * Eigendecomposition T_k = S diag(lambda) S^T of a symmetric tridiagonal matrix (DESIGN 2.1), computed by
 * LAPACK {@code dstevr} (MRRR, O(k^2)) through {@code dev.ludovic.netlib}, falling back to {@code dstev}
 * (implicit QL/QR) if dstevr reports a failure.
 *
 * <p>Threads: without a native LAPACK, dev.ludovic.netlib runs F2J's Java translation, which keeps Fortran SAVE
 * variables as static fields ({@code Dlamch}'s cached constants, {@code Dlasq3}'s dqds state, {@code Dlasq4}'s shift
 * {@code g}); two threads in dstevr at once change each other's results (TridiagonalEigenThreadsTest saw Ritz values
 * 3.7e-13 apart from the same T_k). Such calls are therefore serialized on one lock; a native LAPACK is
 * called without it. In the run-parallel mode the tasks of an executor share the JVM, so this matters there.
 *
 * @param k          order of T_k
 * @param ritzValues eigenvalues lambda_1 <= ... <= lambda_k (the Ritz values), length k
 * @param vectors    eigenvectors S, k x k column-major: S(i, j) = vectors[j * k + i]
 */
public record TridiagonalEigen(int k, double[] ritzValues, double[] vectors) implements java.io.Serializable {

    /** Serializes the calls into F2J's LAPACK (static state; see the class comment). */
    private static final Object F2J_LOCK = new Object();

    /**
     * @param alphas diagonal, length >= k (first k used)
     * @param betas  off-diagonal, length >= k - 1 (first k - 1 used)
     * @param k      order, >= 1
     * @throws IllegalArgumentException if k < 1 or an entry is not finite
     * @throws IllegalStateException    if LAPACK fails (info != 0 from both dstevr and dstev)
     */
    public static TridiagonalEigen decompose(double[] alphas, double[] betas, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("tridiagonal order k = " + k + "; expected k >= 1");
        }
        double[] d = new double[k];
        double[] e = new double[k];
        for (int j = 0; j < k; j++) {
            d[j] = alphas[j];
            if (!Double.isFinite(d[j])) {
                throw new IllegalArgumentException("alpha_" + (j + 1) + " = " + d[j] + "; expected finite");
            }
            if (j < k - 1) {
                e[j] = betas[j];
                if (!Double.isFinite(e[j])) {
                    throw new IllegalArgumentException("beta_" + (j + 1) + " = " + e[j] + "; expected finite");
                }
            }
        }
        if (k == 1) {
            return new TridiagonalEigen(1, new double[]{d[0]}, new double[]{1.0});
        }
        LAPACK lapack = LAPACK.getInstance();
        if (lapack instanceof NativeLAPACK) {
            return run(lapack, d, e, k);
        }
        synchronized (F2J_LOCK) {
            return run(lapack, d, e, k);
        }
    }

    private static TridiagonalEigen run(LAPACK lapack, double[] d, double[] e, int k) {
        double[] w = new double[k];
        double[] z = new double[k * k];
        intW m = new intW(0);
        intW info = new intW(0);
        int[] isuppz = new int[2 * k];
        double[] work = new double[20 * k];
        int[] iwork = new int[10 * k];
        lapack.dstevr("V", "A", k, d.clone(), e.clone(), 0.0, 0.0, 0, 0, 0.0, m, w, z, k, isuppz,
                work, work.length, iwork, iwork.length, info);
        if (info.val == 0 && m.val == k) {
            return new TridiagonalEigen(k, w, z);
        }
        double[] d2 = d.clone();
        double[] e2 = e.clone();
        double[] z2 = new double[k * k];
        intW info2 = new intW(0);
        lapack.dstev("V", k, d2, e2, z2, k, new double[Math.max(1, 2 * k - 2)], info2);
        if (info2.val != 0) {
            throw new IllegalStateException("LAPACK dstevr (info " + info.val + ") and dstev (info " + info2.val
                    + ") failed on the tridiagonal T_" + k);
        }
        return new TridiagonalEigen(k, d2, z2);
    }

    /** S(i, j). */
    public double vector(int i, int j) {
        return vectors[j * k + i];
    }

    /** Smallest Ritz value. */
    public double min() {
        return ritzValues[0];
    }

    /** Largest Ritz value. */
    public double max() {
        return ritzValues[k - 1];
    }

    /** ||T_k||_2 = max |lambda|. */
    public double norm() {
        return Math.max(Math.abs(ritzValues[0]), Math.abs(ritzValues[k - 1]));
    }
}
