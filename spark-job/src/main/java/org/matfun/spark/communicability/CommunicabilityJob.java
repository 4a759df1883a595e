package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.matrix.GershgorinInterval;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.RunningStatistics;
import org.matfun.core.trace.StudentT;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.SharedOperator;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.OutputDirectory;
import org.matfun.spark.lanczos.BasisCombination;
import org.matfun.spark.lanczos.DistributedGradient;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

/**
 * The communicability job: exact per-node and per-pair values of exp(beta A) by batched Gauss quadrature
 * (all starting vectors advance together, B per pass; DESIGN 2.2, 3.1), the total communicability and its node
 * vector from one run from the ones vector (basis kept: f(A) 1 ~= ||1|| Q_k f(T_k) e_1), the Estrada index and
 * every node's subgraph centrality by Hutchinson/SLQ with Rademacher probes, and edge sensitivities of each
 * measure from the forward-only gradient (DESIGN 2.3), on stored edges and on candidate non-edges.
 *
 * <p>Passes: first the exact passes (listed nodes and pairs), then one vector pass (ones vector and probes).
 * Cost: per pass, one Spark job per Lanczos step for all its B vectors (one halo exchange of B-wide entries, one
 * SpMM); the basis (8 n k B bytes) is kept only in passes whose sensitivities or vectors are requested. Driver:
 * O(B k^2) per step.
 */
public final class CommunicabilityJob {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");
    /** Steps assumed for the memory of a kept basis when choosing B (exp converges in tens of steps). */
    static final int STEPS_FOR_MEMORY = 150;
    /** Largest automatic B. */
    static final int MAX_BLOCK = 256;
    /** Columns per task of the run-parallel mode's exact groups (SpMM width; more groups than cores). */
    static final int RUNS_GROUP_COLUMNS = 32;

    private CommunicabilityJob() {
    }

    /** One input line: the unit computing it and the ids as given. */
    record Requested(Unit unit, long src, long dst) {
    }

    /** A node (coefficient 1 on e_p) or a pair (1/4 on e_p + e_q, -1/4 on e_p - e_q), with its result. */
    static final class Unit {
        final String measure;
        final long p;
        final long q;
        final List<ColumnSpec> columns = new ArrayList<>();
        final double[] coefficients;
        final boolean oneSided;
        /** Computed by {@link TaylorPairs} only (no Lanczos columns). */
        final boolean taylorOnly;
        /** polarization, one-sided, taylor or diagonal: the method that produced {@link #result}. */
        String method;
        BatchQuadrature.ItemResult result;

        Unit(long p, long q, NodeIds ids, CommunicabilityRequest.PairMethod pairMethod) {
            this.p = p;
            this.q = q;
            this.oneSided = pairMethod == CommunicabilityRequest.PairMethod.ONE_SIDED && p != q;
            this.taylorOnly = pairMethod == CommunicabilityRequest.PairMethod.TAYLOR && p != q;
            this.method = p == q ? "diagonal" : oneSided ? "one-sided" : taylorOnly ? "taylor" : "polarization";
            if (taylorOnly) {
                measure = "pair:" + ids.text(p) + ":" + ids.text(q);
                coefficients = new double[0];
            } else if (this.oneSided) {
                measure = "pair:" + ids.text(p) + ":" + ids.text(q);
                columns.add(ColumnSpec.node(q));
                coefficients = new double[] {1.0};
            } else if (p == q) {
                measure = "node:" + ids.text(p);
                columns.add(ColumnSpec.node(p));
                coefficients = new double[] {1.0};
            } else {
                measure = "pair:" + ids.text(p) + ":" + ids.text(q);
                columns.add(ColumnSpec.plus(p, q));
                columns.add(ColumnSpec.minus(p, q));
                coefficients = new double[] {0.25, -0.25};
            }
        }
    }

    /**
     * Runs everything and writes the Parquet outputs into {@code out} (not committed).
     *
     * @return the summary fields
     * @throws org.matfun.spark.io.InputException for bad input files
     * @throws IllegalArgumentException for bad options
     */
    public static Map<String, Object> run(SparkSession spark, CommunicabilityRequest req, OutputDirectory out) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        LoadedMatrix raw = MatrixReader.read(sc, req.graph(), req.format(), req.columns(), req.partitions(), false);
        LoadedMatrix m = GraphOperator.build(raw, req.operator(), req.weights());
        DistributionChoice choice = DistributionChoice.choose(req.distribution(), m.n(), m.nnz(),
                8L * m.n() * (4 + STEPS_FOR_MEMORY) * RUNS_GROUP_COLUMNS, sc.sc());
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        boolean runs = choice.mode() == Distribution.RUNS;
        DistributedCsr a = runs ? null : DistributedCsr.build(m, req.partitions());
        SharedOperator op = runs ? SharedOperator.broadcast(sc, m) : null;
        NodeIds ids = NodeIds.of(m);
        Broadcast<NodeIds> idsB = sc.broadcast(ids);
        Map<String, Long> labelIds = ids.labelIds();
        long t1 = System.nanoTime();
        LOG.info("matfun communicability: {} ({} nodes, {} stored entries, {}), {} of the {}, beta {}",
                req.graph(), m.n(), m.nnz(), runs ? "run-parallel" : a.partitions() + " row blocks",
                req.weights() ? "weights" : "pattern", name(req.operator()), req.beta());
        double fBeta = req.operator() == GraphOperator.Kind.LAPLACIAN ? -req.beta() : req.beta();
        MatrixFunction f = MatrixFunction.exp(fBeta);
        // the spectrum interval of the certified bounds (issue 16): Gershgorin, >= 0 for the PSD Laplacian
        SpectrumBounds spectrum = GershgorinInterval.of(m.n(), m.entries());
        if (req.operator() == GraphOperator.Kind.LAPLACIAN) {
            spectrum = spectrum.intersect(0.0, Double.POSITIVE_INFINITY, "laplacian-psd");
        }
        BatchQuadrature quad = new BatchQuadrature(f, req.maxSteps(), req.tolerance(), spectrum);

