package org.matfun.core.trace;

import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.AffineOperator;
import org.matfun.core.operator.SymmetricOperator;

/**
 * SLQ probe blocks on one machine: {@link InMemoryLanczos} from B probes, {@link SlqEstimator} for the values,
 * and, for an {@link AffineOperator} A = A_0 + sum_i theta_i A_i with gradients requested, the forward-only
 * affine gradient per probe (DESIGN 2.3): g_i = sum_jl M_jl (W^T A_i W)_jl, computed as
 * sum_p (Q H)[p, :] . (A_i Q)[p, :] by {@link ForwardOnlyGradient#accumulateAffine}.
 *
 * <p>Cost per block: k block matvecs (B probes), plus m block applies of width k per probe for the gradient.
 * Memory: 3 n B doubles, plus the basis n k B doubles (8 n k bytes per probe) when the gradient is requested.
 */
public final class InMemoryProbeRunner implements ProbeBlockRunner {

    private final SymmetricOperator a;
    private final MatrixFunction f;
    private final LanczosOptions options;
    private final TraceOptions trace;
    private final boolean gradient;

    /**
     * @param a        symmetric A of order n (an {@link AffineOperator} when a gradient is requested)
     * @param f        the function
     * @param options  Lanczos budget and tolerance per block
     * @param trace    seed and distribution of the probes
     * @param gradient compute d(z^T f(A) z)/dtheta_i per probe
     * @throws IllegalArgumentException if a gradient is requested and A is not an AffineOperator
     */
    public InMemoryProbeRunner(SymmetricOperator a, MatrixFunction f, LanczosOptions options, TraceOptions trace,
                               boolean gradient) {
        if (gradient && !(a instanceof AffineOperator)) {
            throw new IllegalArgumentException("a theta-gradient needs an AffineOperator, got "
                    + a.getClass().getSimpleName());
        }
        this.a = a;
        this.f = f;
        this.options = options;
        this.trace = trace;
        this.gradient = gradient;
    }

    /** Number m of gradient entries per probe (0 without gradient). */
    public int gradientDimension() {
        return gradient ? ((AffineOperator) a).components().size() : 0;
    }

    @Override
    public ProbeBlock run(long firstProbe, int blockSize) {
        int n = a.dimension();
        double[] z = trace.distribution().block(trace.seed(), firstProbe, blockSize, 0, n);
        InMemoryLanczos lanczos = new InMemoryLanczos(a, z, blockSize, options.reorthogonalization(), gradient);
        SlqBlock block = new SlqEstimator(f, options, gradient).run(lanczos, StepListener.NONE);
        double[][] g = null;
        if (gradient) {
            AffineOperator affine = (AffineOperator) a;
            g = new double[blockSize][affine.components().size()];
            for (int b = 0; b < blockSize; b++) {
                QuadratureRun run = block.result().runs().get(b);
                if (run.steps() > 0) {
                    ForwardOnlyGradient.accumulateAffine(affine.components(), lanczos.basis(b, run.steps()),
                            run.steps(), run.h(), 1.0, g[b]);
                }
            }
        }
        return new ProbeBlock(block.values(), g, block.logScale(), block.result().steps(),
                block.result().matvecs(), block.result().termination());
    }
}
