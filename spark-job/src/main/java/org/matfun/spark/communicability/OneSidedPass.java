package org.matfun.spark.communicability;

import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.spark.communicability.CommunicabilityJob.Unit;
import org.matfun.spark.lanczos.BasisCombination;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.DistributedCsr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one-sided pair values exp(beta A)_pq of an exact pass (--pair-method one-sided): basis rows of the p's
 * and further Lanczos steps on the e_q columns until the values settle (or the step budget).
 */
final class OneSidedPass {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");

    private OneSidedPass() {
    }

    /**
     * exp(beta A)_pq of the one-sided units of a pass: the basis rows of their p's (one narrow job), then
     * {@link OneSidedValue} with the e_q column's T_k. The one-sided value converges more slowly than the
     * quadratic forms that stopped the pass (it is 0 until the Krylov space of e_q reaches p), so the recurrence
     * continues in rounds of 10 steps until every one-sided value changed by at most tol (relative) over the last
     * round, or the step budget. The error estimate is that last change. A value still exactly 0 after a round
     * means p is not reached from q (another component, or farther than k steps, where the value is below
     * tol ||exp(beta A) e_q||): it is reported as 0, CONVERGED.
     */
    static void oneSidedValues(DistributedCsr a, DistributedLanczos l, List<Unit> us,
                                       List<BatchQuadrature.Item> items, BatchQuadrature.Result res, double beta,
                                       CommunicabilityRequest req) {
        List<Long> rows = new ArrayList<>();
        for (Unit u : us) {
            if (u.oneSided) {
                rows.add(u.p);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        long[] wanted = new long[rows.size()];
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = rows.get(i);
        }
        int bs = l.blockSize();
        double[] startNorms = new double[bs];
        for (int r = 0; r < bs; r++) {
            startNorms[r] = res.columns().get(r).startNorm();
        }
        TridiagonalColumns tri = new TridiagonalColumns(startNorms, req.maxSteps() + 1);
        for (int r = 0; r < bs; r++) {
            BatchQuadrature.Column c = res.columns().get(r);
            tri.resume(r, c.alphas(), c.betas(), c.steps(), c.lastBeta());
        }
        double[] last = new double[us.size()];
        java.util.Arrays.fill(last, Double.NaN);
        int round = 0;
        int steps = res.steps();
        while (true) {
            Map<Long, double[]> basisRows = new HashMap<>();
            for (Tuple2<Long, double[]> t : BasisCombination.rows(a, l, wanted)) {
                basisRows.put(t._1(), t._2());
            }
            boolean all = true;
            for (int i = 0; i < us.size(); i++) {
                Unit u = us.get(i);
                if (!u.oneSided) {
                    continue;
                }
                int r = items.get(i).columns()[0];
                double[] now = OneSidedValue.value(basisRows.get(u.p), bs, r, tri.alphas(r), tri.betas(r), tri.steps(r), beta);
                double v = now[0] * Math.exp(now[1]);
                double est = Double.isNaN(last[i]) ? Double.POSITIVE_INFINITY
                        : v == 0.0 ? (last[i] == 0.0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.abs(v - last[i]) / v;
                boolean invariant = tri.finished(r) || res.items().get(i).termination() == Termination.INVARIANT_SUBSPACE;
                // v = 0 after a round: the Krylov space of e_q has not reached p (another component, or farther
                // than k steps), and exp(beta A) e_q has converged to tol in norm: |value| < tol ||exp(beta A) e_q||
                boolean unreached = v == 0.0 && round >= 1;
                boolean done = invariant || unreached || est <= req.tolerance() && v != 0.0;
                if (unreached) {
                    est = 0.0;
                }
                all &= done || steps >= req.maxSteps();
                last[i] = v;
                Termination t = invariant ? Termination.INVARIANT_SUBSPACE
                        : done ? Termination.CONVERGED : Termination.STEP_BUDGET;
                u.result = new BatchQuadrature.ItemResult(new ScaledValue(now[0], now[1]), invariant ? 0.0 : est, t,
                        tri.steps(r), 16 * Math.ulp(1.0) * tri.steps(r), Double.NaN);
            }
            if (all) {
                return;
            }
            for (int j = 0; j < 10 && steps < req.maxSteps(); j++) {
                steps++;
                tri.append(l.step(), steps);
            }
            round++;
            LOG.info("one-sided pair values: round {} of 10 more Lanczos steps (step {})", round, steps);
        }
    }
}
