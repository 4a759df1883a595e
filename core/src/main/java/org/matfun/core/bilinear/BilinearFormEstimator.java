package org.matfun.core.bilinear;

import org.matfun.core.function.Domain;
import org.matfun.core.function.DomainException;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.StopRule;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.quadrature.TridiagonalEigen;
import org.matfun.core.quadrature.TridiagonalEnds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The driver of a bilinear-form computation, F = sum_r c_r v_r^T f(A) v_r over the B runs of a
 * {@link LanczosRecurrence} (DESIGN 2.2-2.6). It keeps each run's T_k, diagonalizes it with LAPACK each step,
 * evaluates the Gauss quadrature in an overflow-safe scale, tracks the value and gradient error estimates
 * and stops (tolerance met, invariant subspace, or step budget). The same code drives the in-memory
 * recurrence and the Spark one: only alphas and betas cross this boundary.
 *
 * <p>Many parameter values (issue 14): T_k does not depend on f, so one recurrence serves a list of functions
 * f_1..f_F ({@link #runAll}). The decompositions of T_k are shared; each f_i has its own value, scale, error
 * estimate, bounds, gradient estimates and termination, and its result is taken at the step where it stopped
 * (its T_k then). The recurrence steps until every f_i has stopped.
 *
 * <p>Cost on the driver per step: O(B k^2) for the decompositions plus O(F B k) for the values (O(F B k^2) with
 * bounds or matrix gradients). Up to k = {@value #ENDS_FROM} LAPACK dstevr on each T_k; from there
 * on only the Ritz values and the first and last rows of the eigenvectors ({@link TridiagonalEnds}, implicit
 * QL on two rows: all the value, its error estimate and the residual need, with a much smaller constant), and
 * the full eigenvectors S (dstevr) only every 10 steps when a matrix gradient is requested, for H (O(B k^3) up to
 * k = 256, O(B k^2) beyond), and once at the end for the result. Memory O(B k^2), independent of n.
 */
public final class BilinearFormEstimator {

    /** A Ritz value within DOMAIN_FACTOR eps ||T_k|| of zero is treated as rounding (DESIGN 2.6b). */
    static final double DOMAIN_FACTOR = 100.0;
    /**
     * From this order k on, each step diagonalizes T_k only to its Ritz values and the first and last rows of S
     * ({@link TridiagonalEnds}, implicit QL) and forms the full S (dstevr) only when a gradient needs it. Below,
     * dstevr runs every step: it costs little there, and its Ritz values (dqds, high relative accuracy) vary
     * less from step to step at the rounding level, which the value's stopping rule compares
     * (docs/benchmarks-kernels.md has both costs).
     */
    static final int ENDS_FROM = 128;
    private static final double EPS = Math.ulp(1.0);
    /** Least steps BOUND_OR_ESTIMATE waits, once the estimate is met, for an interval containing 0 to tighten. */
    static final int FALLBACK_PATIENCE = 10;

    private final List<MatrixFunction> functions;
    private final LanczosOptions options;
    private final Set<GradientKind> gradients;
    /** Per function, the spectrum interval raised for its domain; null without bounds. */
    private final List<SpectrumBounds> spectra;

    /**
     * @param f         the function
     * @param options   step budget, tolerances (reorthogonalization is the recurrence's business)
     * @param gradients derivatives whose error also controls stopping; PARAMETER needs f to have a parameter
     * @throws IllegalArgumentException if PARAMETER is requested for a function without a parameter
     */
    public BilinearFormEstimator(MatrixFunction f, LanczosOptions options, Set<GradientKind> gradients) {
        this(List.of(f), options, gradients);
    }

    /**
     * The estimator of several functions from one recurrence ({@link #runAll}).
     *
     * @param functions f_1..f_F, at least one (e.g. {@link org.matfun.core.function.FunctionList#functions()})
     * @param options   step budget, tolerances (the same for every f_i)
     * @param gradients derivatives whose error also controls each f_i's stopping
     * @throws IllegalArgumentException for an empty list, or PARAMETER for a function without a parameter
     */
    public BilinearFormEstimator(List<MatrixFunction> functions, LanczosOptions options, Set<GradientKind> gradients) {
        this(functions, options, gradients, null);
    }

    private BilinearFormEstimator(List<MatrixFunction> functions, LanczosOptions options, Set<GradientKind> gradients,
                                  List<SpectrumBounds> spectra) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("no function to estimate");
        }
        for (MatrixFunction f : functions) {
            if (gradients.contains(GradientKind.PARAMETER) && !f.hasParameter()) {
                throw new IllegalArgumentException("function " + f.spec()
                        + " has no parameter to differentiate; use exp:beta=... or power:p=...");
            }
        }
        this.functions = List.copyOf(functions);
        this.options = options;
        this.gradients = gradients.isEmpty() ? EnumSet.noneOf(GradientKind.class) : EnumSet.copyOf(gradients);
        this.spectra = spectra;
    }

    /**
     * The same estimator with certified Gauss/Gauss-Radau bounds at every step (issue 16, {@link QuadratureBounds}).
     *
     * @param s a guaranteed interval containing the spectrum of A; its lower end is raised to 0 for functions
     *          whose domain assumes A positive semidefinite ({@link SpectrumBounds#forDomain})
     */
    public BilinearFormEstimator withSpectrum(SpectrumBounds s) {
        if (s == null) {
            return new BilinearFormEstimator(functions, options, gradients, null);
        }
        List<SpectrumBounds> per = new ArrayList<>();
        for (MatrixFunction f : functions) {
            per.add(s.forDomain(f.domain()));
        }
        return new BilinearFormEstimator(functions, options, gradients, per);
    }

    /**
     * Why two-sided bounds are not available for f on the spectrum interval s (at the first step), or null if they
     * are.
     */
    public static String boundsUnavailable(MatrixFunction f, SpectrumBounds s) {
        return QuadratureBounds.unavailable(f, s.forDomain(f.domain()));
    }

    /**
     * Runs the recurrence until the stopping rule says so (one function).
     *
     * @param recurrence   B runs, already started
     * @param coefficients c_r, length B
     * @param listener     receives one record per step
     * @throws IllegalArgumentException if the estimator holds more than one function, the coefficients do not match
     *                                  the block size, or the options ask for the BOUND stopping rule without
     *                                  two-sided bounds (no spectrum, or f's derivative signs are not constant on
     *                                  it: the message says why)
     * @throws DomainException       if a Ritz value leaves f's domain (with the step and the value)
     * @throws IllegalStateException if alpha, beta or a starting norm is not finite (overflow), LAPACK fails, or
     *                               the gradient is unbounded
     */
    public BilinearFormResult run(LanczosRecurrence recurrence, double[] coefficients, StepListener listener) {
        if (functions.size() != 1) {
            throw new IllegalArgumentException("run() estimates one function; this estimator holds "
                    + functions.size() + ": use runAll");
        }
        return runAll(recurrence, coefficients, (step, records) -> listener.onStep(records.get(0))).get(0);
    }

    /**
     * Runs the recurrence until every function has stopped; one result per function, in order, each with the
     * steps, matvecs, T_k runs, history and termination at the step where that function stopped.
     *
     * @param recurrence   B runs, already started
     * @param coefficients c_r, length B
     * @param listener     receives, per step, the records of the functions still running at that step (null for
     *                     those stopped earlier)
     * @throws IllegalArgumentException as {@link #run}, for any of the functions
     * @throws DomainException       if a Ritz value leaves the domain of a function still running
     * @throws IllegalStateException as {@link #run}
     */
    public List<BilinearFormResult> runAll(LanczosRecurrence recurrence, double[] coefficients, SweepListener listener) {
        int bs = recurrence.blockSize();
        if (coefficients.length != bs) {
            throw new IllegalArgumentException("expected " + bs + " coefficients, got " + coefficients.length);
        }
        if (options.stop().usesBounds()) {
            for (int i = 0; i < functions.size(); i++) {
                MatrixFunction f = functions.get(i);
                String why = spectra == null ? "no spectrum interval was given"
                        : QuadratureBounds.unavailable(f, spectra.get(i));
                if (why != null) {
                    throw new IllegalArgumentException("the BOUND stopping rule needs two-sided bounds for " + f.spec()
                            + ": " + why);
                }
            }
        }
        long t0 = System.nanoTime();
        double[] norms = recurrence.startNorms();
        for (int r = 0; r < bs; r++) {
            if (!Double.isFinite(norms[r])) {
                throw new IllegalStateException("the norm of starting vector " + (r + 1) + " is " + norms[r]
                        + ": its entries overflow the double range; rescale the vector");
            }
        }
        TridiagonalColumns t = new TridiagonalColumns(norms, options.maxSteps());
        Shared sh = new Shared(bs, t, norms, coefficients);
        int nf = functions.size();
        Tracker[] trackers = new Tracker[nf];
        for (int i = 0; i < nf; i++) {
            trackers[i] = new Tracker(functions.get(i), spectra == null ? null : spectra.get(i), sh);
        }
        int running = nf;
        if (t.allFinished()) {
            for (Tracker tr : trackers) {
                tr.finish(Termination.INVARIANT_SUBSPACE, recurrence);
            }
            running = 0;
        }
        // Polarization runs from u + v and u - v whose supports have not met yet (e_p +- e_q with p and q more
        // than ~2k hops apart) produce bit-identical T_k: the value is exactly 0 and its successive differences
        // are 0, which says nothing about convergence. While the two runs mirror each other the value test is off.
        boolean mirrored = bs == 2 && coefficients[0] == -coefficients[1] && norms[0] == norms[1];
        StepRecord[] records = new StepRecord[nf];
        while (running > 0) {
            LanczosStep s = recurrence.step();
            sh.step++;
            t.append(s, sh.step);
            sh.active = s.active();
            for (int r = 0; r < bs; r++) {
                if (!s.active()[r]) {
                    continue;
                }
                if (t.steps(r) < ENDS_FROM) {
                    sh.eig[r] = TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r));
                    sh.ends[r] = null;
                } else {
                    sh.ends[r] = endsOf(t.alphas(r), t.betas(r), t.steps(r));
                    sh.eig[r] = null;
                }
            }
            mirrored = mirrored && t.steps(0) == t.steps(1) && t.lastBeta(0) == t.lastBeta(1)
                    && Arrays.equals(t.alphas(0), 0, t.steps(0), t.alphas(1), 0, t.steps(1))
                    && Arrays.equals(t.betas(0), 0, Math.max(0, t.steps(0) - 1),
                            t.betas(1), 0, Math.max(0, t.steps(1) - 1));
            long matvecs = recurrence.matvecs();
            double elapsed = (System.nanoTime() - t0) * 1e-9;
            for (int i = 0; i < nf; i++) {
                Tracker tr = trackers[i];
                if (tr.termination != null) {
                    records[i] = null;
                    continue;
                }
                records[i] = tr.step(mirrored, matvecs, elapsed);
                Termination end = null;
                if (tr.done()) {
                    end = Termination.CONVERGED;
                } else if (t.allFinished()) {
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
        List<BilinearFormResult> out = new ArrayList<>(nf);
        for (Tracker tr : trackers) {
            out.add(tr.result);
        }
        return List.copyOf(out);
    }

    /** What all functions share at a step: T_k of each run and its (unclamped) decomposition. */
    private static final class Shared {
        final int bs;
        final TridiagonalColumns t;
        final double[] norms;
        final double[] coefficients;
        /** dstevr decomposition of run r's current T_k (below ENDS_FROM, or formed when a gradient needed S). */
        final TridiagonalEigen[] eig;
        /** Implicit-QL ends of run r's current T_k from ENDS_FROM on (null when eig is the source). */
        final TridiagonalEnds[] ends;
        /** Gauss-Radau extensions of the current T_k, shared by the functions' bounds. */
        final RadauRules radau;
        boolean[] active;
        int step;

        Shared(int bs, TridiagonalColumns t, double[] norms, double[] coefficients) {
            this.bs = bs;
            this.t = t;
            this.norms = norms;
            this.coefficients = coefficients;
            this.eig = new TridiagonalEigen[bs];
            this.ends = new TridiagonalEnds[bs];
            this.radau = new RadauRules(bs);
            this.active = new boolean[bs];
        }

        /** The full decomposition of run r's current T_k, formed once per step for all functions that need it. */
        TridiagonalEigen eigen(int r) {
            if (eig[r] == null) {
                eig[r] = TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r));
            }
            return eig[r];
        }
    }

    /** One function's state: its value, scale, estimates, bounds, gradients and, once stopped, its result. */
    private final class Tracker {
        final MatrixFunction f;
        final Shared sh;
        final TridiagonalEnds[] ends;
        // the full decomposition of each run's current T_k, formed only when a gradient needs S (null = stale)
        final TridiagonalEigen[] eig;
        final GradientChange hChange;
        final QuadratureBounds qb;
        final boolean byBounds = options.stop().usesBounds();
        /** True once BOUND_OR_ESTIMATE let the estimate decide (the interval contained 0 or was unbounded). */
        boolean fellBack;
        /** BOUND_OR_ESTIMATE: the step where the current window began (0: the estimate is not met now). */
        int windowStart;
        /** The interval's relative width when the window began. */
        double windowWidth;
        final ConvergenceMonitor monitor = new ConvergenceMonitor();
        final List<StepRecord> history = new ArrayList<>();
        double prevHScale = 0.0;
        ScaledValue prevParam;
        ValueBounds bounds;
        ScaledValue previous;
        ScaledValue current = new ScaledValue(0.0, 0.0);
        ScaledFunction sf;
        double valueEstimate = 0.0;
        double gradientEstimate = gradients.isEmpty() ? Double.NaN : Double.POSITIVE_INFINITY;
        int satisfied;
        boolean valueDone;
        Termination termination;
        BilinearFormResult result;

        Tracker(MatrixFunction f, SpectrumBounds spectrum, Shared sh) {
            this.f = f;
            this.sh = sh;
            this.ends = new TridiagonalEnds[sh.bs];
            this.eig = new TridiagonalEigen[sh.bs];
            this.hChange = new GradientChange(sh.bs);
            this.qb = spectrum == null ? null : new QuadratureBounds(f, spectrum, sh.coefficients, sh.radau);
            this.sf = f.unscaled();
        }

        boolean done() {
            boolean gradientOk = gradients.isEmpty() || gradientEstimate <= options.gradientTolerance();
            return valueDone && gradientOk;
        }

        StepRecord step(boolean mirrored, long matvecs, double elapsed) {
            int bs = sh.bs;
            int step = sh.step;
            TridiagonalColumns t = sh.t;
            double[] norms = sh.norms;
            double[] coefficients = sh.coefficients;
            for (int r = 0; r < bs; r++) {
                if (!sh.active[r]) {
                    continue;
                }
                if (sh.ends[r] == null) {
                    eig[r] = checkDomain(f, sh.eig[r], step);
                    ends[r] = TridiagonalEnds.of(eig[r]);
                } else {
                    ends[r] = checkDomain(f, sh.ends[r], step);
                    eig[r] = null;
                }
            }
            sf = scaleFor(f, ends);
            double logScale = sf.logScale();
            double value = 0.0;
            double termScale = 0.0;
            double residual = 0.0;
            for (int r = 0; r < bs; r++) {
                if (ends[r] == null) {
                    continue;
                }
                double q = GaussQuadrature.of(ends[r], norms[r]).apply(sf);
                value += coefficients[r] * q;
                termScale += Math.abs(coefficients[r] * q);
                residual += Math.abs(coefficients[r]) * norms[r] * norms[r] * t.lastBeta(r)
                        * Math.abs(lastRowTimesF(ends[r], sf));
            }
            current = new ScaledValue(value, logScale);
            double absEstimate = previous == null ? Double.POSITIVE_INFINITY
                    : monitor.valueEstimate(Math.abs(value - previous.in(logScale)));
            valueEstimate = relative(absEstimate, value);
            boolean valueOk = !mirrored
                    && absEstimate <= Math.max(options.tolerance() * Math.abs(value), 16 * EPS * termScale);
            satisfied = valueOk ? satisfied + 1 : 0;
            valueDone = satisfied >= 2;
            if (qb != null) {
                bounds = qb.update(t, ends, norms, sh.active);
                if (byBounds) {
                    // certified: the interval met the tolerance; otherwise, once the estimate is satisfied, the interval
                    // may be down to the rounding margin of the rules (width <= 4 margins + the value's rounding floor)
                    ScaledValue floor = qb.margin().times(4.0).plus(new ScaledValue(16 * EPS * termScale, logScale));
                    boolean tight = bounds.relativeWidth() <= options.tolerance();
                    boolean atFloor = valueDone && !mirrored && bounds.twoSided()
                            && ScaledValue.compare(bounds.width(), floor) <= 0;
                    // BOUND_OR_ESTIMATE: once the estimate is met, the interval gets windows of max(10, k/4) steps (k where
                    // the window began); the estimate decides when a whole window has not halved the relative width
                    // (an interval around 0 or stuck at a Radau rule's floor), while a tightening interval goes on
                    boolean uninformative = false;
                    if (options.stop() == StopRule.BOUND_OR_ESTIMATE && valueDone && !mirrored && !tight) {
                        double w = bounds.relativeWidth();
                        if (windowStart == 0) {
                            windowStart = step;
                            windowWidth = w;
                        } else if (step - windowStart >= Math.max(FALLBACK_PATIENCE, windowStart / 4)) {
                            uninformative = !(w < 0.5 * windowWidth);
                            windowStart = step;
                            windowWidth = w;
                        }
                    } else {
                        windowStart = 0;
                    }
                    fellBack = uninformative && !atFloor;
                    valueDone = tight || atFloor || uninformative;
                }
            }
            previous = current;

            double gradientChange = Double.NaN;
            if (!gradients.isEmpty() && step % ConvergenceMonitor.GRADIENT_STRIDE == 0) {
                double change = 0.0;
                boolean comparable = true;
                if (gradients.contains(GradientKind.PARAMETER)) {
                    ScaledValue g = parameterGradient(ends, norms, coefficients, sf);
                    if (prevParam == null) {
                        comparable = false;
                    } else {
                        change = Math.max(change, relative(Math.abs(g.scaled() - prevParam.in(logScale)), g.scaled()));
                    }
                    prevParam = g;
                }
                if (gradients.contains(GradientKind.MATRIX)) {
                    double num = 0.0;
                    double den = 0.0;
                    double factor = Math.exp(prevHScale - logScale);
                    for (int r = 0; r < bs; r++) {
                        if (ends[r] == null) {
                            continue;
                        }
                        if (eig[r] == null) {
                            eig[r] = checkDomain(f, sh.eigen(r), step);
                        }
                        double[] d = hChange.measure(r, eig[r], norms[r], sf, factor, step);
                        double c2 = coefficients[r] * coefficients[r];
                        num += c2 * d[0];
                        den += c2 * d[1];
                        if (d[2] == 0) {
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
            StepRecord rec = new StepRecord(step, current.value(), current.logAbsValue(), current.sign(),
                    valueEstimate, gradientChange, relative(residual, value), matvecs, elapsed, bounds);
            history.add(rec);
            return rec;
        }

        /** Ends this function at the current step and forms its result (H and the parameter gradient if asked). */
        void finish(Termination how, LanczosRecurrence recurrence) {
            termination = how;
            int bs = sh.bs;
            TridiagonalColumns t = sh.t;
            if (how == Termination.INVARIANT_SUBSPACE) {
                valueEstimate = 0.0;
                gradientEstimate = gradients.isEmpty() ? Double.NaN : 0.0;
            }
            for (int r = 0; r < bs; r++) {
                if (ends[r] != null && eig[r] == null) {
                    eig[r] = checkDomain(f, sh.eigen(r), sh.step);
                }
            }
            List<QuadratureRun> runs = new ArrayList<>();
            for (int r = 0; r < bs; r++) {
                double[] h = gradients.contains(GradientKind.MATRIX) && eig[r] != null
                        ? ForwardOnlyGradient.hMatrix(eig[r], sh.norms[r], sf) : null;
                runs.add(new QuadratureRun(sh.coefficients[r], sh.norms[r], t.steps(r),
                        Arrays.copyOf(t.alphas(r), t.steps(r)),
                        Arrays.copyOf(t.betas(r), Math.max(0, t.steps(r) - 1)), eig[r], h));
            }
            ScaledValue param = gradients.contains(GradientKind.PARAMETER)
                    ? parameterGradient(ends, sh.norms, sh.coefficients, sf) : null;
            result = new BilinearFormResult(current, valueEstimate, gradientEstimate, termination, sh.step,
                    recurrence.matvecs(), f.spec(), sf.logScale(), param, List.copyOf(runs), List.copyOf(history),
                    null, null, bounds == null ? null : verdict(bounds, termination, sh.step, fellBack));
        }
    }

    /** The final interval with its verdict: certified iff its relative width met the tolerance. */
    private ValueBounds verdict(ValueBounds b, Termination termination, int step, boolean fellBack) {
        double w = b.relativeWidth();
        if (!b.twoSided()) {
            return b.withCertificate(false, b.note());
        }
        if (w <= options.tolerance()) {
            return b.withCertificate(true, null);
        }
        String width = String.format(java.util.Locale.ROOT, "relative width %.3e > tol %.1e", w,
                options.tolerance());
        String why = switch (termination) {
            case STEP_BUDGET -> "the step budget (" + step + " steps) ran out with " + width;
            case CONVERGED -> fellBack
                    ? "stopped by the error estimate (--stop auto): the interval stopped tightening (" + width
                            + "; --stop bound would run on, to the step budget if need be)"
                    : options.stop().usesBounds()
                    ? "stopped with the interval at the rounding level of the rules: " + width
                    : "stopped by the error estimate (--stop estimate) with " + width;
            case INVARIANT_SUBSPACE -> "invariant subspace, but " + width;
        };
        return b.withCertificate(false, why);
    }

    private static ScaledFunction scaleFor(MatrixFunction f, TridiagonalEnds[] eig) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (TridiagonalEnds e : eig) {
            if (e != null) {
                lo = Math.min(lo, e.min());
                hi = Math.max(hi, e.max());
            }
        }
        return lo <= hi ? f.scaledOn(lo, hi) : f.unscaled();
    }

    /** The Ritz values and end rows of T_k by implicit QL, or from dstevr if QL does not converge. */
    private static TridiagonalEnds endsOf(double[] alphas, double[] betas, int k) {
        try {
            return TridiagonalEnds.compute(alphas, betas, k);
        } catch (IllegalStateException e) {
            return TridiagonalEnds.of(TridiagonalEigen.decompose(alphas, betas, k));
        }
    }

    /** DESIGN 2.6b: tiny negative Ritz values are rounding (clamped to 0); clearly negative ones are errors. */
    private static TridiagonalEigen checkDomain(MatrixFunction f, TridiagonalEigen e, int step) {
        double[] clamped = clampToDomain(f, e.ritzValues(), e.norm(), step);
        return clamped == null ? e : new TridiagonalEigen(e.k(), clamped, e.vectors());
    }

    private static TridiagonalEnds checkDomain(MatrixFunction f, TridiagonalEnds e, int step) {
        double[] clamped = clampToDomain(f, e.ritzValues(), e.norm(), step);
        return clamped == null ? e : e.withRitzValues(clamped);
    }

    /** @return the Ritz values with rounding-level negatives set to 0, or null if none changed */
    private static double[] clampToDomain(MatrixFunction f, double[] lambda, double norm, int step) {
        Domain d = f.domain();
        if (d == Domain.REAL) {
            return null;
        }
        double tol = DOMAIN_FACTOR * EPS * norm;
        double[] clamped = null;
        for (int j = 0; j < lambda.length; j++) {
            double x = lambda[j];
            if (d == Domain.POSITIVE ? x <= tol : x < -tol) {
                throw new DomainException(f.spec(), d, step, x, tol);
            }
            if (x < 0) {
                if (clamped == null) {
                    clamped = lambda.clone();
                }
                clamped[j] = 0.0;
            }
        }
        return clamped;
    }

    private static ScaledValue parameterGradient(TridiagonalEnds[] eig, double[] norms, double[] coefficients,
                                                 ScaledFunction sf) {
        double g = 0.0;
        for (int r = 0; r < eig.length; r++) {
            if (eig[r] != null) {
                g += coefficients[r] * GaussQuadrature.of(eig[r], norms[r]).applyParameterDerivative(sf);
            }
        }
        return new ScaledValue(g, sf.logScale());
    }

    /** e_k^T f(T_k) e_1 = sum_j S(k, j) f(lambda_j) S(1, j). */
    private static double lastRowTimesF(TridiagonalEnds e, ScaledFunction sf) {
        int k = e.k();
        double s = 0.0;
        for (int j = 0; j < k; j++) {
            s += e.last()[j] * sf.value(e.ritzValues()[j]) * e.first()[j];
        }
        return s;
    }

    private static double relative(double abs, double value) {
        if (abs == 0.0) {
            return 0.0;
        }
        return value == 0.0 ? Double.POSITIVE_INFINITY : abs / Math.abs(value);
    }
}
