package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.matrix.GershgorinInterval;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.SharedOperator;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.OutputDirectory;
import org.matfun.spark.lanczos.BasisCombination;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
        if (req.operator().magnetic()) {
            return MagneticCommunicability.run(spark, req, out);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        LoadedMatrix raw = MatrixReader.read(sc, req.graph(), req.format(), req.columns(), req.partitions(), false);
        LoadedMatrix m = GraphOperator.build(raw, req.operator(), req.weights());
        NodeIds ids = NodeIds.of(m);
        Map<String, Long> labelIds = ids.labelIds();
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
        Map<String, Object> summary = compute(spark, req, out, m, ids, new ArrayList<>(units.values()), candidates,
                exactKeep, CommunicabilityOutputs::writeNodeTables, (s, logNorm) -> {
                    if (!pairOrder.isEmpty()) {
                        s.put("pairs", CommunicabilityOutputs.writeUnits(spark, out, "pairs", pairOrder, ids, logNorm));
                    }
                    if (!nodeOrder.isEmpty()) {
                        s.put("subgraphCentrality", CommunicabilityOutputs.writeUnits(spark, out,
                                "subgraph-centrality", nodeOrder, ids, logNorm));
                    }
                }, req.operator() == GraphOperator.Kind.LAPLACIAN, t0);
        raw.unpersist();
        return summary;
    }

    /** Writes the node tables (total-communicability/, subgraph-centrality-estimated/): the real or the magnetic ones. */
    @FunctionalInterface
    interface NodeTables {
        /** As {@link CommunicabilityOutputs#writeNodeTables}: rows {id, scaled total, scaled diagonal mean, its s.e.}. */
        void write(SparkSession spark, OutputDirectory out, JavaRDD<Object[]> perNode,
                   org.apache.spark.sql.types.DataType idType, boolean total, boolean diag, CommunicabilityRequest req,
                   double totalLogScale, double totalErrorBound, double probeLogScale, double logNorm, int mProbes,
                   Map<String, Object> summary);
    }

    /** Writes the tables of the listed pairs and nodes once every value is known, and puts their summaries. */
    @FunctionalInterface
    interface UnitTables {
        void write(Map<String, Object> summary, double logNorm);
    }

    /**
     * Computes the units (listed nodes and pairs, as indices of {@code m}), the total communicability and the probe
     * estimates of exp(beta A) for the real symmetric operator {@code m}, in either execution mode, and writes the
     * Parquet outputs through {@code nodeTables} and {@code unitTables} into {@code out} (not committed).
     *
     * @param psd true if {@code m} is known to be positive semidefinite (a Laplacian with nonnegative weights):
     *            the spectrum interval of the bounds is cut at 0
     * @param t0  when the job started (for timings.loadSeconds)
     * @return the summary fields
     */
    static Map<String, Object> compute(SparkSession spark, CommunicabilityRequest req, OutputDirectory out,
                                       LoadedMatrix m, NodeIds ids, List<Unit> all, long[][] candidates,
                                       boolean exactKeep, NodeTables nodeTables, UnitTables unitTables, boolean psd,
                                       long t0) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DistributionChoice choice = DistributionChoice.choose(req.distribution(), m.n(), m.nnz(),
                runsWorkingBytes(m.n(), req, all, exactKeep, Math.max(1, sc.defaultParallelism())), sc.sc());
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        boolean runs = choice.mode() == Distribution.RUNS;
        DistributedCsr a = runs ? null : DistributedCsr.build(m, req.partitions());
        SharedOperator op = runs ? SharedOperator.broadcast(sc, m) : null;
        Broadcast<NodeIds> idsB = sc.broadcast(ids);
        long t1 = System.nanoTime();
        LOG.info("matfun communicability: {} ({} nodes, {} stored entries, {}), {} of the {}, beta {}",
                req.graph(), m.n(), m.nnz(), runs ? "run-parallel" : a.partitions() + " row blocks",
                req.weights() ? "weights" : "pattern", req.operatorText(), req.beta());
        double fBeta = req.operator().laplacian() ? -req.beta() : req.beta();
        MatrixFunction f = MatrixFunction.exp(fBeta);
        // the spectrum interval of the certified bounds (issue 16): Gershgorin, >= 0 for the PSD Laplacian
        SpectrumBounds spectrum = GershgorinInterval.of(m.n(), m.entries());
        if (psd) {
            spectrum = spectrum.intersect(0.0, Double.POSITIVE_INFINITY, "laplacian-psd");
        }
        BatchQuadrature quad = new BatchQuadrature(f, req.maxSteps(), req.tolerance(), spectrum);
        int blockSize = req.blockSize() > 0 ? req.blockSize() : automaticBlockSize(m.n(), exactKeep, req.maxSteps());

        List<Map<String, Object>> passes = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        CommunicabilityOutputs.SensitivityWriter sens = new CommunicabilityOutputs.SensitivityWriter(spark, out, idsB);
        double[] ritz = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        long matvecs = 0;

        Map<String, Object> execution = new LinkedHashMap<>(choice.summary());
        if (runs) {
            matvecs = RunsPlan.execute(sc, spark, out, op, m, all, req, f, fBeta, candidates, sens, ritz, passes,
                    summary, execution, spectrum, nodeTables);
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
            BatchQuadrature.Result res = quad.run(l, items, CommunicabilitySummaries.progress(label, ts));
            CommunicabilitySummaries.widen(ritz, res.ritzRange());
            matvecs += res.matvecs();
            OneSidedPass.oneSidedValues(a, l, us, items, res, fBeta, req);
            for (int i = 0; i < us.size(); i++) {
                Unit u = us.get(i);
                if (!u.oneSided) {
                    u.result = res.items().get(i);
                }
                if (wantsSensitivity(req, u)) {
                    sens.add(u.measure, a, l, items.get(i), res, quad, candidates);
                }
            }
            Map<String, Object> ps = CommunicabilitySummaries.passSummary(label, cols.size(), keep, res, ts);
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
            BatchQuadrature.Result res = quad.run(l, items, CommunicabilitySummaries.progress(label, ts));
            CommunicabilitySummaries.widen(ritz, res.ritzRange());
            matvecs += res.matvecs();
            double logNorm = CommunicabilitySummaries.logNormalization(fBeta, ritz);
            double[][] y = new double[cols.size()][];
            double totalLogScale = 0.0;
            double totalErrorBound = 0.0;
            if (doTotal) {
                BatchQuadrature.Item item = items.get(0);
                ScaledFunction sf = quad.scaleFor(item, res.columns());
                totalLogScale = sf.logScale();
                y[0] = BatchQuadrature.vectorCoefficients(res.columns().get(0), sf);
                totalErrorBound = TaylorPass.vectorErrorBound(res.columns().get(0), y[0], fBeta);
                summary.put("total", CommunicabilitySummaries.valueSummary(res.items().get(0), logNorm));
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
                    summary.put("estrada", CommunicabilitySummaries.estradaSummary(samples, probeLogScale, logNorm, worst,
                            req));
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
                CommunicabilityOutputs.writeVectors(spark, out, a, x, cols, doTotal, doDiag, req, idsB, totalLogScale,
                        totalErrorBound, probeLogScale, logNorm, first, mProbes, summary, nodeTables);
            }
            l.release();
            passes.add(CommunicabilitySummaries.passSummary(label, cols.size(), keep, res, ts));
        }

        matvecs += TaylorPass.taylorPairs(a, m, all, req, fBeta, ritz, blockSize, passes);
        }

        double logNorm = CommunicabilitySummaries.logNormalization(fBeta, ritz);
        unitTables.write(summary, logNorm);
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
        return summary;
    }

    static boolean wantsSensitivity(CommunicabilityRequest req, Unit u) {
        return u.p == u.q ? req.sensitivities("nodes") : req.sensitivities("pairs");
    }

    /**
     * The working bytes of one run-parallel task (DESIGN 3.1b), as {@link RunsPlan} groups the runs: three n x 32
     * blocks (q_{j-1}, q_j, w) and, where a pass keeps its basis, {@value #STEPS_FOR_MEMORY} + 1 vectors per kept
     * column: the exact groups' columns when they need sensitivities or one-sided values (their width then limited as
     * in RunsPlan), 1 for the total, a probe share (probes / 2 cores) for the diagonal estimator or Estrada
     * sensitivities.
     */
    static long runsWorkingBytes(long n, CommunicabilityRequest req, List<Unit> all, boolean exactKeep, int cores) {
        boolean oneSided = false;
        for (Unit u : all) {
            oneSided |= u.oneSided;
        }
        long kept = 0;
        if (exactKeep || oneSided) {
            kept = Math.max(1, Math.min(RUNS_GROUP_COLUMNS, automaticBlockSize(n, true, req.maxSteps()) / cores));
        }
        if (req.total()) {
            kept = Math.max(kept, 1);
        }
        if (req.allNodes() || req.estrada() && req.sensitivities("estrada")) {
            kept = Math.max(kept, (long) Math.ceil(req.probes() / (2.0 * cores)));
        }
        return 8L * n * (3L * RUNS_GROUP_COLUMNS + (STEPS_FOR_MEMORY + 1L) * kept);
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
}
