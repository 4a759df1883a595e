package org.matfun.core.lanczos;

/**
 * A k-step Lanczos decomposition A Q_k = Q_k T_k + beta_k q_{k+1} e_k^T (DESIGN 2.1).
 *
 * @param alphas         diagonal of T_k, length k
 * @param betas          off-diagonal of T_k, length k - 1
 * @param residualNorm   beta_k, the norm of the last residual (0 at an invariant subspace)
 * @param startNorm      ||v||
 * @param basis          Q_k as n x k row-major (entry (i, j) at i * k + j), or null if not kept
 * @param termination    INVARIANT_SUBSPACE or STEP_BUDGET
 * @param matvecs        matrix-vector products used
 */
public record LanczosDecomposition(double[] alphas, double[] betas, double residualNorm, double startNorm,
                                   double[] basis, Termination termination, long matvecs) {

    /** k, the number of steps. */
    public int steps() {
        return alphas.length;
    }
}
