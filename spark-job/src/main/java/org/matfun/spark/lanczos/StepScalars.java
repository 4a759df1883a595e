package org.matfun.spark.lanczos;

import java.io.Serializable;
import java.util.List;

/**
 * The driver's scalars for one distributed Lanczos job J_t (shipped in the task closure): normalization
 * 1/beta_{t-1} of the previous raw direction, alpha_t, beta_{t-1}, and for full reorthogonalization the
 * Gram-Schmidt coefficients to subtract (each of length t * B, against q_1..q_t).
 */
final class StepScalars implements Serializable {

    private static final long serialVersionUID = 1L;

    final boolean initial;
    final double[] inverseBeta;
    final double[] alpha;
    final double[] betaPrevious;
    final List<double[]> corrections;

    StepScalars(boolean initial, double[] inverseBeta, double[] alpha, double[] betaPrevious,
                List<double[]> corrections) {
        this.initial = initial;
        this.inverseBeta = inverseBeta;
        this.alpha = alpha;
        this.betaPrevious = betaPrevious;
        this.corrections = corrections;
    }
}