        // Units: listed nodes, then pairs, each once.
        Map<String, Unit> units = new LinkedHashMap<>();
        List<Requested> pairOrder = new ArrayList<>();
        List<Requested> nodeOrder = new ArrayList<>();
        if (req.nodesFile() != null) {
            List<NodeLists.Line> lines = NodeLists.read(sc.hadoopConfiguration(), req.nodesFile(), 1, labelIds, req.graph());
            Map<Long, Long> idx = NodeLists.resolve(m.idToIndex(), req.nodesFile(), lines, req.graph());
            for (NodeLists.Line l : lines) {
                long p = idx.get(l.ids()[0]);
                nodeOrder.add(new Requested(units.computeIfAbsent(p + ":" + p, k -> new Unit(p, p, ids, req.pairMethod())),
                        l.ids()[0], l.ids()[0]));
            }
        }
        if (req.pairsFile() != null) {
            List<NodeLists.Line> lines = NodeLists.read(sc.hadoopConfiguration(), req.pairsFile(), 2, labelIds, req.graph());
            Map<Long, Long> idx = NodeLists.resolve(m.idToIndex(), req.pairsFile(), lines, req.graph());
            for (NodeLists.Line l : lines) {
                long p = idx.get(l.ids()[0]);
                long q = idx.get(l.ids()[1]);
                long lo = Math.min(p, q);
                long hi = Math.max(p, q);
                pairOrder.add(new Requested(units.computeIfAbsent(lo + ":" + hi, k -> new Unit(lo, hi, ids, req.pairMethod())),
                        l.ids()[0], l.ids()[1]));
            }
        }
        long[][] candidates = null;
        if (req.candidatesFile() != null) {
            List<NodeLists.Line> lines = NodeLists.read(sc.hadoopConfiguration(), req.candidatesFile(), 2, labelIds,
                    req.graph());
            Map<Long, Long> idx = NodeLists.resolve(m.idToIndex(), req.candidatesFile(), lines, req.graph());
            candidates = new long[lines.size()][];
            for (int i = 0; i < candidates.length; i++) {
                candidates[i] = new long[] {idx.get(lines.get(i).ids()[0]), idx.get(lines.get(i).ids()[1])};
            }
        }
        boolean exactKeep = req.sensitivities("pairs") && !pairOrder.isEmpty()
                || req.sensitivities("nodes") && !nodeOrder.isEmpty();
        int blockSize = req.blockSize() > 0 ? req.blockSize() : automaticBlockSize(m.n(), exactKeep, req.maxSteps());

        List<Map<String, Object>> passes = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        SensitivityWriter sens = new SensitivityWriter(spark, out, idsB);
        double[] ritz = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long matvecs = 0;

