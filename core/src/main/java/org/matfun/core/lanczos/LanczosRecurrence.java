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
}
