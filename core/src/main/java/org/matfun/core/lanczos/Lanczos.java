package org.matfun.core.lanczos;

import org.matfun.core.operator.SymmetricOperator;

import java.util.Arrays;

/**
 * The plain Lanczos process from one starting vector: k = maxSteps steps (fewer at an invariant subspace),
 * returning T_k and, if asked, Q_k. For f(A) quantities with a stopping rule use {@code BilinearForm}.
 */
public final class Lanczos {

    private final LanczosOptions options;

    public Lanczos(LanczosOptions options) {
        this.options = options;
    }

    /**
     * Runs {@code options.maxSteps()} steps from v.
     *
     * @param a         symmetric operator of order n
     * @param v         starting vector, length n, nonzero
     * @param keepBasis return Q_k (n k doubles)
     * @throws IllegalArgumentException if v has the wrong length, a non-finite entry, or is zero
     */
    public LanczosDecomposition run(SymmetricOperator a, double[] v, boolean keepBasis) {
        if (v.length != a.dimension()) {
            throw new IllegalArgumentException("starting vector has length " + v.length + ", expected n = "
                    + a.dimension());
        }
        InMemoryLanczos rec = new InMemoryLanczos(a, v, 1, options.reorthogonalization(), keepBasis);
        if (rec.startNorms()[0] == 0) {
            throw new IllegalArgumentException("starting vector is zero");
        }
        double[] alphas = new double[options.maxSteps()];
        double[] betas = new double[options.maxSteps()];
        int k = 0;
        Termination how = Termination.STEP_BUDGET;
        while (k < options.maxSteps()) {
            LanczosStep s = rec.step();
            alphas[k] = s.alphas()[0];
            betas[k] = s.betas()[0];
            k++;
            if (LanczosRecurrence.isBreakdown(betas[k - 1], tNorm(alphas, betas, k))) {
                how = Termination.INVARIANT_SUBSPACE;
                break;
            }
        }
        return new LanczosDecomposition(Arrays.copyOf(alphas, k), Arrays.copyOf(betas, Math.max(0, k - 1)),
                betas[k - 1], rec.startNorms()[0], keepBasis ? rec.basis(0, k) : null, how, rec.matvecs());
    }

    private static double tNorm(double[] alphas, double[] betas, int k) {
        double t = 0;
        for (int j = 0; j < k; j++) {
            t = Math.max(t, Math.abs(alphas[j]) + (j > 0 ? betas[j - 1] : 0) + betas[j]);
        }
        return t;
    }
}
