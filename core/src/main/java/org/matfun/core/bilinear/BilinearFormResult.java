package org.matfun.core.bilinear;

import org.matfun.core.lanczos.Termination;
import org.matfun.core.quadrature.ScaledValue;

import java.util.List;

/**
 * The Lanczos estimate of F = u^T f(A) v and what it took.
 *
 * @param value                 F in scaled form (value, logAbsValue, sign; DESIGN 2.6)
 * @param errorEstimate         estimated relative error of the value (DESIGN 2.5)
 * @param gradientErrorEstimate estimated relative error of the requested gradient; NaN if none was requested
 * @param termination           how it ended
 * @param steps                 Lanczos steps k (passes over A)
 * @param matvecs               matrix-vector products (steps times active starting vectors)
 * @param function              the function's specification, e.g. exp:beta=0.1
 * @param logScale              scale of the gradients: a reported gradient g means g e^logScale (0 unless the
 *                              plain values would overflow)
 * @param parameterGradient     dF/ds for f's parameter s, or null if not requested
 * @param runs                  the quadratic-form runs (one for u = v, two for polarization)
 * @param history               one record per step
 * @param patternGradient       G_ij on the stored nonzeros of a {@code CsrMatrix} A (in-memory runs only), or null
 * @param affineGradient        dF/dtheta_i for an {@code AffineOperator} A (in-memory runs only), or null
 * @param bounds                the certified interval of F with the verdict ({@link ValueBounds#certified()},
 *                              {@link ValueBounds#note()}), or null if no spectrum interval was given
 */
public record BilinearFormResult(ScaledValue value, double errorEstimate, double gradientErrorEstimate,
                                 Termination termination, int steps, long matvecs, String function,
                                 double logScale, ScaledValue parameterGradient, List<QuadratureRun> runs,
                                 List<StepRecord> history, double[] patternGradient, double[] affineGradient,
                                 ValueBounds bounds) implements java.io.Serializable {

    /** Same result with the in-memory gradients attached. */
    public BilinearFormResult withMatrixGradients(double[] pattern, double[] affine) {
        return new BilinearFormResult(value, errorEstimate, gradientErrorEstimate, termination, steps, matvecs,
                function, logScale, parameterGradient, runs, history, pattern, affine, bounds);
    }
}
