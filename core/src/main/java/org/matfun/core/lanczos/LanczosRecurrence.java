package org.matfun.core.lanczos;

/**
 * B independent Lanczos recurrences (DESIGN 2.1) advanced together, one block matvec per step. Implemented
 * in memory by {@link InMemoryLanczos} and on Spark by the job's distributed recurrence; the driver-side
 * quadrature, gradient and stopping rule ({@code BilinearFormEstimator}) only see this interface.
 *
 * <p>Breakdown: when beta_j <= {@link #BREAKDOWN_FACTOR} eps ||T_j|| for a column, the column stops (an
 * invariant subspace; its T_j is final) and later steps report it inactive.
 */
public interface LanczosRecurrence {

    /** beta_j <= BREAKDOWN_FACTOR * eps * ||T_j|| is an invariant subspace. */
    double BREAKDOWN_FACTOR = 16.0;

    /** Number B of starting vectors. */
    int blockSize();

    /** ||v_b|| of each starting vector, length B. */
    double[] startNorms();

    /** Advances every active column by one step. */
    LanczosStep step();

    /** Matrix-vector products so far (one per active column per step). */
    long matvecs();

    /** Is beta an invariant-subspace breakdown for a tridiagonal of norm estimate tNorm? */
    static boolean isBreakdown(double beta, double tNorm) {
        return Double.isFinite(beta) && Double.isFinite(tNorm) && beta <= BREAKDOWN_FACTOR * Math.ulp(1.0) * tNorm;
    }

    /**
     * The end of a block step, shared by the real and the complex recurrences: betas (length B) holds ||w||^2 and
     * becomes ||w||; an inactive column gets alpha = beta = 0; an active one updates its norm estimate tNorm with
     * |alpha| + betaPrev + beta and goes inactive on a breakdown ({@link #isBreakdown}).
     *
     * @return which columns were active when the step began (a copy of active before the update)
     */
    static boolean[] closeStep(double[] alphas, double[] betas, double[] betaPrev, double[] tNorm, boolean[] active) {
        boolean[] took = active.clone();
        for (int b = 0; b < betas.length; b++) {
            betas[b] = Math.sqrt(betas[b]);
            if (!active[b]) {
                alphas[b] = 0.0;
                betas[b] = 0.0;
                continue;
            }
            tNorm[b] = Math.max(tNorm[b], Math.abs(alphas[b]) + betaPrev[b] + betas[b]);
            if (isBreakdown(betas[b], tNorm[b])) {
                active[b] = false;
            }
        }
        return took;
    }
}
