package org.matfun.core.lanczos;

/**
 * What one Lanczos step returns to the driver for each of the B starting vectors of a block: the diagonal
 * entry alpha_j of T_j and the norm beta_j of the new residual (the next off-diagonal entry if the run goes on).
 *
 * @param step   j, 1-based
 * @param alphas alpha_j per column, length B (0 for a column that is no longer active)
 * @param betas  beta_j per column, length B
 * @param active   per column, true if the column took this step (false once it met an invariant subspace
 *                 or started from the zero vector)
 * @param finished per column, true if the column takes no further step (this step's beta_j was a breakdown,
 *                 or it was already finished)
 */
public record LanczosStep(int step, double[] alphas, double[] betas, boolean[] active, boolean[] finished) {
}