        List<Unit> all = new ArrayList<>(units.values());
        Map<String, Object> execution = new LinkedHashMap<>(choice.summary());
        if (runs) {
            matvecs = RunsPlan.execute(sc, spark, out, op, m, all, req, f, fBeta, candidates, sens, ritz, passes,
                    summary, execution, spectrum);
        } else {
        // Exact passes.

        List<Unit> batch = new ArrayList<>();
        int columns = 0;
        List<List<Unit>> batches = new ArrayList<>();
        for (Unit u : all) {
            if (u.taylorOnly) {
                continue;
            }
            if (columns + u.columns.size() > blockSize && !batch.isEmpty()) {
                batches.add(batch);
                batch = new ArrayList<>();
                columns = 0;
            }
            batch.add(u);
            columns += u.columns.size();
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        for (int b = 0; b < batches.size(); b++) {
            List<Unit> us = batches.get(b);
            List<ColumnSpec> cols = new ArrayList<>();
            List<BatchQuadrature.Item> items = new ArrayList<>();
            boolean keep = false;
            for (Unit u : us) {
                int[] c = new int[u.columns.size()];
                for (int j = 0; j < c.length; j++) {
                    c[j] = cols.size();
                    cols.add(u.columns.get(j));
                }
                // the gradient's error is linear in the Lanczos residual: the residual test of vector items
                items.add(new BatchQuadrature.Item(c, u.coefficients, wantsSensitivity(req, u) || u.oneSided));
                keep |= wantsSensitivity(req, u) || u.oneSided;
            }
            long ts = System.nanoTime();
            String label = "pass " + (b + 1) + "/" + batches.size();
            DistributedLanczos l = DistributedLanczos.start(a, ColumnSpec.block(a, cols), cols.size(),
                    Reorthogonalization.NONE, keep, DistributedLanczos.DEFAULT_CHECKPOINT_INTERVAL);
            BatchQuadrature.Result res = quad.run(l, items, progress(label, ts));
            widen(ritz, res.ritzRange());
            matvecs += res.matvecs();
            oneSidedValues(a, l, us, items, res, fBeta, req);
            for (int i = 0; i < us.size(); i++) {
                Unit u = us.get(i);
                if (!u.oneSided) {
                    u.result = res.items().get(i);
                }
                if (wantsSensitivity(req, u)) {
                    sens.add(u.measure, a, l, items.get(i), res, quad, candidates);
                }
            }
            Map<String, Object> ps = passSummary(label, cols.size(), keep, res, ts);
            if (l.steps() > res.steps()) {
                ps.put("steps", l.steps());
                ps.put("matvecs", l.matvecs());
                ps.put("oneSidedExtraSteps", l.steps() - res.steps());
                matvecs += l.matvecs() - res.matvecs();
            }
            l.release();
            passes.add(ps);
        }

        // Vector passes: the ones vector (basis kept for exp(beta A) 1), then the probes (basis kept only for the
        // diagonal estimator or Estrada sensitivities), so that one pass's basis does not cover the other's vectors.
        boolean probes = req.estrada() || req.allNodes();
        for (int phase = 0; phase < 2; phase++) {
            boolean doTotal = phase == 0 && req.total();
            boolean doProbes = phase == 1 && probes;
            boolean doDiag = doProbes && req.allNodes();
            if (!doTotal && !doProbes) {
                continue;
            }
            String label = doTotal ? "total pass" : "probe pass";
            List<ColumnSpec> cols = new ArrayList<>();
            List<BatchQuadrature.Item> items = new ArrayList<>();
            if (doTotal) {
                cols.add(ColumnSpec.ones());
                items.add(new BatchQuadrature.Item(new int[] {0}, new double[] {1.0}, true));
            }
            int first = cols.size();
            int mProbes = doProbes ? req.probes() : 0;
            for (int i = 0; i < mProbes; i++) {
                items.add(new BatchQuadrature.Item(new int[] {cols.size()}, new double[] {1.0},
                        doDiag || req.estrada() && req.sensitivities("estrada")));
                cols.add(ColumnSpec.probe(req.seed(), i));
            }
            boolean keep = doTotal || doDiag || doProbes && req.estrada() && req.sensitivities("estrada");
            long ts = System.nanoTime();
            DistributedLanczos l = DistributedLanczos.start(a, ColumnSpec.block(a, cols), cols.size(),
                    Reorthogonalization.NONE, keep, DistributedLanczos.DEFAULT_CHECKPOINT_INTERVAL);
            BatchQuadrature.Result res = quad.run(l, items, progress(label, ts));
            widen(ritz, res.ritzRange());
            matvecs += res.matvecs();
            double logNorm = logNormalization(fBeta, ritz);
            double[][] y = new double[cols.size()][];
            double totalLogScale = 0.0;
            double totalErrorBound = 0.0;
            if (doTotal) {
                BatchQuadrature.Item item = items.get(0);
                ScaledFunction sf = quad.scaleFor(item, res.columns());
                totalLogScale = sf.logScale();
                y[0] = BatchQuadrature.vectorCoefficients(res.columns().get(0), sf);
                totalErrorBound = vectorErrorBound(res.columns().get(0), y[0], fBeta);
                summary.put("total", valueSummary(res.items().get(0), logNorm));
                if (req.sensitivities("total")) {
                    sens.add("total", a, l, item, res, quad, candidates);
                }
            }
            double probeLogScale = 0.0;
            if (doProbes) {
                int[] pc = new int[mProbes];
                double[] coef = new double[mProbes];
                for (int i = 0; i < mProbes; i++) {
                    pc[i] = first + i;
                    coef[i] = 1.0 / mProbes;
                }
                BatchQuadrature.Item estradaItem = new BatchQuadrature.Item(pc, coef);
                ScaledFunction sf = quad.scaleFor(estradaItem, res.columns());
                probeLogScale = sf.logScale();
                double[] samples = new double[mProbes];
                Termination worst = Termination.CONVERGED;
                for (int i = 0; i < mProbes; i++) {
                    BatchQuadrature.Column c = res.columns().get(first + i);
                    samples[i] = c.eigen() == null ? 0.0 : GaussQuadrature.of(c.eigen(), c.startNorm()).apply(sf);
                    y[first + i] = BatchQuadrature.vectorCoefficients(c, sf);
                    Termination t = res.items().get(i + (doTotal ? 1 : 0)).termination();
                    if (t == Termination.STEP_BUDGET) {
                        worst = t;
                    }
                }
                if (req.estrada()) {
                    summary.put("estrada", estradaSummary(samples, probeLogScale, logNorm, worst, req));
                    if (req.sensitivities("estrada")) {
                        sens.add("estrada", a, l, estradaItem, res, quad, candidates);
                    }
                }
            }
            if (doTotal || doDiag) {
                for (int r = 0; r < y.length; r++) {
                    if (y[r] == null) {
                        y[r] = new double[0];
                    }
                }
                JavaRDD<BlockVector> x = BasisCombination.combine(l, y);
                writeVectors(spark, out, a, x, cols, doTotal, doDiag, req, idsB, totalLogScale, totalErrorBound,
                        probeLogScale, logNorm, first, mProbes, summary);
            }
            l.release();
            passes.add(passSummary(label, cols.size(), keep, res, ts));
        }

        matvecs += taylorPairs(a, m, all, req, fBeta, ritz, blockSize, passes);
        }

        double logNorm = logNormalization(fBeta, ritz);
        if (!pairOrder.isEmpty()) {
            summary.put("pairs", writeUnits(spark, out, "pairs", pairOrder, ids, logNorm));
        }
        if (!nodeOrder.isEmpty()) {
            summary.put("subgraphCentrality", writeUnits(spark, out, "subgraph-centrality", nodeOrder, ids,
                    logNorm));
        }
        if (sens.count() > 0) {
            summary.put("sensitivities", sens.finish(req.sensitivitiesTop()));
        }
        long t2 = System.nanoTime();
        summary.put("n", m.n());
        summary.put("nnz", m.nnz());
        summary.put("function", f.spec());
        Map<String, Object> sp = new LinkedHashMap<>();
        sp.put("lower", spectrum.lower());
        sp.put("upper", spectrum.upper());
        sp.put("source", spectrum.source());
        summary.put("spectrum", sp);
        summary.put("lambdaMaxEstimate", json(ritz[1]));
        summary.put("lambdaMinEstimate", json(ritz[0]));
        summary.put("logNormalization", json(logNorm));
        summary.put("scale", "value columns are the true values (Infinity beyond 1.8e308); logAbsValue = log|value|;"
                + " normalized = value / exp(logNormalization), logNormalization = " + (fBeta >= 0
                ? "beta * lambdaMaxEstimate" : "-beta * lambdaMinEstimate") + " (the largest Ritz value seen; DESIGN"
                + " 2.6); scaled columns = value / exp(logScale) with the logScale given beside them");
        summary.put("blockSize", blockSize);
        summary.put("matvecs", matvecs);
        summary.put("passes", passes);
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("loadSeconds", (t1 - t0) * 1e-9);
        timings.put("computeAndWriteSeconds", (t2 - t1) * 1e-9);
        summary.put("timings", timings);
        summary.put("execution", execution);
        if (a != null) {
            a.unpersist();
        }
        if (op != null) {
            op.release();
        }
        m.unpersist();
        raw.unpersist();
        return summary;
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
    private static void oneSidedValues(DistributedCsr a, DistributedLanczos l, List<Unit> us,
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

    /**
     * The pairs for {@link TaylorPairs}: all pairs with --pair-method taylor; with auto, the polarization pairs
     * whose roundingBound exceeds 100 tol or that ran out of steps, when the operator is nonnegative (adjacency or
     * normalized adjacency with nonnegative weights, beta >= 0). Their q's are the columns, B per pass.
     *
     * @return matrix-vector products used
     */
    private static long taylorPairs(DistributedCsr a, LoadedMatrix m, List<Unit> all, CommunicabilityRequest req, double fBeta,
                                    double[] ritz, int blockSize, List<Map<String, Object>> passes) {
        List<Unit> todo = taylorTodo(all, req, fBeta, ritz);
        if (todo.isEmpty()) {
            return 0;
        }
        double[] bounds = fBeta < 0 || req.operator() == GraphOperator.Kind.LAPLACIAN ? null : TaylorPairs.bounds(a);
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
     * spectrum ({@link #unseenTop}).
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

    static boolean wantsSensitivity(CommunicabilityRequest req, Unit u) {
        return u.p == u.q ? req.sensitivities("nodes") : req.sensitivities("pairs");
    }

    /**
     * B from memory: the block states hold about 8 vectors of n doubles per column, plus the kept basis
     * (k vectors); B = 30% of the heap / that, in [1, 256].
     */
    static int automaticBlockSize(long n, boolean keep, int maxSteps) {
        long perColumn = 8L * n * (8 + (keep ? Math.min(maxSteps, STEPS_FOR_MEMORY) : 0));
        long budget = (long) (0.3 * Runtime.getRuntime().maxMemory());
        return (int) Math.max(1, Math.min(MAX_BLOCK, budget / Math.max(1, perColumn)));
    }

    static double logNormalization(double fBeta, double[] ritz) {
        if (ritz[0] > ritz[1]) {
            return 0.0;
        }
        return fBeta >= 0 ? fBeta * ritz[1] : fBeta * ritz[0];
    }

    /**
     * True when a pair's Krylov spaces stopped below the top of the spectrum seen by the other runs (beta (lambda_max
     * estimate - its largest Ritz value) > 1). Its value then converged on the part of the graph its runs had
     * reached, and a dense part further away, weighted up to exp(beta lambda_max), may be missing: no stopping rule
     * based on successive values can see it (a chain hanging off a clique; CommunicabilityCommandTest). The Taylor
     * series, whose tail bound covers the whole column, decides such pairs.
     */
    static boolean unseenTop(BatchQuadrature.ItemResult r, double fBeta, double[] ritz) {
        return fBeta > 0 && ritz[0] <= ritz[1] && !(fBeta * (ritz[1] - r.maxRitz()) <= 1.0);
    }

    static void widen(double[] range, double[] r) {
        range[0] = Math.min(range[0], r[0]);
        range[1] = Math.max(range[1], r[1]);
    }

    private static BatchQuadrature.Progress progress(String label, long t0) {
        return (step, converged, items, matvecs) -> LOG.info(String.format(Locale.ROOT,
                "%s step %4d: %d/%d values converged, %d matvecs, %.2fs", label, step, converged, items, matvecs,
                (System.nanoTime() - t0) * 1e-9));
    }

    static Map<String, Object> passSummary(String label, int columns, boolean keep,
                                                   BatchQuadrature.Result res, long t0) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pass", label);
        p.put("startingVectors", columns);
        p.put("basisKept", keep);
        p.put("steps", res.steps());
        p.put("matvecs", res.matvecs());
        p.put("seconds", (System.nanoTime() - t0) * 1e-9);
        Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
        for (BatchQuadrature.ItemResult r : res.items()) {
            counts.merge(r.termination(), 1, Integer::sum);
        }
        Map<String, Integer> c = new LinkedHashMap<>();
        counts.forEach((t, v) -> c.put(t.name(), v));
        p.put("terminations", c);
        return p;
    }

    static Map<String, Object> valueSummary(BatchQuadrature.ItemResult r, double logNorm) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", json(r.value().value()));
        s.put("logAbsValue", json(r.value().logAbsValue()));
        s.put("sign", r.value().sign());
        s.put("logScale", r.value().logScale());
        s.put("normalized", json(normalized(r.value(), logNorm)));
        s.put("errorEstimate", json(r.errorEstimate()));
        s.put("termination", r.termination().name());
        s.put("steps", r.steps());
        if (r.bounds() != null) {
            s.put("lower", json(r.bounds().lower().value()));
            s.put("upper", json(r.bounds().upper().value()));
            s.put("certified", r.bounds().certified());
            if (r.bounds().note() != null) {
                s.put("certificate", r.bounds().note());
            }
        }
        return s;
    }

    static double normalized(ScaledValue v, double logNorm) {
        return v.scaled() == 0.0 ? 0.0 : v.sign() * Math.exp(v.logAbsValue() - logNorm);
    }

    static Map<String, Object> estradaSummary(double[] samples, double logScale, double logNorm,
                                                      Termination worst, CommunicabilityRequest req) {
        int mm = samples.length;
        RunningStatistics stats = new RunningStatistics(1);
        for (double x : samples) {
            stats.add(new double[] {x}, 0.0);
        }
        IntervalEstimate est = stats.estimate(0);
        double mean = est.mean();
        double se = est.standardError();
        double half = est.upper() - est.mean();
        Map<String, Object> s = new LinkedHashMap<>();
        ScaledValue v = new ScaledValue(mean, logScale);
        s.put("value", json(v.value()));
        s.put("logAbsValue", json(v.logAbsValue()));
        s.put("standardError", json(new ScaledValue(se, logScale).value()));
        s.put("lower95", json(new ScaledValue(mean - half, logScale).value()));
        s.put("upper95", json(new ScaledValue(mean + half, logScale).value()));
        s.put("logScale", logScale);
        s.put("scaledValue", mean);
        s.put("scaledStandardError", se);
        s.put("scaledLower95", mean - half);
        s.put("scaledUpper95", mean + half);
        s.put("normalized", json(normalized(v, logNorm)));
        s.put("probes", mm);
        s.put("seed", req.seed());
        s.put("method", "Hutchinson with Rademacher probes and Lanczos quadrature per probe (SLQ);"
                + " 95% Student-t interval mean +- t(0.975, M-1) standard errors (core trace)");
        s.put("quadrature", worst == Termination.STEP_BUDGET ? "STEP_BUDGET on some probe" : "CONVERGED");
        return s;
    }

    /** node, totalCommunicability (and scaled/normalized); node, subgraph-centrality estimates with error bars. */
    private static void writeVectors(SparkSession spark, OutputDirectory out, DistributedCsr a,
                                     JavaRDD<BlockVector> x, List<ColumnSpec> cols, boolean total, boolean diag,
                                     CommunicabilityRequest req,
                                     Broadcast<NodeIds> idsB, double totalLogScale, double totalErrorBound,
                                     double probeLogScale,
                                     double logNorm, int first, int mProbes, Map<String, Object> summary) {
        ColumnSpec[] cs = cols.toArray(new ColumnSpec[0]);
        int bs = cs.length;
        JavaRDD<Object[]> perNode = a.blocks().zip(x).flatMap(t -> {
            long start = t._1().rowStart();
            int rows = t._1().rows();
            double[] v = t._2().values();
            NodeIds idArr = idsB.value();
            List<Object[]> outRows = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                long row = start + i;
                double tc = total ? v[i * bs] : 0.0;
                double mean = 0.0;
                double ss = 0.0;
                if (diag) {
                    double[] s = new double[mProbes];
                    for (int r = 0; r < mProbes; r++) {
                        s[r] = cs[first + r].at(row) * v[i * bs + first + r];
                        mean += s[r];
                    }
                    mean /= mProbes;
                    for (int r = 0; r < mProbes; r++) {
                        ss += (s[r] - mean) * (s[r] - mean);
                    }
                }
                double se = mProbes > 1 ? Math.sqrt(ss / (mProbes - 1) / mProbes) : Double.POSITIVE_INFINITY;
                outRows.add(new Object[] {idArr.ofIndex(row), tc, mean, se});
            }
            return outRows.iterator();
        });
        writeNodeTables(spark, out, perNode, idsB.value().type(), total, diag, req, totalLogScale, totalErrorBound,
                probeLogScale, logNorm, mProbes, summary);
    }

    /**
     * The node tables from rows {id, scaled total communicability, scaled diagonal-estimator mean, its standard
     * error}: DIR/total-communicability and DIR/subgraph-centrality-estimated, and their summary entries.
     */
    static void writeNodeTables(SparkSession spark, OutputDirectory out, JavaRDD<Object[]> perNode,
                                org.apache.spark.sql.types.DataType idType, boolean total,
                                boolean diag, CommunicabilityRequest req, double totalLogScale,
                                double totalErrorBound, double probeLogScale, double logNorm, int mProbes,
                                Map<String, Object> summary) {
        double t95 = mProbes > 1 ? StudentT.twoSidedQuantile(IntervalEstimate.COVERAGE, mProbes - 1) : Double.NaN;
        perNode.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        if (total) {
            double tScale = Math.exp(totalLogScale);
            double tNorm = Math.exp(totalLogScale - logNorm);
            double bound = totalErrorBound * tScale;
            JavaRDD<Row> rows = perNode.map(o -> RowFactory.create(o[0], (double) o[1] * tScale, o[1],
                    (double) o[1] * tNorm, bound, totalErrorBound / Math.abs((double) o[1])));
            StructType schema = new StructType().add("node", idType, false)
                    .add("totalCommunicability", DataTypes.DoubleType, false)
                    .add("scaled", DataTypes.DoubleType, false)
                    .add("normalized", DataTypes.DoubleType, false)
                    .add("errorBound", DataTypes.DoubleType, false)
                    .add("relativeErrorBound", DataTypes.DoubleType, false);
            spark.createDataFrame(rows, schema).orderBy("node").write().parquet(out.path("total-communicability"));
            List<Row> top = spark.read().parquet(out.path("total-communicability"))
                    .orderBy(col("scaled").desc()).limit(10).collectAsList();
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) summary.get("total");
            List<Map<String, Object>> topNodes = new ArrayList<>();
            for (Row r : top) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("node", r.get(0));
                e.put("totalCommunicability", json(r.getDouble(1)));
                e.put("scaled", r.getDouble(2));
                e.put("normalized", r.getDouble(3));
                topNodes.add(e);
            }
            s.put("vectorLogScale", totalLogScale);
            s.put("vectorErrorBound", json(bound));
            s.put("vectorErrorBoundMeaning", "estimated bound on every entry's absolute error (the same for all"
                    + " nodes): max(Lanczos error estimate ||1|| beta_k |e_k^T f(T_k) e_1|, rounding floor"
                    + " 16 eps (1 + |beta| max|theta|) ||f(T_k) e_1|| ||1||); entries far below it are not resolved"
                    + " (see relativeErrorBound per node)");
            s.put("vectorPath", "total-communicability");
            s.put("topNodes", topNodes);
        }
        if (diag) {
            double pScale = Math.exp(probeLogScale);
            double pNorm = Math.exp(probeLogScale - logNorm);
            JavaRDD<Row> rows = perNode.map(o -> {
                double mean = (double) o[2];
                double se = (double) o[3];
                return RowFactory.create(o[0], mean * pScale, se * pScale, (mean - t95 * se) * pScale,
                        (mean + t95 * se) * pScale, mean, se, mean * pNorm);
            });
            StructType schema = new StructType().add("node", idType, false)
                    .add("subgraphCentrality", DataTypes.DoubleType, false)
                    .add("standardError", DataTypes.DoubleType, false)
                    .add("lower95", DataTypes.DoubleType, false)
                    .add("upper95", DataTypes.DoubleType, false)
                    .add("scaled", DataTypes.DoubleType, false)
                    .add("scaledStandardError", DataTypes.DoubleType, false)
                    .add("normalized", DataTypes.DoubleType, false);
            spark.createDataFrame(rows, schema).orderBy("node").write()
                    .parquet(out.path("subgraph-centrality-estimated"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("path", "subgraph-centrality-estimated");
            s.put("logScale", probeLogScale);
            s.put("probes", mProbes);
            s.put("seed", req.seed());
            s.put("method", "diagonal estimator mean over probes of z o f(A) z (Rademacher z; f(A) z by Lanczos,"
                    + " ||z|| Q_k f(T_k) e_1); 95% Student-t interval per node, mean +- t(0.975, M-1) standard errors");
            summary.put("subgraphCentralityAll", s);
        }
        perNode.unpersist(false);
    }

    private static Map<String, Object> writeUnits(SparkSession spark, OutputDirectory out, String name,
                                                  List<Requested> order, NodeIds ids, double logNorm) {
        List<Row> rows = new ArrayList<>();
        double maxErr = 0.0;
        Map<String, Integer> terms = new LinkedHashMap<>();
        Map<String, Integer> methods = new LinkedHashMap<>();
        int certified = 0;
        double maxWidth = 0.0;
        for (Requested req : order) {
            BatchQuadrature.ItemResult r = req.unit().result;
            maxErr = Math.max(maxErr, r.errorEstimate());
            terms.merge(r.termination().name(), 1, Integer::sum);
            ValueBounds b = r.bounds();
            Double lower = b == null || Double.isInfinite(b.lower().scaled()) ? null : b.lower().value();
            Double upper = b == null || Double.isInfinite(b.upper().scaled()) ? null : b.upper().value();
            if (b != null && b.certified()) {
                certified++;
            }
            if (b != null && b.twoSided()) {
                maxWidth = Math.max(maxWidth, b.relativeWidth());
            }
            rows.add(RowFactory.create(ids.ofId(req.src()), ids.ofId(req.dst()), r.value().value(), r.value().logAbsValue(),
                    normalized(r.value(), logNorm), r.errorEstimate(), r.roundingBound(), r.termination().name(),
                    r.steps(), req.unit().method, lower, upper, b != null && b.certified()));
            methods.merge(req.unit().method, 1, Integer::sum);
        }
        StructType schema = new StructType().add("src", ids.type(), false)
                .add("dst", ids.type(), false)
                .add("value", DataTypes.DoubleType, false)
                .add("logAbsValue", DataTypes.DoubleType, false)
                .add("normalized", DataTypes.DoubleType, false)
                .add("errorEstimate", DataTypes.DoubleType, false)
                .add("roundingBound", DataTypes.DoubleType, false)
                .add("termination", DataTypes.StringType, false)
                .add("steps", DataTypes.IntegerType, false)
                .add("method", DataTypes.StringType, false)
                .add("lower", DataTypes.DoubleType, true)
                .add("upper", DataTypes.DoubleType, true)
                .add("certified", DataTypes.BooleanType, false);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(out.path(name));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", order.size());
        s.put("path", name);
        s.put("maxErrorEstimate", json(maxErr));
        s.put("terminations", terms);
        s.put("methods", methods);
        s.put("certified", certified);
        s.put("maxRelativeWidth", json(maxWidth));
        return s;
    }

    /** Original identifiers by internal index (n longs on the driver). */
    static long[] indexToId(LoadedMatrix m) {
        return SharedOperator.indexToId(m);
    }

    static Object json(double x) {
        return Double.isFinite(x) ? (Object) x : Double.toString(x);
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Edge sensitivities of one measure at a time, appended to DIR/sensitivities (and DIR/candidates). */
    static final class SensitivityWriter {
        private final SparkSession spark;
        private final OutputDirectory out;
        private final Broadcast<NodeIds> ids;
        private final List<Map<String, Object>> measures = new ArrayList<>();
        private int count;
        private final StructType schema;
        private static final StructType SCHEMA_TAIL = new StructType()
                .add("sensitivity", DataTypes.DoubleType, false)
                .add("scaled", DataTypes.DoubleType, false)
                .add("relative", DataTypes.DoubleType, false);

        SensitivityWriter(SparkSession spark, OutputDirectory out, Broadcast<NodeIds> ids) {
            this.spark = spark;
            this.out = out;
            this.ids = ids;
            StructType t = new StructType().add("measure", DataTypes.StringType, false)
                    .add("src", ids.value().type(), false)
                    .add("dst", ids.value().type(), false);
            for (org.apache.spark.sql.types.StructField f : SCHEMA_TAIL.fields()) {
                t = t.add(f);
            }
            this.schema = t;
        }

        /** @return the node ids of the outputs */
        NodeIds nodeIds() {
            return ids.value();
        }

        int count() {
            return count;
        }

        /**
         * dF/dw on every stored edge (and at the candidate pairs) for the item of a finished pass whose basis was
         * kept. scaled = dF/dw / exp(logScale); relative = (dF/dw) / F.
         */
        void add(String measure, DistributedCsr a, DistributedLanczos l, BatchQuadrature.Item item,
                 BatchQuadrature.Result res, BatchQuadrature quad, long[][] candidates) {
            ScaledFunction sf = quad.scaleFor(item, res.columns());
            double value = 0.0;
            for (int j = 0; j < item.columns().length; j++) {
                BatchQuadrature.Column c = res.columns().get(item.columns()[j]);
                if (c.eigen() != null) {
                    value += item.coefficients()[j] * GaussQuadrature.of(c.eigen(), c.startNorm()).apply(sf);
                }
            }
            List<QuadratureRun> runs = BatchQuadrature.gradientRuns(item, res.columns(), sf);
            double scale = Math.exp(sf.logScale());
            double inverse = 1.0 / value;
            Broadcast<NodeIds> idsB = ids;
            JavaRDD<Row> rows = DistributedGradient.edges(a, l, runs).map(e -> {
                NodeIds id = idsB.value();
                return RowFactory.create(measure, id.ofIndex(e.row()), id.ofIndex(e.col()), e.gradient() * scale,
                        e.gradient(), e.gradient() * inverse);
            });
            spark.createDataFrame(rows, schema).write().mode(count == 0 ? SaveMode.ErrorIfExists : SaveMode.Append)
                    .parquet(out.path("sensitivities"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("measure", measure);
            s.put("logScale", sf.logScale());
            s.put("scaledValue", value);
            if (candidates != null) {
                s.put("candidates", candidates(measure, a, l, runs, candidates, scale, inverse));
            }
            measures.add(s);
            count++;
        }

        /**
         * The same rows as {@link #add} from arrays on the driver (the run-parallel mode): dF/dw per stored entry
         * of {@code a} in CSR order (one row per stored undirected edge, row <= col) and at the candidates.
         */
        void add(String measure, org.matfun.core.operator.CsrMatrix a, CommunicabilityRuns.Sensitivity g,
                 long[][] candidates) {
            double scale = Math.exp(g.logScale());
            double inverse = 1.0 / g.scaledValue();
            NodeIds id = ids.value();
            int n = a.dimension();
            int[] ptr = a.rowPointers();
            int[] col = a.columnIndices();
            double[] d = g.perEntry();
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    if (col[p] >= i) {
                        rows.add(RowFactory.create(measure, id.ofIndex(i), id.ofIndex(col[p]), d[p] * scale, d[p], d[p] * inverse));
                    }
                }
            }
            spark.createDataFrame(rows, schema).write().mode(count == 0 ? SaveMode.ErrorIfExists : SaveMode.Append)
                    .parquet(out.path("sensitivities"));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("measure", measure);
            s.put("logScale", g.logScale());
            s.put("scaledValue", g.scaledValue());
            if (candidates != null) {
                List<Row> cr = new ArrayList<>();
                for (int c = 0; c < candidates.length; c++) {
                    double x = g.candidates()[c];
                    cr.add(RowFactory.create(measure, id.ofIndex(candidates[c][0]), id.ofIndex(candidates[c][1]),
                            x * scale, x, x * inverse));
                }
                spark.createDataFrame(cr, schema).coalesce(1).write().mode(SaveMode.Append)
                        .parquet(out.path("candidates"));
                s.put("candidates", "candidates");
            }
            measures.add(s);
            count++;
        }

        private String candidates(String measure, DistributedCsr a, DistributedLanczos l, List<QuadratureRun> runs,
                                  long[][] pairs, double scale, double inverse) {
            long[] nodes = new long[2 * pairs.length];
            for (int i = 0; i < pairs.length; i++) {
                nodes[2 * i] = pairs[i][0];
                nodes[2 * i + 1] = pairs[i][1];
            }
            Map<Long, double[]> basisRows = new HashMap<>();
            for (Tuple2<Long, double[]> t : BasisCombination.rows(a, l, nodes)) {
                basisRows.put(t._1(), t._2());
            }
            int bs = runs.size();
            NodeIds id = ids.value();
            List<Row> rows = new ArrayList<>();
            for (long[] pq : pairs) {
                double[] xp = basisRows.get(pq[0]);
                double[] xq = basisRows.get(pq[1]);
                double g = 0.0;
                for (int r = 0; r < bs; r++) {
                    QuadratureRun run = runs.get(r);
                    int k = run.steps();
                    if (k == 0) {
                        continue;
                    }
                    double[] h = run.h();
                    double s = 0.0;
                    for (int i = 0; i < k; i++) {
                        double hp = 0.0;
                        for (int j = 0; j < k; j++) {
                            hp += h[i * k + j] * xq[j * bs + r];
                        }
                        s += xp[i * bs + r] * hp;
                    }
                    g += run.coefficient() * s;
                }
                double d = pq[0] == pq[1] ? g : 2.0 * g;
                rows.add(RowFactory.create(measure, id.ofIndex(pq[0]), id.ofIndex(pq[1]), d * scale, d, d * inverse));
            }
            spark.createDataFrame(rows, schema).coalesce(1).write()
                    .mode(SaveMode.Append)
                    .parquet(out.path("candidates"));
            return "candidates";
        }

        /** Top N by |dF/dw| per measure. */
        List<Map<String, Object>> finish(int top) {
            Dataset<Row> all = spark.read().parquet(out.path("sensitivities"));
            List<Row> best = all.withColumn("rank", row_number().over(Window.partitionBy("measure")
                            .orderBy(abs(col("scaled")).desc(), col("src"), col("dst"))))
                    .where(col("rank").leq(top)).orderBy(col("measure"), col("rank")).collectAsList();
            Map<String, List<Map<String, Object>>> byMeasure = new HashMap<>();
            for (Row r : best) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("src", r.get(1));
                e.put("dst", r.get(2));
                e.put("sensitivity", json(r.getDouble(3)));
                e.put("scaled", r.getDouble(4));
                e.put("relative", r.getDouble(5));
                byMeasure.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(e);
            }
            for (Map<String, Object> s : measures) {
                s.put("top", byMeasure.getOrDefault((String) s.get("measure"), List.of()));
            }
            measures.sort(Comparator.comparing(s -> (String) s.get("measure")));
            return measures;
        }
    }
}
