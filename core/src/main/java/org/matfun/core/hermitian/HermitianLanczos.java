package org.matfun.core.hermitian;

import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;

import java.util.ArrayList;
import java.util.List;

/**
 * B independent Lanczos recurrences on a complex Hermitian matrix, on one machine (DESIGN 2.1 with conjugate
 * transposes): {@code q_1 = v / ||v||; w = A q_j - beta_{j-1} q_{j-1}; alpha_j = Re(q_j^H w); w -= alpha_j q_j;
 * beta_j = ||w||; q_{j+1} = w / beta_j}. With {@link Reorthogonalization#FULL}, w is orthogonalized against all
 * previous q by classical Gram-Schmidt with the Hermitian inner product, applied twice.
 *
 * <p>Since A is Hermitian, q_j^H A q_j is real: alpha_j is real and beta_j > 0, so T_k = Q_k^H A Q_k is the same
 * real symmetric tridiagonal as in the real case, and everything downstream of the alphas and betas (the
 * eigendecomposition of T_k, Ritz values, Gauss weights, divided differences, the stopping rule) is the real
 * code. This class implements {@link LanczosRecurrence}, so the real
 * {@link org.matfun.core.bilinear.BilinearFormEstimator} can drive it for a real function and real run
 * coefficients; the complex basis Q_k (n x k) is kept on request for the gradient.
 *
 * <p>IMPLEMENTATION NOTES: the imaginary part of q_j^H w (zero in exact arithmetic, of order eps ||A|| in
 * floating point) is dropped; that is the usual complex Hermitian Lanczos (e.g. ARPACK's znaupd on a Hermitian
 * operator, Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., Alg. 10.1.1 with conjugate transposes).
 * Breakdown (an invariant subspace) is {@link LanczosRecurrence#isBreakdown}, the real code's test.
 *
 * <p>Cost per step: one block product with A (8 flops per stored entry and vector) and three passes over the
 * n x B complex vectors; O(n B k) more with FULL. Memory: 3 x 2 n B doubles, plus the basis (2 n B k doubles)
 * when kept.
 */
public final class HermitianLanczos implements LanczosRecurrence {

    private final HermitianCsrMatrix a;
    private final int n;
    private final int bs;
    private final Reorthogonalization reorth;
    private final boolean keepBasis;
    private final double[] startNorms;
    private final boolean[] active;
    private final double[] tNorm;
    private final double[] betaPrev;
    private double[] qPrev;
    private double[] q;
    private final List<double[]> basis = new ArrayList<>();
    private int step;
    private long matvecs;

    /**
     * @param a         Hermitian matrix of order n
     * @param starts    B complex starting vectors, n x B interleaved (entry (i, b): re at 2 (i B + b), im at
     *                  2 (i B + b) + 1), length 2 n B; a zero column is inactive from the start
     * @param blockSize B >= 1
     * @param reorth    NONE or FULL (FULL keeps the basis)
     * @param keepBasis keep q_1..q_k (needed for the matrix gradient)
     * @throws IllegalArgumentException if B < 1, the length is not 2 n B, an entry is not finite, or reorth is null
     */
    public HermitianLanczos(HermitianCsrMatrix a, double[] starts, int blockSize, Reorthogonalization reorth,
                            boolean keepBasis) {
        this.a = a;
        this.n = a.dimension();
        this.bs = blockSize;
        if (blockSize < 1 || starts.length != 2L * n * blockSize) {
            throw new IllegalArgumentException("expected B >= 1 and 2 n B = " + (2L * n * blockSize)
                    + " starting entries (interleaved re, im), got B = " + blockSize + " and " + starts.length);
        }
        if (reorth == null) {
            throw new IllegalArgumentException("reorthogonalization must be NONE or FULL, got null");
        }
        for (int i = 0; i < starts.length; i++) {
            if (!Double.isFinite(starts[i])) {
                int entry = i / 2;
                throw new IllegalArgumentException("starting vector " + (entry % bs) + " has entry " + (entry / bs)
                        + " with " + (i % 2 == 0 ? "real" : "imaginary") + " part " + starts[i] + "; expected finite");
            }
        }
        this.reorth = reorth;
        this.keepBasis = keepBasis || reorth == Reorthogonalization.FULL;
        this.startNorms = new double[bs];
        this.active = new boolean[bs];
        this.tNorm = new double[bs];
        this.betaPrev = new double[bs];
        double[] sq = squaredNorms(starts);
        this.q = new double[2 * n * bs];
        for (int b = 0; b < bs; b++) {
            startNorms[b] = Math.sqrt(sq[b]);
            active[b] = startNorms[b] > 0;
        }
        for (int i = 0; i < n * bs; i++) {
            int b = i % bs;
            if (active[b]) {
                q[2 * i] = starts[2 * i] / startNorms[b];
                q[2 * i + 1] = starts[2 * i + 1] / startNorms[b];
            }
        }
        this.qPrev = new double[2 * n * bs];
    }

    @Override
    public int blockSize() {
        return bs;
    }

