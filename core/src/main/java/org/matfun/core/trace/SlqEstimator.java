package org.matfun.core.trace;

import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.EnumSet;

/**
 * Stochastic Lanczos quadrature for one block of probes (Ubaru, Chen, Saad 2017, "Fast estimation of tr(f(A))
 * via stochastic Lanczos quadrature", eq. 8): runs any {@link LanczosRecurrence} whose B columns start at the
 * probes z_1..z_B with core's {@link BilinearFormEstimator} (all coefficients 1, so its stopping rule and error
 * estimate apply to the block sum sum_b z_b^T f(A) z_b; domain checks of DESIGN 2.6b, overflow-safe scale of
 * DESIGN 2.6), then splits the result per probe. Works unchanged for the in-memory and the Spark recurrence.
 *
 * <p>Cost on the driver: that of the estimator, O(B k^2) per step; no access to A beyond the recurrence.
 */
public final class SlqEstimator {

    private final MatrixFunction f;
    private final LanczosOptions options;
    private final boolean matrixGradient;

    /**
     * @param f              the function
     * @param options        step budget and tolerance of each block's quadrature
     * @param matrixGradient keep H per probe (and let the gradient's error estimate control stopping); needed
     *                       for gradients along components other than I and A (the recurrence must keep its basis)
     */
    public SlqEstimator(MatrixFunction f, LanczosOptions options, boolean matrixGradient) {
        this.f = f;
        this.options = options;
        this.matrixGradient = matrixGradient;
    }

    /**
     * @param probes   B Lanczos runs started at the probes (not stepped yet)
     * @param listener one record per Lanczos step (values are block sums)
     * @return per-probe values and derivative quadratures
     * @throws org.matfun.core.function.DomainException if a Ritz value leaves f's domain (step and value named)
     * @throws IllegalStateException if the recurrence overflows or LAPACK fails
     */
    public SlqBlock run(LanczosRecurrence probes, StepListener listener) {
        int bs = probes.blockSize();
        double[] ones = new double[bs];
        java.util.Arrays.fill(ones, 1.0);
        EnumSet<GradientKind> kinds = matrixGradient ? EnumSet.of(GradientKind.MATRIX)
                : EnumSet.noneOf(GradientKind.class);
        BilinearFormResult r = new BilinearFormEstimator(f, options, kinds).run(probes, ones, listener);
        ScaledFunction sf = scaleOf(r);
        double[] values = new double[bs];
        double[] d1 = new double[bs];
        double[] dx = new double[bs];
        for (int b = 0; b < bs; b++) {
            QuadratureRun run = r.runs().get(b);
            TridiagonalEigen e = run.eigen();
            if (e == null) {
                continue;
            }
            double[] lambda = e.ritzValues();
            for (int j = 0; j < e.k(); j++) {
                double w = run.startNorm() * e.vector(0, j);
                w *= w;
                values[b] += w * sf.value(lambda[j]);
                double fp = sf.derivative(lambda[j]);
                d1[b] += w * fp;
                dx[b] += w * lambda[j] * fp;
            }
        }
        return new SlqBlock(values, d1, dx, sf.logScale(), r);
    }

    /** The scale the estimator ended in: f scaled on the hull of all final Ritz values (as the estimator does). */
    private ScaledFunction scaleOf(BilinearFormResult r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (QuadratureRun run : r.runs()) {
            if (run.eigen() != null) {
                lo = Math.min(lo, run.eigen().min());
                hi = Math.max(hi, run.eigen().max());
            }
        }
        ScaledFunction sf = lo <= hi ? f.scaledOn(lo, hi) : f.unscaled();
        if (sf.logScale() != r.logScale()) {
            throw new IllegalStateException("internal: quadrature scale " + sf.logScale()
                    + " differs from the estimator's " + r.logScale());
        }
        return sf;
    }
}
