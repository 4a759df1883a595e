package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.trace.ControlVariates;
import org.matfun.core.trace.ProbeBlock;
import org.matfun.core.trace.ProbeBlockRunner;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.SlqBlock;
import org.matfun.core.trace.SlqEstimator;
import org.matfun.core.trace.StochasticTrace;
import org.matfun.core.trace.TraceProgress;
import org.matfun.core.trace.TraceResult;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.lanczos.DistributedGradient;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trace job: Hutchinson/SLQ estimate of tr f(A) for A = sum_i theta_i A_i on Spark. Reads the components,
 * forms A once (entries summed by position), splits it into row blocks, and runs core's {@link StochasticTrace}
 * with probe blocks of B starting vectors through {@link DistributedLanczos} (one Spark job per Lanczos step for
 * the whole block; the probes are generated on the executors from (seed, probe, row), so nothing of size n passes
 * through the driver).
 *
 * <p>Gradients (DESIGN 2.3, affine case), per probe on the driver:
 * <ul>
 *   <li>identity components: g = sum_j b_j^2 f'(lambda_j), exact since Q_k^T I Q_k = I; no basis;</li>
 *   <li>A = theta_1 A_1 + c I (one file component): g_1 = sum_j b_j^2 (lambda_j - c) f'(lambda_j) / theta_1,
 *       also driver-only (the G3_circuit case);</li>
 *   <li>two or more file components: the basis is kept (8 n k bytes per probe), G = Q_k H Q_k^T is formed on A's
 *       pattern per probe by {@link DistributedGradient} and g_i = sum over nonzeros of A_i of (A_i)_pq G_pq by
 *       one join with the component's entries (B Spark jobs per block).</li>
 * </ul>
 * Control variates (z^T A z, z^T A^2 z from each probe's first Lanczos step; exact tr A and ||A||_F^2 from one
 * pass over the entries) give a second estimate from the same probes at no extra matvec.
 * {@code --gradient edges} averages the per-probe edge gradients, with a per-edge standard error from running
 * moments (each block's per-probe terms are formed separately anyway, {@link DistributedGradient#edgeMoments}; blocks
 * combined by {@link #combineMoments}): no extra matvec and no extra Spark job.
 */
public final class TraceJob {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("org.matfun.trace");

    /** Largest automatic block size (the Lanczos state is about 6 n B doubles). */
    public static final int MAX_AUTO_BLOCK = 16;

    private TraceJob() {
    }

    /**
     * @param spark    the session
     * @param req      the request
     * @param blockSize B from --block-size, or null to choose it from memory
     * @param steps    receives every Lanczos step of every block (step records are block sums)
     * @param blocks   receives one progress record per block
     * @throws IllegalArgumentException for bad options, components of different orders, or a graph component
     * @throws InputException           for bad input files
     * @throws org.matfun.core.function.DomainException if A is outside f's domain (e.g. log of a singular matrix)
     */
    public static TraceOutcome run(SparkSession spark, TraceRequest req, Integer blockSize, StepListener steps,
                                   Consumer<TraceProgress> blocks) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        Combined c = combine(sc, req);
        boolean theta = req.gradient() == TraceGradient.THETA;
        boolean edges = req.gradient() == TraceGradient.EDGES;
        boolean keepBasis = edges || (theta && !req.driverOnlyGradient());
        DistributionChoice choice = DistributionChoice.choose(req.distribution(), c.matrix().n(), c.matrix().nnz(),
                8L * c.matrix().n() * 6 * RunsProbeRunner.PROBES_PER_TASK, sc.sc());
        if (choice.mode() == Distribution.RUNS && keepBasis) {
            String why = "the run-parallel mode of trace computes values and the driver-only theta gradient"
                    + " (identity and a scaled A); edge gradients and general components need the block-row mode";
            if (req.distribution() == Distribution.RUNS) {
                throw new IllegalArgumentException("--distribute runs: " + why + " (--distribute rows or auto)");
            }
            choice = new DistributionChoice(Distribution.ROWS, req.distribution(), "auto: " + why,
                    choice.predictedBytes(), choice.availableBytes());
        }
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        if (choice.mode() == Distribution.RUNS) {
            return RunsProbeRunner.trace(sc, req, c, choice, blockSize, blocks, t0);
        }
        DistributedCsr a = DistributedCsr.build(c.matrix(), req.partitions());
        long t1 = System.nanoTime();
        int[] chosen = new int[1];
        String reason = chooseBlockSize(spark, req, a.n(), keepBasis, blockSize, chosen);
        int bs = chosen[0];
        org.matfun.core.trace.TraceOptions opts = new org.matfun.core.trace.TraceOptions(req.trace().maxProbes(), bs,
                req.trace().seed(), req.trace().distribution(), req.trace().targetRelativeStandardError());
        SparkRunner runner = new SparkRunner(sc, req, a, c, keepBasis, steps);
        double[] controlMeans = controlMeans(c.matrix());
        TraceResult result;
        try {
            result = new StochasticTrace(opts).run(runner, theta ? req.components().size() : 0, controlMeans,
                    blocks);
        } finally {
            if (c.componentEntries() != null) {
                c.componentEntries().unpersist(false);
            }
        }
        long t2 = System.nanoTime();
        JavaRDD<Row> edgeRows = null;
        if (edges) {
            edgeRows = edgeRows(c.matrix(), runner.edgeSum, a.n());
        }
        return new TraceOutcome(result, runner.probeRows, a.n(), a.nonzeros(), a.partitions(), bs, reason,
                keepBasis, edgeRows, edges ? runner.edgeLogScale : 0.0, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9,
                choice.summary(), c.matrix().hasLabels());
    }

    /**
     * Rows (src, dst, gradient, standardError) from the per-edge running moments {count M, sum, M2}: the probe
     * mean sum / M and its standard error sqrt(M2 / (M - 1) / M) (NaN for one probe), with the input's identifiers.
     */
    static JavaRDD<Row> edgeRows(LoadedMatrix matrix, JavaPairRDD<Long, double[]> moments, long n) {
        // each edge's own probe count v[0] (equal to m today: every probe's gradient covers every edge)
        JavaPairRDD<Long, double[]> stats = moments.mapValues(v -> new double[]{v[1] / v[0],
            v[0] > 1 ? Math.sqrt(v[2] / (v[0] - 1) / v[0]) : Double.NaN});
        return BilinearJob.withOriginalIds(matrix,
                stats.mapToPair(t -> new Tuple2<>(t._1() / n, new Tuple2<>(t._1() % n, t._2()))),
                v -> new Object[]{v[0], v[1]});
    }

    /**
     * Chan, Golub and LeVeque's pairwise update of {count, sum, M2} (M2 = sum of squared deviations from the
     * mean): commutative and associative, so a reduceByKey over blocks in any order gives the moments of all
     * probes. The sums add exactly as before (the mean column does not depend on it).
     */
    static double[] combineMoments(double[] x, double[] y) {
        if (x[0] == 0) { // a block without runs contributes nothing (and would make the means 0 / 0)
            return y.clone();
        }
        if (y[0] == 0) {
            return x.clone();
        }
        double count = x[0] + y[0];
        double delta = y[1] / y[0] - x[1] / x[0];
        return new double[]{count, x[1] + y[1], x[2] + y[2] + delta * delta * x[0] * y[0] / count};
    }

    /**
     * B from memory: a probe costs about 8 n (6 + k_max) bytes with the basis kept and 8 n 6 bytes without; B is
     * the number of probes that fit in a quarter of the executor memory (the driver JVM in local mode), at most
     * {@value #MAX_AUTO_BLOCK} and at most the probe budget.
     */
    static String chooseBlockSize(SparkSession spark, TraceRequest req, long n, boolean keepBasis, Integer requested,
                                  int[] out) {
        int maxProbes = req.trace().maxProbes();
        if (requested != null) {
            if (requested < 1) {
                throw new IllegalArgumentException("--block-size = " + requested + "; expected an integer >= 1");
            }
            out[0] = Math.min(requested, maxProbes);
            return "--block-size " + requested;
        }
        String master = spark.sparkContext().master();
        long memory;
        String where;
        if (master.startsWith("local")) {
            memory = Runtime.getRuntime().maxMemory();
            where = "driver heap (local mode)";
        } else {
            long perExecutor = spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g");
            int executors = spark.sparkContext().getConf().getInt("spark.executor.instances", 2);
            memory = perExecutor * executors;
            where = executors + " executors x spark.executor.memory";
        }
        long perProbe = 8L * n * (6L + (keepBasis ? req.options().maxSteps() : 0L));
        long fit = Math.max(1L, memory / 4 / perProbe);
        out[0] = (int) Math.min(Math.min(fit, MAX_AUTO_BLOCK), maxProbes);
        return String.format(Locale.ROOT, "min(%d probes, %d, floor(%s %d MiB / 4 / %d bytes per probe = 8 n (6%s)))",
                maxProbes, MAX_AUTO_BLOCK, where, memory >> 20, perProbe, keepBasis ? " + k_max" : "");
    }

    /** A = sum_i theta_i A_i and, for the basis gradient path, the file components' upper-triangle entries. */
    record Combined(LoadedMatrix matrix, JavaPairRDD<Long, Tuple2<Integer, Double>> componentEntries) {
    }

    static Combined combine(JavaSparkContext sc, TraceRequest req) {
        List<TraceRequest.Component> comps = req.components();
        LoadedMatrix first = MatrixReader.read(sc, comps.get(0).path(), req.format(), req.columns(), req.partitions(),
                req.symmetrize());
        long n = first.n();
        boolean needEntries = req.gradient() == TraceGradient.THETA && !req.driverOnlyGradient();
        if (comps.size() == 1 && comps.get(0).theta() == 1.0) {
            return new Combined(first, needEntries ? upper(first.entries(), 0, n) : null);
        }
        List<JavaRDD<MatrixEntry>> parts = new ArrayList<>();
        JavaPairRDD<Long, Tuple2<Integer, Double>> entries = null;
        for (int i = 0; i < comps.size(); i++) {
            TraceRequest.Component comp = comps.get(i);
            double th = comp.theta();
            if (comp.identity()) {
                parts.add(identity(sc, n, req.partitions()).map(e -> new MatrixEntry(e.row(), e.col(), th)));
                continue;
            }
            LoadedMatrix m = i == 0 ? first : MatrixReader.read(sc, comp.path(), req.format(), req.columns(), req.partitions(),
                    req.symmetrize());
            if (m.graph() && comps.size() > 1) {
                throw new IllegalArgumentException("component " + comp.path() + " is an edge list: a family of"
                        + " several components needs Matrix Market files (row numbers are the common index)");
            }
            if (m.n() != n) {
                throw new IllegalArgumentException("component " + comp.path() + " has order " + m.n()
                        + ", but --matrix " + comps.get(0).path() + " has order " + n + "; all components must"
                        + " have the same order");
            }
            parts.add(m.entries().map(e -> new MatrixEntry(e.row(), e.col(), th * e.value())));
            if (needEntries) {
                JavaPairRDD<Long, Tuple2<Integer, Double>> u = upper(m.entries(), i, n);
                entries = entries == null ? u : entries.union(u);
            }
        }
        JavaRDD<MatrixEntry> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.union(parts.get(i));
        }
        JavaRDD<MatrixEntry> summed = all.mapToPair(e -> new Tuple2<>(e.row() * n + e.col(), e.value()))
                .reduceByKey(Double::sum, req.partitions())
                .map(t -> new MatrixEntry(t._1() / n, t._1() % n, t._2()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long nnz = summed.count();
        StringBuilder name = new StringBuilder();
        for (TraceRequest.Component comp : comps) {
            name.append(name.length() == 0 ? "" : " + ").append(comp.theta()).append(" * ").append(comp.label());
        }
        first.entries().unpersist(false);
        if (entries != null) {
            entries = entries.persist(StorageLevel.MEMORY_AND_DISK());
        }
        return new Combined(first.withEntries(name.toString(), nnz, summed),
                entries);
    }

    /** Entries (row <= col) of a component, keyed by row * n + col, with the component's index. */
    private static JavaPairRDD<Long, Tuple2<Integer, Double>> upper(JavaRDD<MatrixEntry> e, int index, long n) {
        return e.filter(x -> x.row() <= x.col())
                .mapToPair(x -> new Tuple2<>(x.row() * n + x.col(), new Tuple2<>(index, x.value())));
    }

    /** The n diagonal entries of I, generated in P slices. */
    private static JavaRDD<MatrixEntry> identity(JavaSparkContext sc, long n, int partitions) {
        List<Integer> slices = new ArrayList<>();
        for (int s = 0; s < partitions; s++) {
            slices.add(s);
        }
        int p = partitions;
        return sc.parallelize(slices, p).flatMap(s -> {
            long lo = n * s / p;
            long hi = n * (s + 1) / p;
            List<MatrixEntry> out = new ArrayList<>((int) (hi - lo));
            for (long i = lo; i < hi; i++) {
                out.add(new MatrixEntry(i, i, 1.0));
            }
            return out.iterator();
        });
    }

    /** {tr A, ||A||_F^2}: the exact means of the control variates z^T A z and z^T A^2 z (one Spark job). */
    static double[] controlMeans(LoadedMatrix m) {
        return m.entries().map(e -> new double[]{e.row() == e.col() ? e.value() : 0.0, e.value() * e.value()})
                .reduce((x, y) -> new double[]{x[0] + y[0], x[1] + y[1]});
    }

    /**
     * The theta gradients that need no basis, per probe: d/dtheta of the identity component is z^T f'(A) z; with
     * driverOnlyGradient (A = theta_1 A_1 + c I), d/dtheta_1 = (z^T A f'(A) z - c z^T f'(A) z) / theta_1. Other
     * entries are 0 (filled by the basis pass).
     */
    static double[][] driverGradients(TraceRequest req, double[] identityDerivatives, double[] momentDerivatives) {
        List<TraceRequest.Component> comps = req.components();
        int bs = identityDerivatives.length;
        int m = comps.size();
        double[][] g = new double[bs][m];
        double c = 0.0;
        for (TraceRequest.Component comp : comps) {
            c += comp.identity() ? comp.theta() : 0.0;
        }
        for (int b = 0; b < bs; b++) {
            for (int i = 0; i < m; i++) {
                if (comps.get(i).identity()) {
                    g[b][i] = identityDerivatives[b];
                } else if (req.driverOnlyGradient()) {
                    g[b][i] = (momentDerivatives[b] - c * identityDerivatives[b]) / comps.get(i).theta();
                }
            }
        }
        return g;
    }

    /** Probe blocks through DistributedLanczos; gradients as described in the class comment. */
    private static final class SparkRunner implements ProbeBlockRunner {

        private final JavaSparkContext sc;
        private final TraceRequest req;
        private final DistributedCsr a;
        private final Combined combined;
        private final boolean keepBasis;
        private final StepListener steps;
        final List<String> probeRows = new ArrayList<>();
        /** Per stored edge (key row * n + col): {probes, sum of the per-probe gradients, M2} in edgeLogScale. */
        JavaPairRDD<Long, double[]> edgeSum;
        /** log-scale of the edge sums (that of the first block; later blocks are rescaled to it). */
        double edgeLogScale = Double.NaN;
        private int block;

        SparkRunner(JavaSparkContext sc, TraceRequest req, DistributedCsr a, Combined combined, boolean keepBasis,
                    StepListener steps) {
            this.sc = sc;
            this.req = req;
            this.a = a;
            this.combined = combined;
            this.keepBasis = keepBasis;
            this.steps = steps;
        }

        @Override
        public ProbeBlock run(long firstProbe, int bs) {
            block++;
            ProbeDistribution dist = req.trace().distribution();
            long seed = req.trace().seed();
            JavaRDD<BlockVector> starts = a.blocks().map(b -> new BlockVector(b.block(), bs,
                    dist.block(seed, firstProbe, bs, b.rowStart(), b.rows())));
            DistributedLanczos lanczos = DistributedLanczos.start(a, starts, bs,
                    req.options().reorthogonalization(), keepBasis, req.checkpointInterval());
            try {
                SlqBlock s = new SlqEstimator(req.function(), req.options(), keepBasis).run(lanczos, steps);
                double[][] g = req.gradient() == TraceGradient.THETA ? thetaGradients(s, lanczos) : null;
                if (req.gradient() == TraceGradient.EDGES) {
                    accumulateEdges(lanczos, s.result().runs(), s.logScale());
                }
                for (int b = 0; b < bs; b++) {
                    StringBuilder line = new StringBuilder();
                    line.append(firstProbe + b).append(',').append(block).append(',').append(s.values()[b])
                            .append(',').append(s.logScale());
                    if (g != null) {
                        for (double x : g[b]) {
                            line.append(',').append(x);
                        }
                    }
                    probeRows.add(line.toString());
                }
                double[][] controls = new double[bs][];
                for (int b = 0; b < bs; b++) {
                    controls[b] = ControlVariates.moments(s.result().runs().get(b));
                }
                return new ProbeBlock(s.values(), g, s.logScale(), s.result().steps(), s.result().matvecs(),
                        s.result().termination(), controls);
            } finally {
                lanczos.release();
            }
        }

        private double[][] thetaGradients(SlqBlock s, DistributedLanczos lanczos) {
            List<TraceRequest.Component> comps = req.components();
            int bs = s.size();
            double[][] g = driverGradients(req, s.identityDerivatives(), s.momentDerivatives());
            if (req.driverOnlyGradient()) {
                return g;
            }
            List<QuadratureRun> runs = s.result().runs();
            long n = a.n();
            for (int b = 0; b < bs; b++) {
                if (runs.get(b).steps() == 0) {
                    continue;
                }
                List<QuadratureRun> only = new ArrayList<>();
                for (int r = 0; r < bs; r++) {
                    QuadratureRun run = runs.get(r);
                    only.add(r == b ? run : new QuadratureRun(0.0, run.startNorm(), 0, new double[0], new double[0],
                            null, null));
                }
                Map<Integer, Double> sums = DistributedGradient.edges(a, lanczos, only)
                        .mapToPair(e -> new Tuple2<>(e.row() * n + e.col(), e.gradient()))
                        .join(combined.componentEntries())
                        .mapToPair(t -> new Tuple2<>(t._2()._2()._1(), t._2()._2()._2() * t._2()._1()))
                        .reduceByKey(Double::sum)
                        .collectAsMap();
                for (Map.Entry<Integer, Double> e : sums.entrySet()) {
                    g[b][e.getKey()] = e.getValue();
                }
            }
            return g;
        }

        private void accumulateEdges(DistributedLanczos lanczos, List<QuadratureRun> runs, double logScale) {
            long n = a.n();
            if (Double.isNaN(edgeLogScale)) {
                edgeLogScale = logScale;
            }
            double factor = Math.exp(logScale - edgeLogScale);
            double count = runs.size();
            JavaPairRDD<Long, double[]> cur = DistributedGradient.edgeMoments(a, lanczos, runs)
                    .mapToPair(t -> new Tuple2<>(t._1().row() * n + t._1().col(),
                            new double[]{count, factor * t._1().gradient(), factor * factor * t._2()}));
            JavaPairRDD<Long, double[]> next = edgeSum == null ? cur
                    : edgeSum.union(cur).reduceByKey(TraceJob::combineMoments, a.partitions());
            next = next.persist(StorageLevel.MEMORY_AND_DISK());
            next.count();
            if (edgeSum != null) {
                edgeSum.unpersist(false);
            }
            edgeSum = next;
        }
    }

}
