package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.SweepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosRecurrence;
import org.matfun.core.lanczos.ReplayingRecurrence;
import org.matfun.core.lanczos.StopRule;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.matrix.GershgorinInterval;
import org.matfun.spark.lanczos.LanczosSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.lanczos.DistributedGradient;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.lanczos.EdgeGradient;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The bilinear job in the block-row mode (the run-parallel mode is {@link BilinearRuns}; {@code --distribute}
 * chooses, DESIGN 3.1b): read A, split it into row blocks, run the distributed Lanczos recurrence from u and v (one
 * block of 1 or 2 starting vectors), let core's estimator decide when to stop, and compute the requested
 * gradient. The driver holds O(k^2) numbers; vectors stay on the executors.
 */
public final class BilinearJob {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.bilinear");

    private BilinearJob() {
    }

    /**
     * Runs the computation (Spark jobs: load, partition, one per Lanczos step, and the gradient if asked).
     * The gradient rows are lazy: writing them runs the last jobs.
     *
     * @throws IllegalArgumentException for bad options or vector specifications
     * @throws org.matfun.spark.io.InputException for bad input files
     * @throws org.matfun.core.function.DomainException if A turns out to be outside f's domain
     */
    public static BilinearOutcome run(SparkSession spark, BilinearRequest req, SweepListener listener) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        LoadedMatrix m = MatrixReader.read(sc, req.matrix(), req.format(), req.columns(), req.partitions(),
                req.symmetrize());
        DistributionChoice choice = DistributionChoice.choose(req.distribution(), m.n(), m.nnz(),
                BilinearRuns.workingBytes(req, m.n()), sc.sc());
        if (req.checkpointDir() != null) {
            choice = choice.preferRows("--checkpoint-dir asks for Lanczos step checkpoints, which the block-row plan"
                    + " keeps (a single run in the runs mode restarts from step 0)");
            if (choice.mode() == Distribution.RUNS) {
                LOG.warn("--distribute runs: the run is one task and is recomputed from step 0 if lost;"
                        + " --checkpoint-dir {} is not used", req.checkpointDir());
            }
        }
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        SpectrumBounds spectrum = (req.spectrum() != null ? req.spectrum() : GershgorinInterval.of(m.n(), m.entries()))
                .forDomain(req.function().domain());
        StopRule stop = stopRule(req, spectrum);
        LOG.info(String.format(java.util.Locale.ROOT, "spectrum interval [%.6g, %.6g] (%s); stopping rule: %s",
                spectrum.lower(), spectrum.upper(), spectrum.source(), stop == StopRule.BOUND_OR_ESTIMATE
                        ? "bound (the estimate once met if the interval still contains 0)"
                        : stop.name().toLowerCase(java.util.Locale.ROOT)));
        if (choice.mode() == Distribution.RUNS) {
            return BilinearRuns.run(sc, req, m, choice, listener, t0, spectrum, stop);
        }
        DistributedCsr a = DistributedCsr.build(m, req.partitions());
        double[] coefficients = StartVectors.coefficients(req.u(), req.v());
        JavaRDD<BlockVector> starts = StartVectors.build(sc, a, m, req.u(), req.v());
        long t1 = System.nanoTime();
        boolean edges = req.gradient() == GradientRequest.EDGES;
        EnumSet<GradientKind> kinds = EnumSet.noneOf(GradientKind.class);
        if (edges) {
            kinds.add(GradientKind.MATRIX);
        } else if (req.gradient() == GradientRequest.PARAMETER) {
            kinds.add(GradientKind.PARAMETER);
        }
        LanczosCheckpoint checkpoint = req.checkpointDir() == null ? null
                : LanczosCheckpoint.open(sc, req.checkpointDir(), fingerprint(sc, req, a));
        Optional<LanczosCheckpoint.Saved> saved = checkpoint == null ? Optional.empty() : checkpoint.load(sc, a);
        DistributedLanczos lanczos;
        LanczosRecurrence recurrence;
        int resumedAt = 0;
        if (saved.isPresent()) {
            LanczosSnapshot snap = saved.get().snapshot();
            lanczos = DistributedLanczos.resume(a, saved.get().states(), snap, req.options().reorthogonalization(),
                    req.checkpointInterval());
            recurrence = new ReplayingRecurrence(snap.history(), snap.startMatvecs(), lanczos);
            resumedAt = snap.step();
            LOG.info("resuming from the checkpoint in {} at Lanczos step {}", req.checkpointDir(), resumedAt);
        } else {
            lanczos = DistributedLanczos.start(a, starts, coefficients.length, req.options().reorthogonalization(),
                    edges, req.checkpointInterval());
            recurrence = lanczos;
        }
        int resumedStep = resumedAt;
        DistributedLanczos live = lanczos;
        SweepListener withCheckpoints = checkpoint == null ? listener : (step, records) -> {
            listener.onStep(step, records);
            if (step > resumedStep && step % req.checkpointInterval() == 0) {
                checkpoint.save(live);
            }
        };
        java.util.List<BilinearFormResult> results = new BilinearFormEstimator(req.functions().functions(),
                req.options().withStop(stop), kinds).withSpectrum(spectrum).runAll(recurrence, coefficients,
                withCheckpoints);
        BilinearFormResult result = BilinearOutcome.longest(results);
        long t2 = System.nanoTime();
        long cached = cachedBytes(sc);
        JavaRDD<Row> gradient = null;
        if (edges && req.sweep()) {
            gradient = sweepRows(m, DistributedGradient.edgesPerValue(a, lanczos, runsOf(results)),
                    req.functions().parameters());
        } else if (edges) {
            gradient = withOriginalIds(m, DistributedGradient.edges(a, lanczos, result.runs()));
        }
        return new BilinearOutcome(result, a.n(), a.nonzeros(), a.partitions(), a.haloEntries(),
                8L * coefficients.length * a.haloEntries(), gradient, (t1 - t0) * 1e-9, (t2 - t1) * 1e-9,
                resumedAt, checkpoint, cached, choice, null, null, m.hasLabels(), spectrum, stop, results);
    }

    /**
     * --stop resolved: auto is BOUND where two-sided bounds exist for f on the spectrum interval, else ESTIMATE.
     *
     * @throws IllegalArgumentException for --stop bound without two-sided bounds (the reason and what to do)
     */
    static StopRule stopRule(BilinearRequest req, SpectrumBounds spectrum) {
        String why = null;
        for (MatrixFunction f : req.functions().functions()) {
            String w = BilinearFormEstimator.boundsUnavailable(f, spectrum);
            if (w != null) {
                why = req.sweep() ? f.spec() + ": " + w : w;
                break;
            }
        }
        switch (req.stop()) {
            case ESTIMATE:
                return StopRule.ESTIMATE;
            case BOUND:
                if (why != null) {
                    throw new IllegalArgumentException("--stop bound: " + why + (why.contains("lower end")
                            ? "; give an interval with a positive lower end with --spectrum LO:HI, or use --stop estimate"
                            : "; use --stop estimate"));
                }
                return StopRule.BOUND;
            default:
                if (why != null) {
                    LOG.info("--stop auto: the error estimate decides ({})", why);
                }
                return why == null ? StopRule.BOUND_OR_ESTIMATE : StopRule.ESTIMATE;
        }
    }

    /** Bytes of all cached RDD blocks (memory and disk) on the executors, from Spark's storage status. */
    static long cachedBytes(JavaSparkContext sc) {
        long total = 0;
        for (org.apache.spark.storage.RDDInfo info : sc.sc().getRDDStorageInfo()) {
            total += info.memSize() + info.diskSize();
        }
        return total;
    }

    /** What identifies the job for resuming: same input file version, function, vectors, gradient, layout. */
    static Map<String, Object> fingerprint(JavaSparkContext sc, BilinearRequest req, DistributedCsr a) {
        Map<String, Object> f = new TreeMap<>();
        f.put("matrix", req.format() == org.matfun.spark.io.InputFormat.TABLE ? "table " + req.matrix()
                : LanczosCheckpoint.fileIdentity(sc, req.matrix()));
        f.put("format", req.format().name());
        f.put("function", req.functions().spec());
        f.put("u", req.u().text());
        f.put("v", req.v().text());
        f.put("gradient", req.gradient().name());
        f.put("reorthogonalization", req.options().reorthogonalization().name());
        f.put("rowStarts", java.util.Arrays.toString(a.rowStarts()));
        return f;
    }

    /** The runs of each result, in order. */
    static java.util.List<java.util.List<org.matfun.core.bilinear.QuadratureRun>> runsOf(
            java.util.List<BilinearFormResult> results) {
        java.util.List<java.util.List<org.matfun.core.bilinear.QuadratureRun>> out = new java.util.ArrayList<>();
        for (BilinearFormResult r : results) {
            out.add(r.runs());
        }
        return out;
    }

    /**
     * Rows (src, dst, valueIndex, parameter, gradient), one per stored undirected edge and parameter value, original
     * ids (valueIndex orders the rows of an edge as the values were given; the writer drops it).
     */
    static JavaRDD<Row> sweepRows(LoadedMatrix m, JavaRDD<org.matfun.spark.lanczos.EdgeGradients> g,
                                  double[] parameters) {
        return withOriginalIds(m, g.flatMapToPair(e -> {
            java.util.List<Tuple2<Long, Tuple2<Long, double[]>>> out = new java.util.ArrayList<>();
            for (int i = 0; i < parameters.length; i++) {
                out.add(new Tuple2<>(e.row(), new Tuple2<>(e.col(), new double[] {i, parameters[i], e.gradients()[i]})));
            }
            return out.iterator();
        }), v -> new Object[]{(int) v[0], v[1], v[2]});
    }

    /** Rows (src, dst, gradient) with the input's identifiers (row numbers for Matrix Market). */
    static JavaRDD<Row> withOriginalIds(LoadedMatrix m, JavaRDD<EdgeGradient> g) {
        return withOriginalIds(m, g.mapToPair(e -> new Tuple2<>(e.row(), new Tuple2<>(e.col(), e.gradient()))),
                v -> new Object[]{v});
    }

    /**
     * Rows (src, dst, payload columns...) from entries keyed by their 0-based row index, (col index, payload):
     * the indices become the input's identifiers (graph node ids by two joins with the id table, strings for an
     * edge table with string ids; row numbers for Matrix Market and matrix-entry tables, from {@code idBase}).
     */
    static <V> JavaRDD<Row> withOriginalIds(LoadedMatrix m, JavaPairRDD<Long, Tuple2<Long, V>> entries,
                                            Function<V, Object[]> columns) {
        if (!m.graph()) {
            long base = m.idBase();
            return entries.map(t -> row(t._1() + base, t._2()._1() + base, columns.call(t._2()._2())));
        }
        JavaPairRDD<Long, Object> indexToId = m.hasLabels() ? m.labels().mapValues(x -> (Object) x)
                : m.idToIndex().mapToPair(t -> new Tuple2<>(t._2(), (Object) t._1()));
        return entries.join(indexToId)
                .mapToPair(t -> new Tuple2<>(t._2()._1()._1(), new Tuple2<>(t._2()._2(), t._2()._1()._2())))
                .join(indexToId)
                .map(t -> row(t._2()._1()._1(), t._2()._2(), columns.call(t._2()._1()._2())));
    }

    private static Row row(Object src, Object dst, Object[] rest) {
        Object[] all = new Object[2 + rest.length];
        all[0] = src;
        all[1] = dst;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return RowFactory.create(all);
    }
}
