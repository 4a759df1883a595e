package org.matfun.spark.communicability;

import org.matfun.core.lanczos.Termination;
import org.matfun.spark.communicability.CommunicabilityJob.Unit;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.matrix.DistributedCsr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.matfun.spark.communicability.CommunicabilitySummaries.unseenTop;

/**
 * The Taylor-series refinement of pair values (--pair-method taylor, or auto for pairs the quadrature did not
 * settle): which pairs need it, whether it applies, its term budget and the passes themselves; also the entry
 * error bound of a Lanczos vector f(A) v ~= ||v|| Q_k f(T_k) e_1.
 */
final class TaylorPass {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");

    private TaylorPass() {
    }

    /**
     * The pairs for {@link TaylorPairs}: all pairs with --pair-method taylor; with auto, the polarization pairs
     * whose roundingBound exceeds 100 tol or that ran out of steps, when the operator is nonnegative (adjacency or
     * normalized adjacency with nonnegative weights, beta >= 0). Their q's are the columns, B per pass.
     *
     * @return matrix-vector products used
     */
    static long taylorPairs(DistributedCsr a, LoadedMatrix m, List<Unit> all, CommunicabilityRequest req, double fBeta,
                                    double[] ritz, int blockSize, List<Map<String, Object>> passes) {
        List<Unit> todo = taylorTodo(all, req, fBeta, ritz);
        if (todo.isEmpty()) {
            return 0;
        }
        double[] bounds = fBeta < 0 || req.operator().laplacian() ? null : TaylorPairs.bounds(a);
        if (!taylorApplies(bounds, req, todo.size())) {
            return 0;
        }
        int budget = taylorBudget(req, fBeta, bounds[1]);
        List<List<Unit>> batches = new ArrayList<>();
        Map<Long, Integer> col = new LinkedHashMap<>();
        List<Unit> batch = new ArrayList<>();
        List<Long> qs = new ArrayList<>();
        for (Unit u : todo) {
            if (!col.containsKey(u.q) && qs.size() == blockSize) {
                batches.add(batch);
                batch = new ArrayList<>();
                qs = new ArrayList<>();
                col.clear();
            }
            if (!col.containsKey(u.q)) {
                col.put(u.q, qs.size());
                qs.add(u.q);
            }
            batch.add(u);
        }
        batches.add(batch);
        long matvecs = 0;
        for (int b = 0; b < batches.size(); b++) {
            List<Unit> us = batches.get(b);
            Map<Long, Integer> where = new LinkedHashMap<>();
            for (Unit u : us) {
                where.putIfAbsent(u.q, where.size());
            }
            long[] columns = new long[where.size()];
            where.forEach((q, i) -> columns[i] = q);
            long[] rows = new long[us.size()];
            int[] cols = new int[us.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = us.get(i).p;
                cols[i] = where.get(us.get(i).q);
            }
            String label = "taylor pass " + (b + 1) + "/" + batches.size();
            long ts = System.nanoTime();
            LOG.info("{}: {} pairs by the Taylor series of exp(beta A) e_q ({} columns, at most {} terms)", label,
                    us.size(), columns.length, budget);
            TaylorPairs.Result res = TaylorPairs.run(a, columns, rows, cols, fBeta, req.tolerance(), bounds[1], budget,
                    (k, d, w) -> LOG.info(String.format(Locale.ROOT, "%s term %4d: %d/%d pairs converged, %.2fs",
                            label, k, d, w, (System.nanoTime() - ts) * 1e-9)));
            Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
            for (int i = 0; i < us.size(); i++) {
                us.get(i).result = res.entries().get(i);
                us.get(i).method = "taylor";
                counts.merge(res.entries().get(i).termination(), 1, Integer::sum);
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("pass", label);
            p.put("startingVectors", columns.length);
            p.put("pairs", us.size());
            p.put("taylorTerms", res.terms());
            p.put("matvecs", res.matvecs());
            p.put("seconds", (System.nanoTime() - ts) * 1e-9);
            Map<String, Integer> c = new LinkedHashMap<>();
            counts.forEach((t, v) -> c.put(t.name(), v));
            p.put("terminations", c);
            passes.add(p);
            matvecs += res.matvecs();
        }
        return matvecs;
    }

    /**
     * The pairs for the Taylor series: all pairs with --pair-method taylor; with auto, the polarization pairs
     * whose roundingBound exceeds 100 tol, that ran out of steps, or whose runs stopped below the top of the
     * spectrum ({@link CommunicabilitySummaries#unseenTop}).
     */
    static List<Unit> taylorTodo(List<Unit> all, CommunicabilityRequest req, double fBeta, double[] ritz) {
        List<Unit> todo = new ArrayList<>();
        boolean auto = req.pairMethod() == CommunicabilityRequest.PairMethod.AUTO;
        for (Unit u : all) {
            if (u.taylorOnly || auto && u.p != u.q && (u.result.roundingBound() > 100 * req.tolerance()
                    || u.result.termination() == Termination.STEP_BUDGET || unseenTop(u.result, fBeta, ritz))) {
                todo.add(u);
            }
        }
        return todo;
    }

    /**
     * Whether the series applies ({min entry, ||A||_inf}, or null for beta < 0 or the Laplacian): an error for
     * --pair-method taylor when it does not, a log line (the pairs keep their polarization values) for auto.
     */
    static boolean taylorApplies(double[] bounds, CommunicabilityRequest req, int pairs) {
        if (bounds != null && bounds[0] >= 0) {
            return true;
        }
        String why = bounds == null ? "beta >= 0 and a nonnegative operator (not the Laplacian)"
                : "a nonnegative operator, and the matrix has a negative entry (" + bounds[0] + ")";
        if (req.pairMethod() != CommunicabilityRequest.PairMethod.AUTO) {
            throw new IllegalArgumentException("--pair-method taylor needs " + why);
        }
        LOG.info("{} pairs have roundingBound > 100 tol; the Taylor refinement needs {}: kept as polarization"
                + " values (see their roundingBound)", pairs, why);
        return false;
    }

    /** Every entry's tail is bounded once beta ||A||_inf / k < 1: ~ beta ||A||_inf + 6 sqrt(...) terms; with room. */
    static int taylorBudget(CommunicabilityRequest req, double fBeta, double rowSumBound) {
        long want = (long) Math.ceil(1.5 * fBeta * rowSumBound) + 200;
        return (int) Math.min(Math.max(req.maxSteps(), want), 1_000_000L);
    }

    /**
     * Estimated bound on every entry of the error of f(A) v ~= ||v|| Q_k f(T_k) e_1, in the scale of {@code y}:
     * the 2-norm error (an upper bound on each entry's) estimated by the first term of the Lanczos error expansion,
     * ||v|| beta_k |e_k^T f(T_k) e_1| = beta_k |y_k|, or the rounding floor 16 eps kappa ||y||,
     * kappa = 1 + |beta| max |theta|, whichever is larger.
     */
    static double vectorErrorBound(BatchQuadrature.Column c, double[] y, double beta) {
        if (y.length == 0) {
            return 0.0;
        }
        double norm = 0.0;
        for (double v : y) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double kappa = 1.0 + Math.abs(beta) * Math.max(Math.abs(c.eigen().min()), Math.abs(c.eigen().max()));
        return Math.max(c.lastBeta() * Math.abs(y[y.length - 1]), 16 * Math.ulp(1.0) * kappa * norm);
    }
}
