package org.matfun.core.hermitian;

import org.matfun.core.bilinear.ConvergenceMonitor;
import org.matfun.core.bilinear.GradientChange;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.StopRule;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The driver of a complex bilinear form F = sum_r c_r z_r^H f(A) z_r over the B runs of a
 * {@link LanczosRecurrence} on a Hermitian A, with complex coefficients c_r and a complex f (DESIGN 2.2-2.6 and
 * section 3, "Complex Hermitian matrices"). Only the alphas and betas cross this boundary, so the same driver
 * serves any recurrence that produces them (here {@link HermitianLanczos}).
 *
 * <p>Per step: each active run's real T_k is diagonalized with LAPACK ({@link TridiagonalEigen}); the Gauss rule
 * Q_r = ||z_r||^2 e_1^T f(T_k) e_1 = sum_j b_j^2 f(lambda_j) is the real {@link GaussQuadrature} applied to Re f and
 * Im f; F_k = sum_r c_r Q_r. Stopping (DESIGN 2.5, the real {@link ConvergenceMonitor}): Delta_k = |F_k - F_{k-1}|
 * (complex modulus), rate-corrected; the value test passes when the estimate is at most
 * max(tol |F_k|, 16 eps (1 + |c| max_j |lambda_j|) sum_r |c_r| sum_j b_j^2 |f(lambda_j)|), and the value is done
 * after two passes in a row. The second term is the rounding floor: the real code's 16 eps sum_r |c_r Q_r|, with
 * the terms of the Gauss rule in modulus (they cancel for an oscillating f, so |Q_r| can be far below their size)
 * and the rounding eps |c lambda| of the exponent c lambda of e^{c x} (the phase t lambda of e^{-i t x}). Below it
 * the successive differences are rounding noise and no further step can be resolved. A requested gradient
 * must also meet the gradient tolerance: every 10 steps the relative change of H (Frobenius, in k x k coordinates,
 * the real {@link GradientChange} on Re H and Im H, weighted by |c_r|^2) and of the parameter derivative feed the
 * monitor's gradient estimate. Terminations: CONVERGED, INVARIANT_SUBSPACE (every run broke down: the result is
 * exact), STEP_BUDGET.
 *
 * <p>Scale (DESIGN 2.6): L = {@link ComplexFunction#logScaleOn} over all Ritz values of the step, so every
 * e^{c lambda_j - L} has modulus <= 1 when a scale is used; a value that is still not finite (e.g. ||z||^2
 * overflows) is an IllegalStateException, never a silent NaN.
 *
 * <p>Cost on the driver per step: O(B k^2) (dstevr), plus O(B k^3) every 10 steps for a matrix gradient;
 * memory O(B k^2), independent of n.
 */
public final class HermitianFormEstimator {

    private static final double EPS = Math.ulp(1.0);

    private final ComplexFunction f;
    private final LanczosOptions options;
    private final Set<GradientKind> gradients;

    /**
     * @param f         the function
     * @param options   step budget and tolerances (reorthogonalization is the recurrence's business); the stop
     *                  rule must be ESTIMATE
     * @param gradients derivatives whose error also controls stopping
     * @throws IllegalArgumentException if an argument is null or the options ask for the BOUND stopping rule (no
     *                                  Gauss-Radau bounds for complex f)
     */
    public HermitianFormEstimator(ComplexFunction f, LanczosOptions options, Set<GradientKind> gradients) {
        if (f == null || options == null || gradients == null) {
            throw new IllegalArgumentException("function, options and gradients must not be null");
        }
        if (options.stop() == StopRule.BOUND) {
            throw new IllegalArgumentException("the BOUND stopping rule needs two-sided bounds, which a complex"
                    + " function " + f.spec() + " does not have; use StopRule.ESTIMATE");
        }
        this.f = f;
        this.options = options;
        this.gradients = gradients.isEmpty() ? EnumSet.noneOf(GradientKind.class) : EnumSet.copyOf(gradients);
    }

    /**
     * Runs the recurrence until the stopping rule says so.
     *
     * @param recurrence   B runs, already started
     * @param coefficients c_r, length B
     * @return value, estimates, termination, runs (with H when a MATRIX gradient is requested), parameter gradient;
     *         patternGradient and entryGradient are null (they need the basis: {@link HermitianBilinearForm})
     * @throws IllegalArgumentException if the coefficients do not match the block size
     * @throws IllegalStateException    if a starting norm, alpha, beta or the value is not finite, or LAPACK fails
     */
    public HermitianBilinearFormResult run(LanczosRecurrence recurrence, Complex[] coefficients) {
        int bs = recurrence.blockSize();
        if (coefficients.length != bs) {
            throw new IllegalArgumentException("expected " + bs + " coefficients, got " + coefficients.length);
        }
        double[] norms = recurrence.startNorms();
        for (int r = 0; r < bs; r++) {
            if (!Double.isFinite(norms[r]) || !Double.isFinite(norms[r] * norms[r])) {
                throw new IllegalStateException("the norm of starting vector " + (r + 1) + " is " + norms[r]
                        + ": its square overflows the double range; rescale the vector");
            }
        }
        TridiagonalColumns t = new TridiagonalColumns(norms, options.maxSteps());
        TridiagonalEigen[] eig = new TridiagonalEigen[bs];
        ConvergenceMonitor monitor = new ConvergenceMonitor();
        GradientChange changeRe = new GradientChange(bs);
        GradientChange changeIm = new GradientChange(bs);
        boolean matrix = gradients.contains(GradientKind.MATRIX);
        boolean param = gradients.contains(GradientKind.PARAMETER);
        List<HermitianStepRecord> history = new ArrayList<>();
        Complex previous = null;
        double previousScale = 0.0;
        Complex current = Complex.ZERO;
        double logScale = 0.0;
        double prevHScale = 0.0;
        Complex prevParam = null;
        double prevParamScale = 0.0;
        double valueEstimate = Double.POSITIVE_INFINITY;
        double gradientEstimate = gradients.isEmpty() ? Double.NaN : Double.POSITIVE_INFINITY;
        int satisfied = 0;
        int step = 0;
        boolean mirrored = bs > 1 && allNormsEqual(norms);
        Termination termination = t.allFinished() ? Termination.INVARIANT_SUBSPACE : null;
        while (termination == null) {
            LanczosStep s = recurrence.step();
            step++;
            t.append(s, step);
            for (int r = 0; r < bs; r++) {
                if (s.active()[r]) {
                    eig[r] = TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r));
                }
            }
            // runs from u + i^r v whose supports have not met give bit-identical T_k: F is exactly 0 and its
            // differences say nothing about convergence (as for the real polarization pair)
            mirrored = mirrored && allTridiagonalsEqual(t, bs);
            logScale = scale(eig);
            double termScale = 0.0;
            Complex value = Complex.ZERO;
            for (int r = 0; r < bs; r++) {
                if (eig[r] == null) {
                    continue;
                }
                Complex q = quadrature(eig[r], norms[r], logScale);
                value = value.plus(coefficients[r].times(q));
                termScale += coefficients[r].abs() * absoluteQuadrature(eig[r], norms[r], logScale);
            }
            if (!value.isFinite()) {
                throw new IllegalStateException("the value of " + f.spec() + " at step " + step + " is " + value
                        + " in the scale e^" + logScale + ": out of the double range");
            }
            current = value;
            double absEstimate = previous == null ? Double.POSITIVE_INFINITY
                    : monitor.valueEstimate(value.minus(previous.times(Math.exp(previousScale - logScale))).abs());
            valueEstimate = relative(absEstimate, value.abs());
            double roundingFloor = 16 * EPS * (1 + f.coefficient().abs() * ritzNorm(eig)) * termScale;
            boolean valueOk = !mirrored && absEstimate <= Math.max(options.tolerance() * value.abs(), roundingFloor);
            satisfied = valueOk ? satisfied + 1 : 0;
            previous = value;
            previousScale = logScale;

            double gradientChange = Double.NaN;
            if (!gradients.isEmpty() && step % ConvergenceMonitor.GRADIENT_STRIDE == 0) {
                double change = 0.0;
                boolean comparable = true;
                if (param) {
                    Complex g = parameterGradient(eig, norms, coefficients, logScale);
                    if (prevParam == null) {
                        comparable = false;
                    } else {
                        Complex d = g.minus(prevParam.times(Math.exp(prevParamScale - logScale)));
                        change = Math.max(change, relative(d.abs(), g.abs()));
                    }
                    prevParam = g;
                    prevParamScale = logScale;
                }
                if (matrix) {
                    double num = 0.0;
                    double den = 0.0;
                    double factor = Math.exp(prevHScale - logScale);
                    for (int r = 0; r < bs; r++) {
                        if (eig[r] == null) {
                            continue;
                        }
                        double[] dr = changeRe.measure(r, eig[r], norms[r], f.realPart(logScale), factor, step);
                        double[] di = changeIm.measure(r, eig[r], norms[r], f.imaginaryPart(logScale), factor, step);
                        double c2 = coefficients[r].abs() * coefficients[r].abs();
                        num += c2 * (dr[0] + di[0]);
                        den += c2 * (dr[1] + di[1]);
                        if (dr[2] == 0) {
                            comparable = false;
                        }
                    }
                    prevHScale = logScale;
                    change = Math.max(change, den == 0.0 ? (num == 0.0 ? 0.0 : Double.POSITIVE_INFINITY)
                            : Math.sqrt(num / den));
                }
                if (comparable) {
                    gradientChange = change;
                    gradientEstimate = monitor.gradientEstimate(change);
                }
            }
            history.add(new HermitianStepRecord(step, current, logScale, valueEstimate, gradientChange,
                    recurrence.matvecs()));
            boolean gradientOk = gradients.isEmpty() || gradientEstimate <= options.gradientTolerance();
            if (satisfied >= 2 && gradientOk) {
                termination = Termination.CONVERGED;
            } else if (t.allFinished()) {
                termination = Termination.INVARIANT_SUBSPACE;
            } else if (step >= options.maxSteps()) {
                termination = Termination.STEP_BUDGET;
            }
        }
        if (termination == Termination.INVARIANT_SUBSPACE) {
            valueEstimate = 0.0;
            gradientEstimate = gradients.isEmpty() ? Double.NaN : 0.0;
        }
        List<HermitianRun> runs = new ArrayList<>();
        for (int r = 0; r < bs; r++) {
            double[][] h = matrix && eig[r] != null ? HermitianGradient.hMatrix(eig[r], norms[r], f, logScale) : null;
            runs.add(new HermitianRun(coefficients[r], norms[r], t.steps(r), eig[r], h == null ? null : h[0],
                    h == null ? null : h[1]));
        }
        Complex pg = param ? parameterGradient(eig, norms, coefficients, logScale) : null;
        return new HermitianBilinearFormResult(current, logScale, valueEstimate, gradientEstimate, termination, step,
                recurrence.matvecs(), f.spec(), pg, List.copyOf(runs), List.copyOf(history), null, null);
    }

    /** ||z||^2 e_1^T f(T_k) e_1 = sum_j b_j^2 f(lambda_j) in the scale e^L (real Gauss rule on Re f and Im f). */
    private Complex quadrature(TridiagonalEigen e, double norm, double logScale) {
        GaussQuadrature g = GaussQuadrature.of(e, norm);
        return new Complex(g.apply(f.realPart(logScale)), f.isReal() ? 0.0 : g.apply(f.imaginaryPart(logScale)));
    }

    /**
     * sum_j b_j^2 |f(lambda_j)| in the scale e^L: the size of the terms of the Gauss rule, hence of its rounding
     * (for an oscillating f such as e^{-i t x} the terms cancel and |Q_r| is far below it).
     */
    private double absoluteQuadrature(TridiagonalEigen e, double norm, double logScale) {
        double s = 0.0;
        for (int j = 0; j < e.k(); j++) {
            double b = norm * e.vector(0, j);
            s += b * b * f.value(e.ritzValues()[j], logScale).abs();
        }
        return s;
    }

    /** max |lambda| over the runs' Ritz values. */
    private static double ritzNorm(TridiagonalEigen[] eig) {
        double m = 0.0;
        for (TridiagonalEigen e : eig) {
            if (e != null) {
                m = Math.max(m, e.norm());
            }
        }
        return m;
    }

    /** sum_r c_r sum_j b_j^2 d f_s(lambda_j) / ds in the scale e^L. */
    private Complex parameterGradient(TridiagonalEigen[] eig, double[] norms, Complex[] coefficients,
                                      double logScale) {
        Complex g = Complex.ZERO;
        for (int r = 0; r < eig.length; r++) {
            if (eig[r] != null) {
                GaussQuadrature q = GaussQuadrature.of(eig[r], norms[r]);
                Complex d = new Complex(q.applyParameterDerivative(f.realPart(logScale)),
                        q.applyParameterDerivative(f.imaginaryPart(logScale)));
                g = g.plus(coefficients[r].times(d));
            }
        }
        if (!g.isFinite()) {
            throw new IllegalStateException("the parameter gradient of " + f.spec() + " is " + g + " in the scale e^"
                    + logScale + ": out of the double range");
        }
        return g;
    }

    private double scale(TridiagonalEigen[] eig) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TridiagonalEigen e : eig) {
            if (e != null) {
                lo = Math.min(lo, e.min());
                hi = Math.max(hi, e.max());
            }
        }
        return lo <= hi ? f.logScaleOn(lo, hi) : 0.0;
    }

    private static boolean allNormsEqual(double[] norms) {
        for (double x : norms) {
            if (x != norms[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allTridiagonalsEqual(TridiagonalColumns t, int bs) {
        for (int r = 1; r < bs; r++) {
            int k = t.steps(0);
            if (t.steps(r) != k || t.lastBeta(r) != t.lastBeta(0)
                    || !Arrays.equals(t.alphas(0), 0, k, t.alphas(r), 0, k)
                    || !Arrays.equals(t.betas(0), 0, Math.max(0, k - 1), t.betas(r), 0, Math.max(0, k - 1))) {
                return false;
            }
        }
        return true;
    }

    private static double relative(double abs, double value) {
        if (abs == 0.0) {
            return 0.0;
        }
        return value == 0.0 ? Double.POSITIVE_INFINITY : abs / value;
    }
}