    @Override
    public double[] startNorms() {
        return startNorms.clone();
    }

    @Override
    public long matvecs() {
        return matvecs;
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    @Override
    public LanczosStep step() {
        step++;
        if (keepBasis) {
            basis.add(q); // never written again
        }
        double[] w = new double[2 * n * bs];
        a.multiply(q, w, bs);
        for (int b = 0; b < bs; b++) {
            if (active[b]) {
                matvecs++;
            }
        }
        // w -= beta_{j-1} q_{j-1}; alpha_j = Re(q_j^H w)
        double[] alphas = new double[bs];
        for (int i = 0; i < n * bs; i++) {
            int b = i % bs;
            double wr = w[2 * i] - betaPrev[b] * qPrev[2 * i];
            double wi = w[2 * i + 1] - betaPrev[b] * qPrev[2 * i + 1];
            w[2 * i] = wr;
            w[2 * i + 1] = wi;
            alphas[b] += q[2 * i] * wr + q[2 * i + 1] * wi;
        }
        // w -= alpha_j q_j, and ||w||^2
        double[] betas = new double[bs];
        for (int i = 0; i < n * bs; i++) {
            int b = i % bs;
            double wr = w[2 * i] - alphas[b] * q[2 * i];
            double wi = w[2 * i + 1] - alphas[b] * q[2 * i + 1];
            w[2 * i] = wr;
            w[2 * i + 1] = wi;
            betas[b] += wr * wr + wi * wi;
        }
        if (reorth == Reorthogonalization.FULL) {
            orthogonalizeAgainstBasis(w);
            orthogonalizeAgainstBasis(w);
            betas = squaredNorms(w);
        }
        boolean[] took = LanczosRecurrence.closeStep(alphas, betas, betaPrev, tNorm, active);
        for (int i = 0; i < n * bs; i++) {
            int b = i % bs;
            if (active[b]) {
                w[2 * i] /= betas[b];
                w[2 * i + 1] /= betas[b];
            } else {
                w[2 * i] = 0.0;
                w[2 * i + 1] = 0.0;
            }
        }
        qPrev = q;
        q = w;
        boolean[] finished = new boolean[bs];
        for (int b = 0; b < bs; b++) {
            betaPrev[b] = active[b] ? betas[b] : 0.0;
            finished[b] = !active[b];
        }
        return new LanczosStep(step, alphas, betas, took, finished);
    }

    /** w -= Q (Q^H w) column by column over the stored basis (classical Gram-Schmidt, one pass). */
    private void orthogonalizeAgainstBasis(double[] w) {
        int k = basis.size();
        double[][] cr = new double[k][bs];
        double[][] ci = new double[k][bs];
        for (int j = 0; j < k; j++) {
            double[] qj = basis.get(j);
            for (int i = 0; i < n * bs; i++) {
                int b = i % bs;
                // conj(q) w
                cr[j][b] += qj[2 * i] * w[2 * i] + qj[2 * i + 1] * w[2 * i + 1];
                ci[j][b] += qj[2 * i] * w[2 * i + 1] - qj[2 * i + 1] * w[2 * i];
            }
        }
        for (int j = 0; j < k; j++) {
            double[] qj = basis.get(j);
            for (int i = 0; i < n * bs; i++) {
                int b = i % bs;
                double xr = qj[2 * i];
                double xi = qj[2 * i + 1];
                w[2 * i] -= cr[j][b] * xr - ci[j][b] * xi;
                w[2 * i + 1] -= cr[j][b] * xi + ci[j][b] * xr;
            }
        }
    }

    private double[] squaredNorms(double[] x) {
        double[] s = new double[bs];
        for (int i = 0; i < n * bs; i++) {
            s[i % bs] += x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1];
        }
        return s;
    }

    /**
     * The first k basis vectors of column b, n x k complex row-major interleaved: Q(i, j) has its real part at
     * 2 (i k + j) and its imaginary part at 2 (i k + j) + 1.
     *
     * @param column b in [0, B)
     * @param k      number of vectors, 0 <= k <= steps taken
     * @throws IllegalStateException    if the basis was not kept or fewer than k steps were taken
     * @throws IllegalArgumentException if column is outside [0, B)
     */
    public double[] basis(int column, int k) {
        if (column < 0 || column >= bs) {
            throw new IllegalArgumentException("column " + column + " is outside [0, " + bs + ")");
        }
        if (!keepBasis || k > basis.size() || k < 0) {
            throw new IllegalStateException("basis of " + k + " vectors requested, but "
                    + (keepBasis ? basis.size() + " were kept" : "the basis was not kept"));
        }
        double[] out = new double[2 * n * k];
        for (int j = 0; j < k; j++) {
            double[] qj = basis.get(j);
            for (int i = 0; i < n; i++) {
                int src = 2 * (i * bs + column);
                int dst = 2 * (i * k + j);
                out[dst] = qj[src];
                out[dst + 1] = qj[src + 1];
            }
        }
        return out;
    }
}
