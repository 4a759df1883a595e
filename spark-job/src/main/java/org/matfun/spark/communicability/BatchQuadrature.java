package org.matfun.spark.communicability;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.bilinear.QuadratureBounds;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.quadrature.TridiagonalEnds;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many independent quadratic-form combinations F_i = sum_{r in item i} c_r v_r^T f(A) v_r evaluated from ONE
 * block Lanczos recurrence of B columns (DESIGN 2.2, 3.1): each column r keeps its own T_k (alphas, betas), and
 * each item (a node's e_p, a pair's polarization e_p +- e_q with c = +-1/4, a probe) has its own value, error
 * estimate and termination. The recurrence stops when every item has converged, every column has reached an
 * invariant subspace, or the step budget is spent.
 *
 * <p>IMPLEMENTATION NOTES: per step and column, T_k = S diag(lambda) S^T (LAPACK dstevr via
 * {@link TridiagonalEigen}); the Gauss rule sum_j (||v|| S_1j)^2 f(lambda_j) gives v^T f(A) v. An item's value
 * is evaluated in the overflow-safe scale of f over the Ritz values of its columns (DESIGN 2.6). The stopping
 * rule is the one of core's BilinearFormEstimator: |F_k - F_{k-1}| <= max(tol |F_k|, 16 eps sum_r kappa_r |c_r Q_r|),
 * kappa_r = 1 + max |theta f'(theta) / f(theta)| over the extreme Ritz values (the rounding noise of f(theta)
 * when theta moves by eps |theta|: for exp(beta x), 1 + |beta| lambda_max, which is 100+ on real graphs),
 * on two consecutive steps, and in addition every column's own quadratic form Q_r must have converged the same
 * way (|Q_r,k - Q_r,k-1| <= tol |Q_r,k|): for a pair at distance d the two polarization runs agree exactly for the
 * first ~d/2 steps, so the pair's increments alone would stop at 0. Core's BilinearFormEstimator instead turns
 * the value test off while the two runs are bit-identical ("mirrored"); that rule is deliberately NOT used here:
 * with the per-column test, a pair whose runs are still identical when its quadratic forms have converged is one
 * polarization cannot resolve (another component: flipping the sign of one component maps e_p + e_q to e_p - e_q,
 * so the runs stay identical forever; or nodes farther apart than ~2k), its value is exactly 0 with
 * roundingBound infinity, and --pair-method auto recomputes it by the Taylor series. The mirrored rule kept such
 * a pass stepping to the budget (CA-GrQc, 50 random pairs: 300 steps and 565 s instead of 23 steps). The error estimate reported is the last
 * increment relative to |F_k|.
 * Cost on the driver: O(B k^2) per step (B tridiagonal eigenproblems of order k), memory O(B k^2) at the end
 * (eigenvectors kept for the gradients and the f(A) v vectors).
 */
public final class BatchQuadrature {

    private static final double EPS = Math.ulp(1.0);

    private final MatrixFunction f;
    private final int maxSteps;
    private final double tolerance;
    private final SpectrumBounds spectrum;

    /**
     * One item: the columns it combines and their coefficients; {@code vector} if f(A) v_r is wanted too (its
     * error is linear in the Lanczos residual, the value's quadratic: DESIGN 2.3), which adds the residual test
     * beta_k |e_k^T f(T_k) e_1| <= tol ||f(T_k) e_1|| per column.
     */
    public record Item(int[] columns, double[] coefficients, boolean vector) {

        /** An item whose value only is wanted. */
        public Item(int[] columns, double[] coefficients) {
            this(columns, coefficients, false);
        }
    }

    /**
     * The value of one item and how it ended; {@code roundingBound} = 16 eps sum_r kappa_r |c_r Q_r| / |F|, the relative
     * accuracy polarization can give (large when a pair's value is tiny next to its nodes' quadratic forms);
     * {@code maxRitz} = the largest Ritz value of the item's runs when it stopped (NaN when not from Lanczos): how
     * far up the spectrum its Krylov spaces had reached.
     */
    public record ItemResult(ScaledValue value, double errorEstimate, Termination termination, int steps,
                             double roundingBound, double maxRitz, ValueBounds bounds) implements java.io.Serializable {

        /** A result without a certified interval (Taylor series, one-sided values, no spectrum given). */
        public ItemResult(ScaledValue value, double errorEstimate, Termination termination, int steps,
                          double roundingBound, double maxRitz) {
            this(value, errorEstimate, termination, steps, roundingBound, maxRitz, null);
        }
    }

