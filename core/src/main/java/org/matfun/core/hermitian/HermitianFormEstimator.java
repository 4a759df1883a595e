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
 * <p>Many parameter values (issue 14, {@link #runAll}): T_k does not depend on f, so one recurrence serves a list
 * f_1..f_F ({@link ComplexFunctionList}). The f-independent work of a step (the decompositions of T_k, the Gauss
 * weights b_j^2, the mirrored-runs test, the spectrum's ends) is done once; each f_i has its own scale, value, error
 * estimate, gradient estimates, history and termination, and its result (H, parameter gradient) is taken at the step
 * where it stopped. The recurrence steps until every f_i has stopped or the budget is spent. Each f_i's result is
 * the single-value run's bit for bit: {@link #run} is runAll of one function, and the values do not interact.
 *
 * <p>Cost on the driver per step: O(B k^2) (dstevr) once, plus O(F B k) for the F values (one complex exponential
 * per Ritz value and value), plus O(F B k^3) every 10 steps for matrix gradients; memory O(B k^2 + F B k^2 with
 * matrix gradients), independent of n.
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
        if (f == null) {
            throw new IllegalArgumentException("function, options and gradients must not be null");
        }
        check(options, gradients, f.spec());
        this.f = f;
        this.options = options;
        this.gradients = gradients.isEmpty() ? EnumSet.noneOf(GradientKind.class) : EnumSet.copyOf(gradients);
    }

    /**
     * The estimator of many functions from one recurrence ({@link #runAll}); {@link #run} then needs a function and
     * is refused.
     *
     * @param options   step budget and tolerances, the same for every function (stop rule ESTIMATE)
     * @param gradients derivatives whose error also controls each function's stopping
     * @throws IllegalArgumentException as the one-function constructor
     */
    public HermitianFormEstimator(LanczosOptions options, Set<GradientKind> gradients) {
        check(options, gradients, "a complex function");
        this.f = null;
        this.options = options;
        this.gradients = gradients.isEmpty() ? EnumSet.noneOf(GradientKind.class) : EnumSet.copyOf(gradients);
    }

    private static void check(LanczosOptions options, Set<GradientKind> gradients, String what) {
        if (options == null || gradients == null) {
            throw new IllegalArgumentException("function, options and gradients must not be null");
        }
        if (options.stop() == StopRule.BOUND) {
            throw new IllegalArgumentException("the BOUND stopping rule needs two-sided bounds, which " + what
                    + " does not have; use StopRule.ESTIMATE");
        }
    }

    /**
     * Runs the recurrence until the stopping rule says so (the constructor's function).
     *
     * @param recurrence   B runs, already started
     * @param coefficients c_r, length B
     * @return value, estimates, termination, runs (with H when a MATRIX gradient is requested), parameter gradient;
     *         patternGradient and entryGradient are null (they need the basis: {@link HermitianBilinearForm})
     * @throws IllegalArgumentException if the coefficients do not match the block size, or the estimator was built
     *                                  without a function
     * @throws IllegalStateException    if a starting norm, alpha, beta or the value is not finite, or LAPACK fails
     */
    public HermitianBilinearFormResult run(LanczosRecurrence recurrence, Complex[] coefficients) {
        if (f == null) {
            throw new IllegalArgumentException("this estimator was built without a function: use runAll");
        }
        return runAll(recurrence, coefficients, List.of(f), HermitianSweepListener.NONE).get(0);
    }

    /** {@link #runAll(LanczosRecurrence, Complex[], List, HermitianSweepListener)} without a listener. */
    public List<HermitianBilinearFormResult> runAll(LanczosRecurrence recurrence, Complex[] coefficients,
                                                    List<ComplexFunction> functions) {
        return runAll(recurrence, coefficients, functions, HermitianSweepListener.NONE);
    }

    /**
     * Runs the recurrence once for all functions, until every one has stopped (its own CONVERGED, or
     * INVARIANT_SUBSPACE, or the step budget); one result per function, in order, each with the steps, matvecs,
     * runs, history and termination at the step where that function stopped, bit-identical to {@link #run} of that
     * function alone on the same recurrence.
     *
     * @param recurrence   B runs, already started (in memory, or a distributed one: only alphas and betas are read)
     * @param coefficients c_r, length B
     * @param functions    f_1..f_F, at least one ({@link ComplexFunctionList#functions()})
     * @param listener     per step, the records of the functions still running (null for those stopped earlier)
     * @throws IllegalArgumentException if the list is empty or has a null entry, or the coefficients do not match
     *                                  the block size
     * @throws IllegalStateException    as {@link #run}, for any function still running
     */
    public List<HermitianBilinearFormResult> runAll(LanczosRecurrence recurrence, Complex[] coefficients,
                                                    List<ComplexFunction> functions, HermitianSweepListener listener) {
        if (functions == null || functions.isEmpty() || functions.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("runAll needs at least one function and no null entry");
        }
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
        Shared sh = new Shared(bs, new TridiagonalColumns(norms, options.maxSteps()), norms, coefficients);
        int nf = functions.size();
        Tracker[] trackers = new Tracker[nf];
        for (int i = 0; i < nf; i++) {
            trackers[i] = new Tracker(functions.get(i), sh);
        }
        int running = nf;
        if (sh.t.allFinished()) {
            for (Tracker tr : trackers) {
                tr.finish(Termination.INVARIANT_SUBSPACE, recurrence);
            }
            running = 0;
        }
        HermitianStepRecord[] records = new HermitianStepRecord[nf];
        while (running > 0) {
            sh.advance(recurrence.step());
            long matvecs = recurrence.matvecs();
            for (int i = 0; i < nf; i++) {
                Tracker tr = trackers[i];
                if (tr.termination != null) {
                    records[i] = null;
                    continue;
                }
                records[i] = tr.step(matvecs);
                Termination end = null;
                if (tr.done()) {
                    end = Termination.CONVERGED;
                } else if (sh.t.allFinished()) {
                    end = Termination.INVARIANT_SUBSPACE;
                } else if (sh.step >= options.maxSteps()) {
                    end = Termination.STEP_BUDGET;
                }
                if (end != null) {
                    tr.finish(end, recurrence);
                    running--;
                }
            }
            listener.onStep(sh.step, Arrays.asList(records.clone()));
        }
        List<HermitianBilinearFormResult> out = new ArrayList<>(nf);
        for (Tracker tr : trackers) {
            out.add(tr.result);
        }
        return List.copyOf(out);
    }

    /**
     * What every function shares at a step: T_k of each run, its decomposition, the Gauss weights b_j^2, the
     * ends of the spectrum seen so far, max |lambda| and whether the runs still mirror each other.
     */
    private static final class Shared {
        final int bs;
        final TridiagonalColumns t;
        final double[] norms;
        final Complex[] coefficients;
        /** The current decomposition of each run (kept from its last step once the run has finished). */
        final TridiagonalEigen[] eig;
        /** b_j^2 = (||z_r|| S_1j)^2 of eig[r]. */
        final double[][] weights;
        boolean mirrored;
        int step;
        double lo;
        double hi;
        double ritzNorm;

        Shared(int bs, TridiagonalColumns t, double[] norms, Complex[] coefficients) {
            this.bs = bs;
            this.t = t;
            this.norms = norms;
            this.coefficients = coefficients;
            this.eig = new TridiagonalEigen[bs];
            this.weights = new double[bs][];
            this.mirrored = bs > 1 && allNormsEqual(norms);
        }

        void advance(LanczosStep s) {
            step++;
            t.append(s, step);
            for (int r = 0; r < bs; r++) {
                if (s.active()[r]) {
                    eig[r] = TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r));
                    weights[r] = GaussQuadrature.of(eig[r], norms[r]).weights();
                }
            }
            // runs from u + i^r v whose supports have not met give bit-identical T_k: F is exactly 0 and its
            // differences say nothing about convergence (as for the real polarization pair)
            mirrored = mirrored && allTridiagonalsEqual(t, bs);
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            ritzNorm = 0.0;
            for (TridiagonalEigen e : eig) {
                if (e != null) {
                    lo = Math.min(lo, e.min());
                    hi = Math.max(hi, e.max());
                    ritzNorm = Math.max(ritzNorm, e.norm());
                }
            }
        }
    }

    /** One function's state: its scale, value, estimates, gradient changes, history and, once stopped, result. */
    private final class Tracker {
        final ComplexFunction f;
        final Shared sh;
        final ConvergenceMonitor monitor = new ConvergenceMonitor();
        final GradientChange changeRe;
        final GradientChange changeIm;
        final boolean matrix = gradients.contains(GradientKind.MATRIX);
        final boolean param = gradients.contains(GradientKind.PARAMETER);
        final List<HermitianStepRecord> history = new ArrayList<>();
        Complex previous;
        double previousScale;
        Complex current = Complex.ZERO;
        double logScale;
        double prevHScale;
        Complex prevParam;
        double prevParamScale;
        double valueEstimate = Double.POSITIVE_INFINITY;
        double gradientEstimate = gradients.isEmpty() ? Double.NaN : Double.POSITIVE_INFINITY;
        int satisfied;
        Termination termination;
        HermitianBilinearFormResult result;

        Tracker(ComplexFunction f, Shared sh) {
            this.f = f;
            this.sh = sh;
            this.changeRe = new GradientChange(sh.bs);
            this.changeIm = new GradientChange(sh.bs);
        }

        boolean done() {
            boolean gradientOk = gradients.isEmpty() || gradientEstimate <= options.gradientTolerance();
            return satisfied >= 2 && gradientOk;
        }

        HermitianStepRecord step(long matvecs) {
            int bs = sh.bs;
            int step = sh.step;
            Complex[] coefficients = sh.coefficients;
            logScale = sh.lo <= sh.hi ? f.logScaleOn(sh.lo, sh.hi) : 0.0;
            double termScale = 0.0;
            double vr = 0.0;
            double vi = 0.0;
            for (int r = 0; r < bs; r++) {
                if (sh.eig[r] == null) {
                    continue;
                }
                // Q_r = sum_j b_j^2 f(lambda_j) and sum_j b_j^2 |f(lambda_j)|, one f(lambda_j) per Ritz value
                double[] lambda = sh.eig[r].ritzValues();
                double[] w = sh.weights[r];
                double qr = 0.0;
                double qi = 0.0;
                double qa = 0.0;
                for (int j = 0; j < w.length; j++) {
                    // f(lambda_j) e^{-L} = m e^{i phase} as ComplexFunction.value forms it; |f| = m
                    double m = f.modulus(lambda[j], logScale);
                    double phase = f.phase(lambda[j]);
                    qa += w[j] * m;
                    if (phase == 0.0) {
                        qr += w[j] * m;
                    } else {
                        qr += w[j] * (m * Math.cos(phase));
                        qi += w[j] * (m * Math.sin(phase));
                    }
                }
                Complex c = coefficients[r];
                vr += c.re() * qr - c.im() * qi;
                vi += c.re() * qi + c.im() * qr;
                termScale += c.abs() * qa;
            }
            Complex value = new Complex(vr, vi);
            if (!value.isFinite()) {
                throw new IllegalStateException("the value of " + f.spec() + " at step " + step + " is " + value
                        + " in the scale e^" + logScale + ": out of the double range");
            }
            current = value;
            double absEstimate = previous == null ? Double.POSITIVE_INFINITY
                    : monitor.valueEstimate(value.minus(previous.times(Math.exp(previousScale - logScale))).abs());
            valueEstimate = relative(absEstimate, value.abs());
            double roundingFloor = 16 * EPS * (1 + f.coefficient().abs() * sh.ritzNorm) * termScale;
            boolean valueOk = !sh.mirrored
                    && absEstimate <= Math.max(options.tolerance() * value.abs(), roundingFloor);
            satisfied = valueOk ? satisfied + 1 : 0;
            previous = value;
            previousScale = logScale;

            double gradientChange = Double.NaN;
            if (!gradients.isEmpty() && step % ConvergenceMonitor.GRADIENT_STRIDE == 0) {
                double change = 0.0;
                boolean comparable = true;
                if (param) {
                    Complex g = parameterGradient(f, sh.eig, sh.norms, coefficients, logScale);
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
                        TridiagonalEigen e = sh.eig[r];
                        if (e == null) {
                            continue;
                        }
                        double[] dr = changeRe.measure(r, e, sh.norms[r], f.realPart(logScale), factor, step);
                        double[] di = changeIm.measure(r, e, sh.norms[r], f.imaginaryPart(logScale), factor, step);
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
            HermitianStepRecord rec = new HermitianStepRecord(step, current, logScale, valueEstimate, gradientChange,
                    matvecs);
            history.add(rec);
            return rec;
        }

        /** Ends this function at the current step and forms its result (H and the parameter gradient if asked). */
        void finish(Termination how, LanczosRecurrence recurrence) {
            termination = how;
            if (how == Termination.INVARIANT_SUBSPACE) {
                valueEstimate = 0.0;
                gradientEstimate = gradients.isEmpty() ? Double.NaN : 0.0;
            }
            List<HermitianRun> runs = new ArrayList<>();
            for (int r = 0; r < sh.bs; r++) {
                TridiagonalEigen e = sh.eig[r];
                double[][] h = matrix && e != null ? HermitianGradient.hMatrix(e, sh.norms[r], f, logScale) : null;
                runs.add(new HermitianRun(sh.coefficients[r], sh.norms[r], sh.t.steps(r), e, h == null ? null : h[0],
                        h == null ? null : h[1]));
            }
            Complex pg = param ? parameterGradient(f, sh.eig, sh.norms, sh.coefficients, logScale) : null;
            result = new HermitianBilinearFormResult(current, logScale, valueEstimate, gradientEstimate, termination,
                    sh.step, recurrence.matvecs(), f.spec(), pg, List.copyOf(runs), List.copyOf(history), null, null);
        }
    }

    /** sum_r c_r sum_j b_j^2 d f_s(lambda_j) / ds in the scale e^L. */
    private static Complex parameterGradient(ComplexFunction f, TridiagonalEigen[] eig, double[] norms,
                                             Complex[] coefficients, double logScale) {
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
