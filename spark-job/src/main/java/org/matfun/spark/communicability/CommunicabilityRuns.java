package org.matfun.spark.communicability;

import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.ScaledValue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The work of one task of the communicability job in the run-parallel mode (DESIGN 3.1b): a group of Lanczos
 * runs (listed nodes and pairs, the ones vector, a share of the probes) or of Taylor columns on the in-memory
 * operator. Each group runs the same code as one pass of the block-row mode, on core's {@link InMemoryLanczos}
 * instead of the distributed recurrence: {@link BatchQuadrature} (values and stopping rule), {@link OneSidedValue},
 * the forward-only gradient of {@link ForwardOnlyGradient} (DESIGN 2.3) and {@link TaylorPairs}' series with
 * {@link InMemoryTerms}. What a group returns is small (values, T_k's, one gradient array per measure that asked
 * for sensitivities, f(A) v vectors only for the total and the diagonal estimator).
 */
final class CommunicabilityRuns {

    private CommunicabilityRuns() {
    }

    /** A unit of an exact group: node p (p == q), or pair {p, q} by polarization or one-sided. */
    record UnitSpec(long p, long q, boolean oneSided, boolean sensitivity) implements Serializable {

        List<ColumnSpec> columns() {
            if (oneSided) {
                return List.of(ColumnSpec.node(q));
            }
            return p == q ? List.of(ColumnSpec.node(p)) : List.of(ColumnSpec.plus(p, q), ColumnSpec.minus(p, q));
        }

        double[] coefficients() {
            return oneSided || p == q ? new double[] {1.0} : new double[] {0.25, -0.25};
        }
    }

    /**
     * A measure's edge sensitivities from one group: dF/dw per stored entry (CSR order; dF/dw_pq for both (p, q) and
     * (q, p)) in the scale exp(logScale), F in the same scale, and dF/dw at the candidate pairs.
     */
    record Sensitivity(double logScale, double scaledValue, double[] perEntry, double[] candidates)
            implements Serializable {
    }

    /** What an exact group returns, per unit in group order. */
    record ExactOutput(List<BatchQuadrature.ItemResult> results, List<Sensitivity> sensitivities, double[] ritzRange,
                       int steps, long matvecs) implements Serializable {
    }

    /**
     * What a vector group returns: the columns (T_k, eigen) and items of its runs; for the total, f(A) 1 in the
     * scale of {@code logScale}; for probes, per node the sums over the group's probes of z o f(A) z and of its
     * square (in the scales exp(logScale), exp(2 logScale)); an Estrada gradient share (coefficients 1 / M).
     */
    record VectorOutput(List<BatchQuadrature.Column> columns, List<BatchQuadrature.ItemResult> items, double logScale,
                        double[] total, double[] diagSum, double[] diagSquares, Sensitivity sensitivity, int steps,
                        long matvecs) implements Serializable {
    }

