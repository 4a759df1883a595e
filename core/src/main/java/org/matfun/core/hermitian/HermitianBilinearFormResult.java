package org.matfun.core.hermitian;

import org.matfun.core.lanczos.Termination;

import java.util.List;

/**
 * The Lanczos estimate of the complex F = u^H f(A) v for a Hermitian A, and what it took.
 *
 * @param scaledValue           F e^{-logScale} (complex)
 * @param logScale              the scale of the value and of every gradient (DESIGN 2.6): a reported g means
 *                              g e^logScale; 0 unless the plain numbers could leave the double range
 * @param errorEstimate         estimated relative error |F_k - F| / |F_k| (DESIGN 2.5); 0 at an invariant subspace
 * @param gradientErrorEstimate estimated relative error of the requested gradients; NaN if none was requested
 * @param termination           CONVERGED, INVARIANT_SUBSPACE or STEP_BUDGET
 * @param steps                 Lanczos steps k (passes over A)
 * @param matvecs               matrix-vector products (steps times active starting vectors)
 * @param function              the function's specification, e.g. {@code expi:t=0.5}
 * @param parameterGradient     dF/dt (expi) or dF/dbeta (exp) in the scale e^logScale, or null if not requested
 * @param runs                  the quadratic-form runs (one for u = v, four for the complex polarization)
 * @param history               one record per step
 * @param patternGradient       G_pq = dF/dE_pq on the stored entries of A (2 nnz doubles interleaved, CSR order;
 *                              in-memory runs with a MATRIX gradient only), or null
 * @param entryGradient         dF/dRe(A_pq), dF/dIm(A_pq) for stored p <= q, or null
 */
public record HermitianBilinearFormResult(Complex scaledValue, double logScale, double errorEstimate,
                                          double gradientErrorEstimate, Termination termination, int steps,
                                          long matvecs, String function, Complex parameterGradient,
                                          List<HermitianRun> runs, List<HermitianStepRecord> history,
                                          double[] patternGradient, HermitianEntryGradient entryGradient)
        implements java.io.Serializable {

    /**
     * F itself, scaledValue e^logScale (an underflow to 0 is possible and harmless; see {@link #logAbsValue}).
     *
     * @throws IllegalStateException if F exceeds the double range: use {@link #scaledValue} and {@link #logScale}
     */
    public Complex value() {
        return unscale(scaledValue, "F");
    }

    /** log |F|, finite when {@link #value()} is out of range; -Infinity for F = 0. */
    public double logAbsValue() {
        return Math.log(scaledValue.abs()) + logScale;
    }

    /**
     * dF/dt or dF/dbeta itself.
     *
     * @throws IllegalStateException if it was not requested or exceeds the double range
     */
    public Complex parameterGradientValue() {
        if (parameterGradient == null) {
            throw new IllegalStateException("the parameter gradient was not requested (GradientKind.PARAMETER)");
        }
        return unscale(parameterGradient, "dF/d" + (function.startsWith("expi") ? "t" : "beta"));
    }

    private Complex unscale(Complex z, String what) {
        if (logScale == 0.0) {
            return z;
        }
        double r = z.abs();
        if (r == 0.0) {
            return Complex.ZERO;
        }
        double logAbs = Math.log(r) + logScale;
        Complex out = z.times(1.0 / r).times(Math.exp(logAbs));
        if (!out.isFinite()) {
            throw new IllegalStateException(what + " = (" + z + ") e^" + logScale + " exceeds the double range"
                    + " (log |" + what + "| = " + logAbs + "); use the scaled value and logScale");
        }
        return out;
    }
}
