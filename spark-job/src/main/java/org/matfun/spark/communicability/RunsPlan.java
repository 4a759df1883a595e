package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectralRadiusBound;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.spark.exec.RunParallel;
import org.matfun.spark.exec.SharedOperator;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.jobs.OutputDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The communicability job's plan in the run-parallel mode (DESIGN 3.1b): three Spark stages over the broadcast
 * operator, each a set of {@link CommunicabilityRuns} groups: (1) the listed nodes and pairs (groups of up to
 * {@value CommunicabilityJob#RUNS_GROUP_COLUMNS} columns, fewer when a basis is kept, at least 4 groups per core
 * where there are runs for them), (2) the ones vector and the probes (the probes split into 2 groups per core),
 * (3) the Taylor columns of the pairs that need them (4 groups per core). The driver combines the groups' records
 * exactly as the block-row mode combines its passes, and writes the same outputs.
 *
 * <p>Differences from the block-row mode, all within the tolerance: a group stops when its own items have
 * converged (a block-row pass steps until all of its items have), and the Taylor series also uses the 2-norm tail
 * bound with a Collatz-Wielandt bound on lambda_max ({@link SpectralRadiusBound}, 50 products on the driver), which
 * stops it after ~beta lambda_max instead of ~beta ||A||_inf terms.
 */
final class RunsPlan {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");
    /** Power iterations of the Collatz-Wielandt bound. */
    static final int RADIUS_ITERATIONS = 50;

    private RunsPlan() {
    }

    /** @return matrix-vector products used */
    static long execute(JavaSparkContext sc, SparkSession spark, OutputDirectory out, SharedOperator op,
                        LoadedMatrix m, List<CommunicabilityJob.Unit> all, CommunicabilityRequest req,
                        MatrixFunction f, double fBeta, long[][] candidates,
                        CommunicabilityOutputs.SensitivityWriter sens,
                        double[] ritz, List<Map<String, Object>> passes, Map<String, Object> summary,
                        Map<String, Object> execution, SpectrumBounds spectrum,
                        CommunicabilityJob.NodeTables nodeTables) {
        CsrMatrix a = op.matrix();
        int cores = Math.max(1, sc.defaultParallelism());
        String spec = f.spec();
        int maxSteps = req.maxSteps();
        double tol = req.tolerance();
        long matvecs = 0;
        List<Map<String, Object>> stages = new ArrayList<>();

        // (1) listed nodes and pairs
        List<CommunicabilityJob.Unit> exact = new ArrayList<>();
        int columns = 0;
        boolean keep = false;
        for (CommunicabilityJob.Unit u : all) {
            if (!u.taylorOnly) {
                exact.add(u);
                columns += u.columns.size();
                keep |= CommunicabilityJob.wantsSensitivity(req, u) || u.oneSided;
            }
        }
        if (!exact.isEmpty()) {
            int width = Math.max(1, Math.min(CommunicabilityJob.RUNS_GROUP_COLUMNS,
                    (int) Math.ceil(columns / (4.0 * cores))));
            if (keep) {
                width = Math.max(1, Math.min(width, CommunicabilityJob.automaticBlockSize(m.n(), true, maxSteps) / cores));
            }
            List<List<CommunicabilityRuns.UnitSpec>> groups = new ArrayList<>();
            List<List<CommunicabilityJob.Unit>> owners = new ArrayList<>();
            List<CommunicabilityRuns.UnitSpec> g = new ArrayList<>();
            List<CommunicabilityJob.Unit> o = new ArrayList<>();
            int c = 0;
            for (CommunicabilityJob.Unit u : exact) {
                if (c + u.columns.size() > width && !g.isEmpty()) {
                    groups.add(g);
                    owners.add(o);
                    g = new ArrayList<>();
                    o = new ArrayList<>();
                    c = 0;
                }
                g.add(new CommunicabilityRuns.UnitSpec(u.p, u.q, u.oneSided, CommunicabilityJob.wantsSensitivity(req, u)));
                o.add(u);
                c += u.columns.size();
            }
            groups.add(g);
            owners.add(o);
            int[] sizes = new int[groups.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = groups.get(i).size();
            }
            List<List<CommunicabilityRuns.UnitSpec>> shipped = groups;
            RunParallel.Outcome<CommunicabilityRuns.ExactOutput> res = RunParallel.run(sc, op, sizes,
                    "listed nodes and pairs", (mat, gi) -> CommunicabilityRuns.exact(mat, MatrixFunction.parse(spec),
                            shipped.get(gi), maxSteps, tol, fBeta, candidates, spectrum));
            Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
            int steps = 0;
            long mv = 0;
            for (int gi = 0; gi < groups.size(); gi++) {
                CommunicabilityRuns.ExactOutput eo = res.results().get(gi);
                CommunicabilitySummaries.widen(ritz, eo.ritzRange());
                steps = Math.max(steps, eo.steps());
                mv += eo.matvecs();
                for (int i = 0; i < owners.get(gi).size(); i++) {
                    CommunicabilityJob.Unit u = owners.get(gi).get(i);
                    u.result = eo.results().get(i);
                    counts.merge(u.result.termination(), 1, Integer::sum);
                    if (eo.sensitivities().get(i) != null) {
                        sens.add(u.measure, a, eo.sensitivities().get(i), candidates);
                    }
                }
            }
            matvecs += mv;
            passes.add(stage("listed nodes and pairs", columns, keep, steps, mv, res, counts));
            stages.add(res.summary());
        }

        // (2) the ones vector and the probes
        boolean probes = req.estrada() || req.allNodes();
        if (req.total() || probes) {
            int mProbes = probes ? req.probes() : 0;
            boolean diag = probes && req.allNodes();
            boolean estradaSens = probes && req.estrada() && req.sensitivities("estrada");
            boolean totalSens = req.total() && req.sensitivities("total");
            int per = mProbes == 0 ? 0 : Math.max(1, (int) Math.ceil(mProbes / (2.0 * cores)));
            List<int[]> groups = new ArrayList<>(); // {first probe, count}, {-1, 0} for the total
            if (req.total()) {
                groups.add(new int[] {-1, 0});
            }
            for (int first = 0; first < mProbes; first += per) {
                groups.add(new int[] {first, Math.min(per, mProbes - first)});
            }
            int[] sizes = new int[groups.size()];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = groups.get(i)[0] < 0 ? 1 : groups.get(i)[1];
            }
            long seed = req.seed();
            List<int[]> shipped = groups;
            RunParallel.Outcome<CommunicabilityRuns.VectorOutput> res = RunParallel.run(sc, op, sizes,
                    "total and probes", (mat, gi) -> {
                        int[] gr = shipped.get(gi);
                        MatrixFunction fn = MatrixFunction.parse(spec);
                        return gr[0] < 0
                                ? CommunicabilityRuns.vectors(mat, fn, true, seed, 0, 0, 1, false, false, maxSteps, tol,
                                        totalSens ? candidates : null, totalSens, spectrum)
                                : CommunicabilityRuns.vectors(mat, fn, false, seed, gr[0], gr[1], mProbes, diag,
                                        estradaSens, maxSteps, tol, candidates, false, spectrum);
                    });
            Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
            int steps = 0;
            long mv = 0;
            for (CommunicabilityRuns.VectorOutput vo : res.results()) {
                for (BatchQuadrature.Column c : vo.columns()) {
                    if (c.eigen() != null) {
                        CommunicabilitySummaries.widen(ritz, new double[] {c.eigen().min(), c.eigen().max()});
                    }
                }
                for (BatchQuadrature.ItemResult r : vo.items()) {
                    counts.merge(r.termination(), 1, Integer::sum);
                }
                steps = Math.max(steps, vo.steps());
                mv += vo.matvecs();
            }
            matvecs += mv;
            double logNorm = CommunicabilitySummaries.logNormalization(fBeta, ritz);
            BatchQuadrature quad = new BatchQuadrature(f, maxSteps, tol);
            int n = (int) m.n();
            double[] tc = null;
            double totalLogScale = 0.0;
            double totalErrorBound = 0.0;
            int g0 = 0;
            if (req.total()) {
                CommunicabilityRuns.VectorOutput vo = res.results().get(0);
                BatchQuadrature.Item item = new BatchQuadrature.Item(new int[] {0}, new double[] {1.0}, true);
                ScaledFunction sf = quad.scaleFor(item, vo.columns());
                totalLogScale = sf.logScale();
                double[] y = BatchQuadrature.vectorCoefficients(vo.columns().get(0), sf);
                totalErrorBound = TaylorPass.vectorErrorBound(vo.columns().get(0), y, fBeta);
                tc = vo.total();
                summary.put("total", CommunicabilitySummaries.valueSummary(vo.items().get(0), logNorm));
                if (totalSens) {
                    sens.add("total", a, vo.sensitivity(), candidates);
                }
                g0 = 1;
            }
            double probeLogScale = 0.0;
            double[] mean = null;
            double[] se = null;
            if (mProbes > 0) {
                List<BatchQuadrature.Column> cols = new ArrayList<>();
                Termination worst = Termination.CONVERGED;
                for (int gi = g0; gi < res.results().size(); gi++) {
                    cols.addAll(res.results().get(gi).columns());
                    for (BatchQuadrature.ItemResult r : res.results().get(gi).items()) {
                        if (r.termination() == Termination.STEP_BUDGET) {
                            worst = Termination.STEP_BUDGET;
                        }
                    }
                }
                int[] pc = new int[mProbes];
                double[] coef = new double[mProbes];
                for (int i = 0; i < mProbes; i++) {
                    pc[i] = i;
                    coef[i] = 1.0 / mProbes;
                }
                ScaledFunction sf = quad.scaleFor(new BatchQuadrature.Item(pc, coef), cols);
                probeLogScale = sf.logScale();
                double[] samples = new double[mProbes];
                for (int i = 0; i < mProbes; i++) {
                    BatchQuadrature.Column c = cols.get(i);
                    samples[i] = c.eigen() == null ? 0.0 : GaussQuadrature.of(c.eigen(), c.startNorm()).apply(sf);
                }
                if (req.estrada()) {
                    summary.put("estrada", CommunicabilitySummaries.estradaSummary(samples, probeLogScale, logNorm, worst,
                            req));
                }
                double[] perEntry = estradaSens ? new double[(int) a.nonzeros()] : null;
                double[] cand = estradaSens && candidates != null ? new double[candidates.length] : null;
                double value = 0.0;
                if (diag) {
                    mean = new double[n];
                    se = new double[n];
                }
                double[] s2 = diag ? new double[n] : null;
                for (int gi = g0; gi < res.results().size(); gi++) {
                    CommunicabilityRuns.VectorOutput vo = res.results().get(gi);
                    double w = Math.exp(vo.logScale() - probeLogScale);
                    if (diag) {
                        for (int i = 0; i < n; i++) {
                            mean[i] += w * vo.diagSum()[i];
                            s2[i] += w * w * vo.diagSquares()[i];
                        }
                    }
                    if (estradaSens) {
                        double wg = Math.exp(vo.sensitivity().logScale() - probeLogScale);
                        double[] d = vo.sensitivity().perEntry();
                        for (int e = 0; e < d.length; e++) {
                            perEntry[e] += wg * d[e];
                        }
                        if (cand != null) {
                            for (int e = 0; e < cand.length; e++) {
                                cand[e] += wg * vo.sensitivity().candidates()[e];
                            }
                        }
                        value += wg * vo.sensitivity().scaledValue();
                    }
                }
                if (diag) {
                    for (int i = 0; i < n; i++) {
                        mean[i] /= mProbes;
                        double ss = Math.max(0.0, s2[i] - mProbes * mean[i] * mean[i]);
                        se[i] = mProbes > 1 ? Math.sqrt(ss / (mProbes - 1) / mProbes) : Double.POSITIVE_INFINITY;
                    }
                }
                if (estradaSens) {
                    sens.add("estrada", a, new CommunicabilityRuns.Sensitivity(probeLogScale, value, perEntry, cand),
                            candidates);
                }
            }
            if (req.total() || diag) {
                NodeIds ids = sens.nodeIds();
                List<Object[]> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(new Object[] {ids.ofIndex(i), tc == null ? 0.0 : tc[i], mean == null ? 0.0 : mean[i],
                            se == null ? Double.POSITIVE_INFINITY : se[i]});
                }
                JavaRDD<Object[]> perNode = sc.parallelize(rows, Math.max(1, cores));
                nodeTables.write(spark, out, perNode, ids.type(), req.total(), diag, req,
                        totalLogScale, totalErrorBound, probeLogScale, logNorm, mProbes, summary);
            }
            passes.add(stage("total and probes", (req.total() ? 1 : 0) + mProbes,
                    req.total() || diag || estradaSens, steps, mv, res, counts));
            stages.add(res.summary());
        }

        // (3) Taylor columns
        List<CommunicabilityJob.Unit> todo = TaylorPass.taylorTodo(all, req, fBeta, ritz);
        if (!todo.isEmpty()) {
            double[] bounds = fBeta < 0 || req.operator().laplacian() ? null : rowBounds(a);
            if (TaylorPass.taylorApplies(bounds, req, todo.size())) {
                int budget = TaylorPass.taylorBudget(req, fBeta, bounds[1]);
                double radius = SpectralRadiusBound.of(a, RADIUS_ITERATIONS);
                LOG.info("Taylor series: {} pairs; ||A||_inf = {}, Collatz-Wielandt bound on lambda_max = {}",
                        todo.size(), bounds[1], radius);
                Map<Long, List<CommunicabilityJob.Unit>> byColumn = new LinkedHashMap<>();
                for (CommunicabilityJob.Unit u : todo) {
                    byColumn.computeIfAbsent(u.q, k -> new ArrayList<>()).add(u);
                }
                List<Long> qs = new ArrayList<>(byColumn.keySet());
                int groupsWanted = Math.min(qs.size(), 4 * cores);
                int per = (int) Math.ceil(qs.size() / (double) groupsWanted);
                List<TaylorGroup> groups = new ArrayList<>();
                List<List<CommunicabilityJob.Unit>> owners = new ArrayList<>();
                for (int first = 0; first < qs.size(); first += per) {
                    List<Long> gq = qs.subList(first, Math.min(qs.size(), first + per));
                    long[] cols = new long[gq.size()];
                    List<CommunicabilityJob.Unit> us = new ArrayList<>();
                    List<Integer> which = new ArrayList<>();
                    for (int j = 0; j < cols.length; j++) {
                        cols[j] = gq.get(j);
                        for (CommunicabilityJob.Unit u : byColumn.get(gq.get(j))) {
                            us.add(u);
                            which.add(j);
                        }
                    }
                    long[] rws = new long[us.size()];
                    int[] cc = new int[us.size()];
                    for (int i = 0; i < rws.length; i++) {
                        rws[i] = us.get(i).p;
                        cc[i] = which.get(i);
                    }
                    groups.add(new TaylorGroup(cols, rws, cc));
                    owners.add(us);
                }
                int[] sizes = new int[groups.size()];
                for (int i = 0; i < sizes.length; i++) {
                    sizes[i] = groups.get(i).rows().length;
                }
                double rowSum = bounds[1];
                RunParallel.Outcome<TaylorPairs.Result> res = RunParallel.run(sc, op, sizes, "Taylor columns",
                        (mat, gi) -> {
                            TaylorGroup tg = groups.get(gi);
                            return CommunicabilityRuns.taylor(mat, tg.columns(), tg.rows(), tg.column(), fBeta, tol,
                                    rowSum, radius, budget);
                        });
                Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
                int terms = 0;
                long mv = 0;
                for (int gi = 0; gi < groups.size(); gi++) {
                    TaylorPairs.Result tr = res.results().get(gi);
                    terms = Math.max(terms, tr.terms());
                    mv += tr.matvecs();
                    for (int i = 0; i < owners.get(gi).size(); i++) {
                        CommunicabilityJob.Unit u = owners.get(gi).get(i);
                        u.result = tr.entries().get(i);
                        u.method = "taylor";
                        counts.merge(u.result.termination(), 1, Integer::sum);
                    }
                }
                matvecs += mv;
                Map<String, Object> p = stage("Taylor columns", qs.size(), false, terms, mv, res, counts);
                p.remove("steps");
                p.put("pairs", todo.size());
                p.put("taylorTerms", terms);
                p.put("radiusBound", radius);
                passes.add(p);
                stages.add(res.summary());
            }
        }
        execution.put("tasks", stages);
        return matvecs;
    }

    /** Columns q, wanted rows p and their column index, for one Taylor group. */
    record TaylorGroup(long[] columns, long[] rows, int[] column) implements Serializable {
    }

    /** {smallest stored value, ||A||_inf} (TaylorPairs.bounds, in memory). */
    static double[] rowBounds(CsrMatrix a) {
        int[] ptr = a.rowPointers();
        double[] v = a.values();
        double min = Double.POSITIVE_INFINITY;
        double max = 0.0;
        for (int i = 0; i < a.dimension(); i++) {
            double s = 0.0;
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                min = Math.min(min, v[p]);
                s += Math.abs(v[p]);
            }
            max = Math.max(max, s);
        }
        return new double[] {min, max};
    }

    private static Map<String, Object> stage(String label, int columns, boolean keep, int steps, long matvecs,
                                             RunParallel.Outcome<?> res, Map<Termination, Integer> counts) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pass", label + " (run-parallel)");
        p.put("startingVectors", columns);
        p.put("basisKept", keep);
        p.put("steps", steps);
        p.put("matvecs", matvecs);
        p.put("seconds", res.seconds());
        p.put("tasks", res.tasks().size());
        Map<String, Integer> c = new LinkedHashMap<>();
        counts.forEach((t, v) -> c.put(t.name(), v));
        p.put("terminations", c);
        return p;
    }
}
