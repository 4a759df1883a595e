package org.matfun.spark.lanczos;

import org.matfun.core.lanczos.LanczosStep;

import java.util.List;

/**
 * The driver side of a distributed Lanczos run after step {@code step}: everything needed, with the saved
 * block states, to continue exactly where it stopped (checkpoint and resume).
 *
 * @param step          t, the steps taken
 * @param width         B
 * @param startNorms    ||v_b||, length B
 * @param active        columns still running, length B
 * @param tNorm         ||T|| estimates for the breakdown test, length B
 * @param betaPrevious  beta_t per column, length B
 * @param nextAlpha     alpha_{t+1} per column, length B
 * @param matvecs       matvecs so far
 * @param startMatvecs  matvecs of the starting job J_0
 * @param haloBytes     halo bytes shuffled so far
 * @param history       the steps 1..t as returned to the driver
 */
public record LanczosSnapshot(int step, int width, double[] startNorms, boolean[] active, double[] tNorm,
                              double[] betaPrevious, double[] nextAlpha, long matvecs, long startMatvecs,
                              long haloBytes, List<LanczosStep> history) {
}