    /**
     * Per-column Lanczos data: start norm, steps taken k_r, T_k's eigendecomposition (null if the column is zero),
     * and beta_k (the residual norm, the next off-diagonal if the recurrence continues).
     */
    public record Column(double startNorm, int steps, double[] alphas, double[] betas, TridiagonalEigen eigen,
                         double lastBeta) implements java.io.Serializable {
    }

    /** Everything a pass produced. */
    public record Result(List<ItemResult> items, List<Column> columns, int steps, long matvecs) {

        /** Ritz-value range over all columns, {lo, hi}; {+inf, -inf} if all columns were zero. */
        public double[] ritzRange() {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Column c : columns) {
                if (c.eigen() != null) {
                    lo = Math.min(lo, c.eigen().min());
                    hi = Math.max(hi, c.eigen().max());
                }
            }
            return new double[] {lo, hi};
        }
    }

    /**
     * @param f         the function (exp(beta x) here, any MatrixFunction works)
     * @param maxSteps  step budget, >= 1
     * @param tolerance relative tolerance of every item's value, > 0
     * @throws IllegalArgumentException for a budget below 1 or a non-positive tolerance
     */
    public BatchQuadrature(MatrixFunction f, int maxSteps, double tolerance) {
        this(f, maxSteps, tolerance, null);
    }

    /**
     * The same, with each item's certified interval from the final T_k of its columns (issue 16,
     * {@link QuadratureBounds#of}): {@link ItemResult#bounds()}, certified when its relative width is <= tolerance.
     *
     * @param spectrum a guaranteed interval containing the spectrum of A, or null for no intervals
     */
    public BatchQuadrature(MatrixFunction f, int maxSteps, double tolerance, SpectrumBounds spectrum) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps = " + maxSteps + "; expected an integer >= 1");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("--tol = " + tolerance + "; expected a positive number");
        }
        this.f = f;
        this.maxSteps = maxSteps;
        this.tolerance = tolerance;
        this.spectrum = spectrum;
    }

    /** Receives the step number, the number of items converged so far, and the number of items. */
    public interface Progress {
        void onStep(int step, int converged, int items, long matvecs);
    }

    /**
     * Runs the recurrence (already started) until every item is done.
     *
     * @param recurrence B columns
     * @param items      items over columns 0..B-1
     * @throws IllegalStateException if an alpha or beta is not finite (overflow of A q)
     */
    public Result run(LanczosRecurrence recurrence, List<Item> items, Progress progress) {
        int bs = recurrence.blockSize();
        double[] norms = recurrence.startNorms();
        TridiagonalColumns t = new TridiagonalColumns(norms, maxSteps);
        TridiagonalEigen[] eig = new TridiagonalEigen[bs];
        int m = items.size();
        ScaledValue[] value = new ScaledValue[m];
        ScaledValue[] previous = new ScaledValue[m];
        double[] estimate = new double[m];
        int[] satisfied = new int[m];
        Termination[] done = new Termination[m];
        int[] doneAt = new int[m];
        double[] bound = new double[m];
        ScaledValue[] columnPrevious = new ScaledValue[bs];
        int[] columnSatisfied = new int[bs];
        int converged = 0;
        for (int i = 0; i < m; i++) {
            value[i] = new ScaledValue(0.0, 0.0);
            estimate[i] = Double.POSITIVE_INFINITY;
            if (allFinished(items.get(i), t)) {
                done[i] = Termination.INVARIANT_SUBSPACE;
                estimate[i] = 0.0;
                converged++;
            }
        }
        double[] ritzMax = new double[m];
        Arrays.fill(ritzMax, Double.NaN);
        int step = 0;
        while (converged < m && step < maxSteps) {
            LanczosStep s = recurrence.step();
            step++;
            t.append(s, step);
            for (int r = 0; r < bs; r++) {
                if (s.active()[r]) {
                    eig[r] = TridiagonalEigen.decompose(t.alphas(r), t.betas(r), t.steps(r));
                }
            }
            for (int i = 0; i < m; i++) {
                if (done[i] != null) {
                    continue;
                }
                Item item = items.get(i);
                ScaledFunction sf = scaleFor(item, eig);
                double v = 0.0;
                double termScale = 0.0;
                boolean columnsOk = true;
                for (int j = 0; j < item.columns().length; j++) {
                    int r = item.columns()[j];
                    if (eig[r] == null) {
                        continue;
                    }
                    double q = GaussQuadrature.of(eig[r], norms[r]).apply(sf);
                    v += item.coefficients()[j] * q;
                    termScale += Math.abs(item.coefficients()[j] * q) * conditionOf(eig[r], sf);
                    boolean ok = columnPrevious[r] != null
                            && Math.abs(q - columnPrevious[r].in(sf.logScale())) <= tolerance * Math.abs(q);
                    if (ok && item.vector() && !t.finished(r)) {
                        double[] fe = fTimesE1(eig[r], sf);
                        double norm = 0.0;
                        for (double x : fe) {
                            norm += x * x;
                        }
                        ok = t.lastBeta(r) * Math.abs(fe[fe.length - 1]) <= tolerance * Math.sqrt(norm);
                    }
                    columnSatisfied[r] = ok || t.finished(r) ? columnSatisfied[r] + 1 : 0;
                    columnPrevious[r] = new ScaledValue(q, sf.logScale());
                    columnsOk &= columnSatisfied[r] >= 2;
                }
                value[i] = new ScaledValue(v, sf.logScale());
                ritzMax[i] = largestRitz(item, eig);
                bound[i] = v == 0.0 ? Double.POSITIVE_INFINITY : 16 * EPS * termScale / Math.abs(v);
                if (previous[i] != null) {
                    double inc = Math.abs(v - previous[i].in(sf.logScale()));
                    estimate[i] = v == 0.0 ? (inc == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : inc / Math.abs(v);
                    boolean ok = inc <= Math.max(tolerance * Math.abs(v), 16 * EPS * termScale);
                    satisfied[i] = ok && columnsOk ? satisfied[i] + 1 : 0;
                }
                previous[i] = value[i];
                if (satisfied[i] >= 2) {
                    done[i] = Termination.CONVERGED;
                } else if (allFinished(item, t)) {
                    done[i] = Termination.INVARIANT_SUBSPACE;
                    estimate[i] = 0.0;
                }
                if (done[i] != null) {
                    doneAt[i] = step;
                    converged++;
                }
            }
            if (progress != null) {
                progress.onStep(step, converged, m, recurrence.matvecs());
            }
        }
        List<ItemResult> out = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            Termination how = done[i] != null ? done[i] : Termination.STEP_BUDGET;
            out.add(new ItemResult(value[i], estimate[i], how, done[i] != null ? doneAt[i] : step, bound[i], ritzMax[i],
                    spectrum == null ? null : bounds(items.get(i), t, norms, eig)));
        }
        List<Column> columns = new ArrayList<>(bs);
        for (int r = 0; r < bs; r++) {
            columns.add(new Column(norms[r], t.steps(r), Arrays.copyOf(t.alphas(r), t.steps(r)),
                    Arrays.copyOf(t.betas(r), Math.max(0, t.steps(r) - 1)), eig[r], t.lastBeta(r)));
        }
        return new Result(out, columns, step, recurrence.matvecs());
    }

    /** Largest Ritz value over the item's columns (NaN if none has started). */
    /** The item's interval from the final T_k of its columns, with the verdict (width <= tolerance). */
    private ValueBounds bounds(Item item, TridiagonalColumns t, double[] norms, TridiagonalEigen[] eig) {
        int[] cols = item.columns();
        double[] itemNorms = new double[cols.length];
        int capacity = 1;
        for (int j = 0; j < cols.length; j++) {
            capacity = Math.max(capacity, t.steps(cols[j]));
            itemNorms[j] = norms[cols[j]];
        }
        // a zero start norm marks a run finished (exact) from the start, as in the recurrence
        TridiagonalColumns sub = new TridiagonalColumns(itemNorms, capacity);
        TridiagonalEnds[] ends = new TridiagonalEnds[cols.length];
        for (int j = 0; j < cols.length; j++) {
            int r = cols[j];
            sub.resume(j, t.alphas(r), t.betas(r), t.steps(r), t.lastBeta(r));
            ends[j] = eig[r] == null || t.steps(r) == 0 ? null : TridiagonalEnds.of(eig[r]);
        }
        ValueBounds b = QuadratureBounds.of(f, spectrum, item.coefficients(), itemNorms, sub, ends);
        double w = b.relativeWidth();
        if (!b.twoSided()) {
            return b.withCertificate(false, b.note());
        }
        return w <= tolerance ? b.withCertificate(true, null) : b.withCertificate(false, String.format(
                java.util.Locale.ROOT, "relative width %.3e > tol %.1e", w, tolerance));
    }

    private static double largestRitz(Item item, TridiagonalEigen[] eig) {
        double hi = Double.NaN;
        for (int r : item.columns()) {
            if (eig[r] != null) {
                hi = Double.isNaN(hi) ? eig[r].max() : Math.max(hi, eig[r].max());
            }
        }
        return hi;
    }

    /** f scaled over the Ritz values of the item's columns (DESIGN 2.6). */
    ScaledFunction scaleFor(Item item, TridiagonalEigen[] eig) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r : item.columns()) {
            if (eig[r] != null) {
                lo = Math.min(lo, eig[r].min());
                hi = Math.max(hi, eig[r].max());
            }
        }
        return lo <= hi ? f.scaledOn(lo, hi) : f.unscaled();
    }

    /** f scaled over the Ritz values of the given columns of a finished pass. */
    public ScaledFunction scaleFor(Item item, List<Column> columns) {
        TridiagonalEigen[] eig = new TridiagonalEigen[columns.size()];
        for (int r = 0; r < eig.length; r++) {
            eig[r] = columns.get(r).eigen();
        }
        return scaleFor(item, eig);
    }

    /**
     * The Gauss value of one item, sum_j c_j ||v_j||^2 e_1^T f(T_j) e_1 over its finished columns, in the scale
     * {@code sf} (columns without a decomposition contribute nothing).
     */
    public static double itemValue(Item item, List<Column> columns, ScaledFunction sf) {
        double value = 0.0;
        for (int j = 0; j < item.columns().length; j++) {
            Column c = columns.get(item.columns()[j]);
            if (c.eigen() != null) {
                value += item.coefficients()[j] * GaussQuadrature.of(c.eigen(), c.startNorm()).apply(sf);
            }
        }
        return value;
    }

    /**
     * The runs of one item for {@link org.matfun.spark.lanczos.DistributedGradient}: column r of the block gets
     * the item's coefficient and H_r = S (Gamma o b b^T) S^T in the scale {@code sf} (DESIGN 2.3); columns not in
     * the item get zero steps (skipped).
     */
    public static List<QuadratureRun> gradientRuns(Item item, List<Column> columns, ScaledFunction sf) {
        List<QuadratureRun> runs = new ArrayList<>(columns.size());
        for (int r = 0; r < columns.size(); r++) {
            runs.add(new QuadratureRun(0.0, 0.0, 0, new double[0], new double[0], null, null));
        }
        for (int j = 0; j < item.columns().length; j++) {
            int r = item.columns()[j];
            Column c = columns.get(r);
            if (c.eigen() == null) {
                continue;
            }
            double[] h = ForwardOnlyGradient.hMatrix(c.eigen(), c.startNorm(), sf);
            runs.set(r, new QuadratureRun(item.coefficients()[j], c.startNorm(), c.steps(), c.alphas(), c.betas(),
                    c.eigen(), h));
        }
        return runs;
    }

    /**
     * y_r = ||v_r|| S f(Lambda) S^T e_1 (length k_r) in the scale {@code sf}: f(A) v_r ~= Q_k y_r (DESIGN 2.2).
     */
    public static double[] vectorCoefficients(Column c, ScaledFunction sf) {
        TridiagonalEigen e = c.eigen();
        if (e == null) {
            return new double[0];
        }
        int k = e.k();
        double[] y = new double[k];
        for (int j = 0; j < k; j++) {
            double w = e.vector(0, j) * sf.value(e.ritzValues()[j]) * c.startNorm();
            for (int a = 0; a < k; a++) {
                y[a] += e.vector(a, j) * w;
            }
        }
        return y;
    }

    /** 1 + max |theta f'(theta) / f(theta)| at the extreme Ritz values of T_k. */
    private static double conditionOf(TridiagonalEigen e, ScaledFunction sf) {
        double c = 0.0;
        for (double x : new double[] {e.min(), e.max()}) {
            double fx = sf.value(x);
            if (fx != 0.0 && Double.isFinite(fx)) {
                double r = Math.abs(x * sf.derivative(x) / fx);
                if (Double.isFinite(r)) {
                    c = Math.max(c, r);
                }
            }
        }
        return 1.0 + c;
    }

    /** f(T_k) e_1 = S f(Lambda) S^T e_1, length k. */
    private static double[] fTimesE1(TridiagonalEigen e, ScaledFunction sf) {
        int k = e.k();
        double[] y = new double[k];
        for (int j = 0; j < k; j++) {
            double w = e.vector(0, j) * sf.value(e.ritzValues()[j]);
            for (int a = 0; a < k; a++) {
                y[a] += e.vector(a, j) * w;
            }
        }
        return y;
    }

    private static boolean allFinished(Item item, TridiagonalColumns t) {
        for (int r : item.columns()) {
            if (!t.finished(r)) {
                return false;
            }
        }
        return true;
    }

}