    static ExactOutput exact(CsrMatrix a, MatrixFunction f, List<UnitSpec> units, int maxSteps, double tol,
                             double beta, long[][] candidates, SpectrumBounds spectrum) {
        List<ColumnSpec> cols = new ArrayList<>();
        List<BatchQuadrature.Item> items = new ArrayList<>();
        boolean keep = false;
        for (UnitSpec u : units) {
            int[] c = new int[u.columns().size()];
            for (int j = 0; j < c.length; j++) {
                c[j] = cols.size();
                cols.add(u.columns().get(j));
            }
            items.add(new BatchQuadrature.Item(c, u.coefficients(), u.sensitivity() || u.oneSided()));
            keep |= u.sensitivity() || u.oneSided();
        }
        BatchQuadrature quad = new BatchQuadrature(f, maxSteps, tol, spectrum);
        InMemoryLanczos l = new InMemoryLanczos(a, starts(a.dimension(), cols), cols.size(), Reorthogonalization.NONE,
                keep);
        BatchQuadrature.Result res = quad.run(l, items, null);
        List<BatchQuadrature.ItemResult> out = new ArrayList<>(res.items());
        int steps = oneSided(l, units, items, res, beta, maxSteps, tol, out);
        List<Sensitivity> sens = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            sens.add(units.get(i).sensitivity() ? sensitivity(a, l, items.get(i), res, quad, candidates) : null);
        }
        return new ExactOutput(out, sens, res.ritzRange(), Math.max(steps, res.steps()), l.matvecs());
    }

    static VectorOutput vectors(CsrMatrix a, MatrixFunction f, boolean total, long seed, int firstProbe, int probes,
                                int allProbes, boolean diag, boolean estradaSensitivity, int maxSteps, double tol,
                                long[][] candidates, boolean totalSensitivity, SpectrumBounds spectrum) {
        List<ColumnSpec> cols = new ArrayList<>();
        List<BatchQuadrature.Item> items = new ArrayList<>();
        if (total) {
            cols.add(ColumnSpec.ones());
            items.add(new BatchQuadrature.Item(new int[] {0}, new double[] {1.0}, true));
        }
        for (int i = 0; i < probes; i++) {
            items.add(new BatchQuadrature.Item(new int[] {cols.size()}, new double[] {1.0}, diag || estradaSensitivity));
            cols.add(ColumnSpec.probe(seed, firstProbe + i));
        }
        boolean keep = total || diag || estradaSensitivity;
        BatchQuadrature quad = new BatchQuadrature(f, maxSteps, tol, spectrum);
        int n = a.dimension();
        InMemoryLanczos l = new InMemoryLanczos(a, starts(n, cols), cols.size(), Reorthogonalization.NONE, keep);
        BatchQuadrature.Result res = quad.run(l, items, null);
        int[] all = new int[cols.size()];
        double[] coef = new double[cols.size()];
        for (int r = 0; r < all.length; r++) {
            all[r] = r;
            coef[r] = 1.0 / allProbes;
        }
        ScaledFunction sf = quad.scaleFor(new BatchQuadrature.Item(all, coef), res.columns());
        double[] x = null;
        double[] s1 = null;
        double[] s2 = null;
        Sensitivity sens = null;
        if (total) {
            x = combine(l, 0, BatchQuadrature.vectorCoefficients(res.columns().get(0), sf), n);
            if (totalSensitivity) {
                sens = sensitivity(a, l, items.get(0), res, quad, candidates);
            }
        } else {
            if (diag) {
                s1 = new double[n];
                s2 = new double[n];
                for (int r = 0; r < cols.size(); r++) {
                    double[] y = combine(l, r, BatchQuadrature.vectorCoefficients(res.columns().get(r), sf), n);
                    ColumnSpec c = cols.get(r);
                    for (int i = 0; i < n; i++) {
                        double v = c.at(i) * y[i];
                        s1[i] += v;
                        s2[i] += v * v;
                    }
                }
            }
            if (estradaSensitivity) {
                sens = sensitivity(a, l, new BatchQuadrature.Item(all, coef), res, quad, candidates);
            }
        }
        return new VectorOutput(res.columns(), res.items(), sf.logScale(), x, s1, s2, sens, res.steps(), l.matvecs());
    }

    /** The Taylor series for the columns q of a group and their wanted entries (TaylorPairs, in memory). */
    static TaylorPairs.Result taylor(CsrMatrix a, long[] columns, long[] rows, int[] column, double beta, double tol,
                                     double rowSumBound, double radiusBound, int maxTerms) {
        return TaylorPairs.runInMemory(a, columns, rows, column, beta, tol, rowSumBound, radiusBound, maxTerms);
    }

    /** The starting block, n x B interleaved. */
    static double[] starts(int n, List<ColumnSpec> cols) {
        int bs = cols.size();
        double[] x = new double[n * bs];
        for (int r = 0; r < bs; r++) {
            ColumnSpec c = cols.get(r);
            for (int i = 0; i < n; i++) {
                x[i * bs + r] = c.at(i);
            }
        }
        return x;
    }

    /** Q_k y for column r (length n). */
    private static double[] combine(InMemoryLanczos l, int r, double[] y, int n) {
        int k = y.length;
        double[] x = new double[n];
        if (k == 0) {
            return x;
        }
        double[] q = l.basis(r, k);
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int j = 0; j < k; j++) {
                s += q[i * k + j] * y[j];
            }
            x[i] = s;
        }
        return x;
    }

    /**
     * dF/dw of an item on every stored entry and at the candidates (the block-row mode's SensitivityWriter.add,
     * in memory): G = sum_r c_r Q_r H_r Q_r^T on the pattern (DESIGN 2.3).
     */
    private static Sensitivity sensitivity(CsrMatrix a, InMemoryLanczos l, BatchQuadrature.Item item,
                                           BatchQuadrature.Result res, BatchQuadrature quad, long[][] candidates) {
        ScaledFunction sf = quad.scaleFor(item, res.columns());
        double value = BatchQuadrature.itemValue(item, res.columns(), sf);
        List<QuadratureRun> runs = BatchQuadrature.gradientRuns(item, res.columns(), sf);
        double[] pattern = new double[(int) a.nonzeros()];
        double[] cand = candidates == null ? null : new double[candidates.length];
        for (int r = 0; r < runs.size(); r++) {
            QuadratureRun run = runs.get(r);
            int k = run.steps();
            if (k == 0) {
                continue;
            }
            int m = ForwardOnlyGradient.effectiveDimension(run.h(), k);
            double[] h = ForwardOnlyGradient.leadingBlock(run.h(), k, m);
            if (m == 0) {
                continue;
            }
            double[] q = l.basis(r, m);
            ForwardOnlyGradient.accumulatePattern(a, q, m, h, run.coefficient(), pattern);
            if (cand != null) {
                for (int c = 0; c < candidates.length; c++) {
                    int p = (int) candidates[c][0];
                    int s = (int) candidates[c][1];
                    double g = 0.0;
                    for (int i = 0; i < m; i++) {
                        double hp = 0.0;
                        for (int j = 0; j < m; j++) {
                            hp += h[i * m + j] * q[s * m + j];
                        }
                        g += q[p * m + i] * hp;
                    }
                    cand[c] += run.coefficient() * (p == s ? g : 2.0 * g);
                }
            }
        }
        return new Sensitivity(sf.logScale(), value, ForwardOnlyGradient.edgeDerivatives(a, pattern), cand);
    }

    /**
     * The one-sided values of the group (OneSidedPass.oneSidedValues, in memory): ||e_q|| (Q_k^T e_p)^T
     * exp(beta T_k) e_1, the recurrence continued in rounds of 10 steps until each changed by at most tol over a
     * round. Writes the results into {@code out}; returns the steps taken.
     */
    private static int oneSided(InMemoryLanczos l, List<UnitSpec> units, List<BatchQuadrature.Item> items,
                                BatchQuadrature.Result res, double beta, int maxSteps, double tol,
                                List<BatchQuadrature.ItemResult> out) {
        boolean any = false;
        for (UnitSpec u : units) {
            any |= u.oneSided();
        }
        if (!any) {
            return res.steps();
        }
        int bs = res.columns().size();
        double[] startNorms = new double[bs];
        for (int r = 0; r < bs; r++) {
            startNorms[r] = res.columns().get(r).startNorm();
        }
        TridiagonalColumns tri = new TridiagonalColumns(startNorms, maxSteps + 1);
        for (int r = 0; r < bs; r++) {
            BatchQuadrature.Column c = res.columns().get(r);
            tri.resume(r, c.alphas(), c.betas(), c.steps(), c.lastBeta());
        }
        double[] last = new double[units.size()];
        Arrays.fill(last, Double.NaN);
        int round = 0;
        int steps = res.steps();
        while (true) {
            boolean all = true;
            for (int i = 0; i < units.size(); i++) {
                UnitSpec u = units.get(i);
                if (!u.oneSided()) {
                    continue;
                }
                int r = items.get(i).columns()[0];
                int k = tri.steps(r);
                double[] q = l.basis(r, k);
                double[] row = Arrays.copyOfRange(q, (int) u.p() * k, (int) u.p() * k + k);
                double[] now = OneSidedValue.value(row, 1, 0, tri.alphas(r), tri.betas(r), k, beta);
                double v = now[0] * Math.exp(now[1]);
                double est = Double.isNaN(last[i]) ? Double.POSITIVE_INFINITY
                        : v == 0.0 ? (last[i] == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.abs(v - last[i]) / v;
                boolean invariant = tri.finished(r) || res.items().get(i).termination() == Termination.INVARIANT_SUBSPACE;
                boolean unreached = v == 0.0 && round >= 1;
                boolean done = invariant || unreached || est <= tol && v != 0.0;
                if (unreached) {
                    est = 0.0;
                }
                all &= done || steps >= maxSteps;
                last[i] = v;
                Termination t = invariant ? Termination.INVARIANT_SUBSPACE
                        : done ? Termination.CONVERGED : Termination.STEP_BUDGET;
                out.set(i, new BatchQuadrature.ItemResult(new ScaledValue(now[0], now[1]), invariant ? 0.0 : est, t,
                        k, 16 * Math.ulp(1.0) * k, Double.NaN));
            }
            if (all) {
                return steps;
            }
            for (int j = 0; j < 10 && steps < maxSteps; j++) {
                steps++;
                tri.append(l.step(), steps);
            }
            round++;
        }
    }
}
