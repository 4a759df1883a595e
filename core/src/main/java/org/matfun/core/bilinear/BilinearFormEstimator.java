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
 * <p>Cost on the driver per step: O(B k^2). Up to k = {@value #ENDS_FROM} LAPACK dstevr on each T_k; from there
 * on only the Ritz values and the first and last rows of the eigenvectors ({@link TridiagonalEnds}, implicit
 * QL on two rows: all the value, its error estimate and the residual need, with a much smaller constant), and
 * the full eigenvectors S (dstevr) only every 10 steps when a matrix gradient is requested, for H (O(B k^3) up to k = 256, O(B k^2) beyond), and once at the
 * end for the result. Memory O(B k^2), independent of n.
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

    private final MatrixFunction f;
    private final LanczosOptions options;
    private final Set<GradientKind> gradients;
    private final SpectrumBounds spectrum;

    /**
     * @param f         the function
     * @param options   step budget, tolerances (reorthogonalization is the recurrence's business)
     * @param gradients derivatives whose error also controls stopping; PARAMETER needs f to have a parameter
     * @throws IllegalArgumentException if PARAMETER is requested for a function without a parameter
     */
    public BilinearFormEstimator(MatrixFunction f, LanczosOptions options, Set<GradientKind> gradients) {
        this(f, options, gradients, null);
    }

    private BilinearFormEstimator(MatrixFunction f, LanczosOptions options, Set<GradientKind> gradients,
                                  SpectrumBounds spectrum) {
        if (gradients.contains(GradientKind.PARAMETER) && !f.hasParameter()) {
            throw new IllegalArgumentException("function " + f.spec()
                    + " has no parameter to differentiate; use exp:beta=... or power:p=...");
        }
        this.f = f;
        this.options = options;
        this.gradients = gradients.isEmpty() ? EnumSet.noneOf(GradientKind.class) : EnumSet.copyOf(gradients);
        this.spectrum = spectrum;
    }

    /**
     * The same estimator with certified Gauss/Gauss-Radau bounds at every step (issue 16, {@link QuadratureBounds}).
     *
     * @param s a guaranteed interval containing the spectrum of A; its lower end is raised to 0 for functions
     *          whose domain assumes A positive semidefinite ({@link SpectrumBounds#forDomain})
     */
    public BilinearFormEstimator withSpectrum(SpectrumBounds s) {
        return new BilinearFormEstimator(f, options, gradients, s == null ? null : s.forDomain(f.domain()));
    }

    /**
     * Why two-sided bounds are not available for f on the spectrum interval s (at the first step), or null if they
     * are.
     */
    public static String boundsUnavailable(MatrixFunction f, SpectrumBounds s) {
        return QuadratureBounds.unavailable(f, s.forDomain(f.domain()));
    }

    /**
     * Runs the recurrence until the stopping rule says so.
     *
     * @param recurrence   B runs, already started
     * @param coefficients c_r, length B
     * @param listener     receives one record per step
     * @throws IllegalArgumentException if the coefficients do not match the block size, or the options ask for the
     *                                  BOUND stopping rule without two-sided bounds (no spectrum, or f's derivative
     *                                  signs are not constant on it: the message says why)
     * @throws DomainException       if a Ritz value leaves f's domain (with the step and the value)
     * @throws IllegalStateException if alpha, beta or a starting norm is not finite (overflow), LAPACK fails, or
     *                               the gradient is unbounded
     */
    public BilinearFormResult run(LanczosRecurrence recurrence, double[] coefficients, StepListener listener) {
        int bs = recurrence.blockSize();
        if (coefficients.length != bs) {
            throw new IllegalArgumentException("expected " + bs + " coefficients, got " + coefficients.length);
        }
        if (options.stop() == StopRule.BOUND) {
            String why = spectrum == null ? "no spectrum interval was given" : QuadratureBounds.unavailable(f, spectrum);
            if (why != null) {
                throw new IllegalArgumentException("the BOUND stopping rule needs two-sided bounds for " + f.spec()
                        + ": " + why);
            }
        }
        long t0 = System.nanoTime();
        double[] norms = recurrence.startNorms();
        TridiagonalEnds[] ends = new TridiagonalEnds[bs];
        // the full decomposition of each run's current T_k, formed only when a gradient needs S (null = stale)
        TridiagonalEigen[] eig = new TridiagonalEigen[bs];
        GradientChange hChange = new GradientChange(bs);
        double prevHScale = 0.0;
        ScaledValue prevParam = null;
        for (int r = 0; r < bs; r++) {
            if (!Double.isFinite(norms[r])) {
                throw new IllegalStateException("the norm of starting vector " + (r + 1) + " is " + norms[r]
                        + ": its entries overflow the double range; rescale the vector");
            }
        }
        TridiagonalColumns t = new TridiagonalColumns(norms, options.maxSteps());
        QuadratureBounds qb = spectrum == null ? null : new QuadratureBounds(f, spectrum, coefficients);
        ValueBounds bounds = null;
        boolean byBounds = options.stop() == StopRule.BOUND;
        ConvergenceMonitor monitor = new ConvergenceMonitor();
        List<StepRecord> history = new ArrayList<>();
        ScaledValue previous = null;
        ScaledValue current = new ScaledValue(0.0, 0.0);
        ScaledFunction sf = f.unscaled();
        double valueEstimate = 0.0;
        double gradientEstimate = gradients.isEmpty() ? Double.NaN : Double.POSITIVE_INFINITY;
        int satisfied = 0;
        int step = 0;
        // Polarization runs from u + v and u - v whose supports have not met yet (e_p +- e_q with p and q more
        // than ~2k hops apart) produce bit-identical T_k: the value is exactly 0 and its successive differences
        // are 0, which says nothing about convergence. While the two runs mirror each other the value test is off.
        boolean mirrored = bs == 2 && coefficients[0] == -coefficients[1] && norms[0] == norms[1];
        Termination termination = t.allFinished() ? Termination.INVARIANT_SUBSPACE : null;
        while (termination == null) {
            LanczosStep s = recurrence.step();
            step++;
            t.append(s, step);
            for (int r = 0; r < bs; r++) {
                if (!s.active()[r]) {
                    continue;
                }
                if (t.steps(r) < ENDS_FROM) {
                    eig[r] = checkDomain(TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r)), step);
                    ends[r] = TridiagonalEnds.of(eig[r]);
                } else {
                    ends[r] = checkDomain(endsOf(t.alphas(r), t.betas(r), t.steps(r)), step);
                    eig[r] = null;
                }
            }
            mirrored = mirrored && t.steps(0) == t.steps(1) && t.lastBeta(0) == t.lastBeta(1)
                    && Arrays.equals(t.alphas(0), 0, t.steps(0), t.alphas(1), 0, t.steps(1))
                    && Arrays.equals(t.betas(0), 0, Math.max(0, t.steps(0) - 1),
                            t.betas(1), 0, Math.max(0, t.steps(1) - 1));
            sf = scaleFor(ends);
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
            boolean valueDone = satisfied >= 2;
            if (qb != null) {
                bounds = qb.update(t, ends, norms, s.active());
                if (byBounds) {
                    // certified: the interval met the tolerance; otherwise, once the estimate is satisfied, the interval
                    // may be down to the rounding margin of the rules (width <= 4 margins + the value's rounding floor)
                    ScaledValue floor = qb.margin().times(4.0).plus(new ScaledValue(16 * EPS * termScale, logScale));
                    boolean tight = bounds.relativeWidth() <= options.tolerance();
                    boolean atFloor = valueDone && !mirrored && bounds.twoSided()
                            && ScaledValue.compare(bounds.width(), floor) <= 0;
                    valueDone = tight || atFloor;
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
                            eig[r] = checkDomain(TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r)), step);
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
            boolean gradientOk = gradients.isEmpty() || gradientEstimate <= options.gradientTolerance();
            StepRecord rec = new StepRecord(step, current.value(), current.logAbsValue(), current.sign(),
                    valueEstimate, gradientChange, relative(residual, value), recurrence.matvecs(),
                    (System.nanoTime() - t0) * 1e-9, bounds);
            history.add(rec);
            listener.onStep(rec);
            if (valueDone && gradientOk) {
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
        for (int r = 0; r < bs; r++) {
            if (ends[r] != null && eig[r] == null) {
                eig[r] = checkDomain(TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r)), step);
            }
        }
        List<QuadratureRun> runs = new ArrayList<>();
        for (int r = 0; r < bs; r++) {
            double[] h = gradients.contains(GradientKind.MATRIX) && eig[r] != null
                    ? ForwardOnlyGradient.hMatrix(eig[r], norms[r], sf) : null;
            runs.add(new QuadratureRun(coefficients[r], norms[r], t.steps(r), Arrays.copyOf(t.alphas(r), t.steps(r)),
                    Arrays.copyOf(t.betas(r), Math.max(0, t.steps(r) - 1)), eig[r], h));
        }
        ScaledValue param = gradients.contains(GradientKind.PARAMETER)
                ? parameterGradient(ends, norms, coefficients, sf) : null;
        return new BilinearFormResult(current, valueEstimate, gradientEstimate, termination, step,
                recurrence.matvecs(), f.spec(), sf.logScale(), param, List.copyOf(runs), List.copyOf(history),
                null, null, bounds == null ? null : verdict(bounds, termination, step));
    }

    /** The final interval with its verdict: certified iff its relative width met the tolerance. */
    private ValueBounds verdict(ValueBounds b, Termination termination, int step) {
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
            case CONVERGED -> options.stop() == StopRule.BOUND
                    ? "stopped with the interval at the rounding level of the rules: " + width
                    : "stopped by the error estimate (--stop estimate) with " + width;
            case INVARIANT_SUBSPACE -> "invariant subspace, but " + width;
        };
        return b.withCertificate(false, why);
    }

    private ScaledFunction scaleFor(TridiagonalEnds[] eig) {
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
    private TridiagonalEigen checkDomain(TridiagonalEigen e, int step) {
        double[] clamped = clampToDomain(e.ritzValues(), e.norm(), step);
        return clamped == null ? e : new TridiagonalEigen(e.k(), clamped, e.vectors());
    }

    private TridiagonalEnds checkDomain(TridiagonalEnds e, int step) {
        double[] clamped = clampToDomain(e.ritzValues(), e.norm(), step);
        return clamped == null ? e : e.withRitzValues(clamped);
    }

    /** @return the Ritz values with rounding-level negatives set to 0, or null if none changed */
    private double[] clampToDomain(double[] lambda, double norm, int step) {
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
