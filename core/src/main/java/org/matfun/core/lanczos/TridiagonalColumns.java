package org.matfun.core.lanczos;

/**
 * The tridiagonal T_k of each of the B runs of a block Lanczos recurrence, filled step by step (DESIGN 2.1):
 * per run r, alpha_1..alpha_k, beta_1..beta_{k-1} (the off-diagonal of T_k), beta_k (the residual norm, the next
 * off-diagonal if the run continues), k, and whether the run has finished (breakdown or a zero start). The one
 * place where a {@link LanczosStep} is appended to the T_k's: core's estimator and the Spark job's batched
 * quadrature share it.
 */
public final class TridiagonalColumns {

    private final double[][] alphas;
    private final double[][] betas;
    private final double[] lastBeta;
    private final int[] k;
    private final boolean[] finished;

    /**
     * Empty T_0 for every run.
     *
     * @param startNorms ||b_r||, length B; a run with a zero start is finished from the start
     * @param capacity   the largest k to be stored (the step budget)
     */
    public TridiagonalColumns(double[] startNorms, int capacity) {
        int bs = startNorms.length;
        alphas = new double[bs][capacity];
        betas = new double[bs][capacity];
        lastBeta = new double[bs];
        k = new int[bs];
        finished = new boolean[bs];
        for (int r = 0; r < bs; r++) {
            finished[r] = startNorms[r] == 0.0;
        }
    }

    /**
     * Continues run r from an earlier T_k (not finished).
     *
     * @param alphas   alpha_1..alpha_k (at least k entries)
     * @param betas    beta_1..beta_{k-1}
     * @param steps    k, at most the capacity
     * @param lastBeta beta_k
     */
    public void resume(int r, double[] alphas, double[] betas, int steps, double lastBeta) {
        System.arraycopy(alphas, 0, this.alphas[r], 0, steps);
        System.arraycopy(betas, 0, this.betas[r], 0, Math.max(0, steps - 1));
        this.k[r] = steps;
        this.lastBeta[r] = lastBeta;
    }

    /**
     * Appends the step's alpha and beta to every run that took it.
     *
     * @param s    the recurrence's step
     * @param step its number (1-based), for the message
     * @throws IllegalStateException if an alpha or beta is not finite (the products A q overflow)
     */
    public void append(LanczosStep s, int step) {
        for (int r = 0; r < k.length; r++) {
            if (!s.active()[r]) {
                continue;
            }
            if (!Double.isFinite(s.alphas()[r]) || !Double.isFinite(s.betas()[r])) {
                throw new IllegalStateException("Lanczos step " + step + ", starting vector " + (r + 1)
                        + ": alpha = " + s.alphas()[r] + ", beta = " + s.betas()[r] + ". The products A q"
                        + " overflow the double range: rescale the matrix (f of a scaled matrix) or the vectors");
            }
            alphas[r][k[r]] = s.alphas()[r];
            if (k[r] > 0) {
                betas[r][k[r] - 1] = lastBeta[r];
            }
            lastBeta[r] = s.betas()[r];
            k[r]++;
            finished[r] = s.finished()[r];
        }
    }

    /** Number of runs B. */
    public int columns() {
        return k.length;
    }

    /** k of run r. */
    public int steps(int r) {
        return k[r];
    }

    /** alpha_1..alpha_k of run r: the live array (capacity entries; the first k are set). */
    public double[] alphas(int r) {
        return alphas[r];
    }

    /** beta_1..beta_{k-1} of run r: the live array (capacity entries; the first k - 1 are set). */
    public double[] betas(int r) {
        return betas[r];
    }

    /** beta_k of run r: its residual norm. */
    public double lastBeta(int r) {
        return lastBeta[r];
    }

    /** True if run r has finished (breakdown: invariant subspace, or a zero start). */
    public boolean finished(int r) {
        return finished[r];
    }

    /** True if every run has finished. */
    public boolean allFinished() {
        for (boolean f : finished) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
