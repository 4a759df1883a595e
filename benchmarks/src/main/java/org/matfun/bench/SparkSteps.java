package org.matfun.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.spark.SparkSessions;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.StartVectors;
import org.matfun.spark.jobs.VectorSpec;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-step overhead of the Spark job's {@link DistributedLanczos} against core's {@link InMemoryLanczos} on the
 * same matrix, in one JVM (docs/benchmarks-spark.md), with each Spark step split by Spark's listener metrics and
 * the job's timing accumulators ({@link DistributedLanczos#STEP_TIMINGS_PROPERTY}) into scheduling, halo
 * exchange, SpMV and update/reduction, and the bytes shuffled per step. Value-only runs (B = 2: u + v and u - v,
 * u = random:1, v = random:2), no reorthogonalization, tolerance 1e-300 so that every run takes K steps; the same
 * estimator as {@link StepTimes}. After a warm-up run of each side (W steps), R rounds alternate core and Spark;
 * the median round of each is reported. With {@code --core false} only Spark runs (no n-sized array on the
 * driver: the scaling runs on large graphs). With {@code --heap-probe k1,k2,...} one more Spark run of max(k)
 * steps records the driver's used heap after a full GC at those steps (meaningful when the executors are other
 * JVMs, i.e. a {@code local-cluster} master).
 *
 * <p>Critical-path split of a Spark step (wall time t measured on the driver around the estimator's step):
 * halo exchange = longest map task (forms w_t at the requested rows, writes the halo shuffle) + the halo
 * receive/assembly time of the longest result task; SpMV, update (q_t, w_t) and reduction (partial sums) = the
 * accumulators of the longest result task; scheduling and driver = t - longest map task - longest result task
 * (task launch, scheduler delay, result collection, the driver's own work).
 *
 * <p>{@code --matrix rmat:SCALE} generates the R-MAT graph of that scale (edge factor 16, seed 1) inside the
 * executors with {@link RmatBlocks} ({@code --rmat-tasks T} generating tasks, default 4 P) instead of reading a file:
 * the sizes whose text would not load here; it implies {@code --core false}.
 *
 * <p>Usage: {@code SparkSteps --matrix PATH|rmat:SCALE [--format mtx|edgelist] --function SPEC --steps K [--partitions P]
 * [--master M] [--warmup-steps W (100)] [--repeats R (3)] [--core true|false] [--heap-probe k1,k2] [--rmat-tasks T]
 * --out FILE.json}
 */
public final class SparkSteps {

    private static final VectorSpec U = VectorSpec.parse("random:1");
    private static final VectorSpec V = VectorSpec.parse("random:2");
    private static final String GROUP = "matfun-spark-steps-";

    private SparkSteps() {
    }

    /** Command-line options, checked on construction. */
    record Options(String matrix, InputFormat format, MatrixFunction function, int steps, int partitions,
                   String master, int warmupSteps, int repeats, boolean core, int[] heapProbe, Path out,
                   int rmatScale, int rmatTasks) {

        Options {
            if (steps < 1 || partitions < 1 || warmupSteps < 1 || repeats < 1) {
                throw new IllegalArgumentException("--steps, --partitions, --warmup-steps and --repeats must be >= 1");
            }
            for (int k : heapProbe) {
                if (k < 1) {
                    throw new IllegalArgumentException("--heap-probe steps must be >= 1, got " + k);
                }
            }
        }

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            List<String> known = List.of("--matrix", "--format", "--function", "--steps", "--partitions", "--master",
                    "--warmup-steps", "--repeats", "--core", "--heap-probe", "--out", "--rmat-tasks");
            for (int i = 0; i < args.length; i += 2) {
                if (!known.contains(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected '--option value' pairs of " + known + ", got '"
                            + args[i] + "'");
                }
                m.put(args[i], args[i + 1]);
            }
            String matrix = require(m, "--matrix");
            int rmatScale = matrix.startsWith("rmat:") ? Integer.parseInt(matrix.substring(5)) : 0;
            InputFormat format = rmatScale > 0 ? InputFormat.MTX
                    : m.containsKey("--format") ? InputFormat.parse(m.get("--format")) : InputFormat.detect(matrix);
            int partitions = Integer.parseInt(m.getOrDefault("--partitions", "2"));
            int[] probe = m.containsKey("--heap-probe")
                    ? Arrays.stream(m.get("--heap-probe").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray()
                    : new int[0];
            return new Options(matrix, format, MatrixFunction.parse(require(m, "--function")),
                    Integer.parseInt(require(m, "--steps")), partitions,
                    m.getOrDefault("--master", "local[2]"), Integer.parseInt(m.getOrDefault("--warmup-steps", "100")),
                    Integer.parseInt(m.getOrDefault("--repeats", "3")),
                    rmatScale == 0 && Boolean.parseBoolean(m.getOrDefault("--core", "true")), probe,
                    Paths.get(require(m, "--out")), rmatScale,
                    Integer.parseInt(m.getOrDefault("--rmat-tasks", String.valueOf(4 * partitions))));
        }

        private static String require(Map<String, String> m, String key) {
            String v = m.get(key);
            if (v == null) {
                throw new IllegalArgumentException("missing " + key);
            }
            return v;
        }
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SparkSteps: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.setProperty(DistributedLanczos.STEP_TIMINGS_PROPERTY, "true");
        SparkSession spark = SparkSessions.create("matfun-spark-steps", o.master());
        try {
            Map<String, Object> report = run(spark, o);
            Path parent = o.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(o.out(), StepTimes.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report)
                    + "\n", StandardCharsets.UTF_8);
            log("wrote %s", o.out());
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Options o) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        StepMetricsListener listener = new StepMetricsListener();
        sc.sc().addSparkListener(listener);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        LoadedMatrix m;
        DistributedCsr a;
        long t1;
        if (o.rmatScale() > 0) {
            t1 = t0;
            a = RmatBlocks.generate(sc, o.rmatScale(), 16, 1, o.partitions(), o.rmatTasks());
            m = new LoadedMatrix(o.matrix(), a.n(), a.nonzeros(), sc.emptyRDD(),
                    org.apache.spark.api.java.JavaPairRDD.fromJavaRDD(sc.emptyRDD()), true);
        } else {
            m = MatrixReader.read(sc, o.matrix(), o.format(), o.partitions());
            t1 = System.nanoTime();
            a = DistributedCsr.build(m, o.partitions());
        }
        long t2 = System.nanoTime();
        CsrMatrix csr = o.core() ? StepTimes.toCore(m) : null;
        long t3 = System.nanoTime();
        log("loaded %s: n = %d, nnz = %d, halo %d entries; Spark read %.1f s, partition %.1f s, core CSR %.1f s",
                o.matrix(), a.n(), a.nonzeros(), a.haloEntries(), sec(t0, t1), sec(t1, t2), sec(t2, t3));
        BilinearForm.Polarization pol = null;
        if (csr != null) {
            int n = csr.dimension();
            double[] u = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = VectorSpec.rademacher(U.seed(), i);
                v[i] = VectorSpec.rademacher(V.seed(), i);
            }
            pol = BilinearForm.Polarization.of(u, v);
        }
        LanczosOptions timed = LanczosOptions.defaults().withMaxSteps(o.steps()).withTolerance(1e-300);
        LanczosOptions warm = timed.withMaxSteps(o.warmupSteps());

        // Warm-up (JIT, Spark's first jobs): discarded.
        if (csr != null) {
            log("core warm-up: %.2f ms/step", 1e3 * mean(core(csr, pol, o.function(), warm)));
        }
        log("Spark warm-up: %.2f ms/step", 1e3 * mean(spark(sc, a, m, o.function(), warm, "warmup", null)));
        List<double[]> coreRounds = new ArrayList<>();
        List<Map<String, Object>> sparkRounds = new ArrayList<>();
        for (int rep = 1; rep <= o.repeats(); rep++) {
            if (csr != null) {
                System.gc();
                double[] c = core(csr, pol, o.function(), timed);
                coreRounds.add(c);
                log("round %d core: %.2f ms/step", rep, 1e3 * mean(c));
            }
            System.gc();
            String group = "round" + rep;
            double[] s = spark(sc, a, m, o.function(), timed, group, null);
            drain(sc);
            Map<String, Object> split = breakdown(listener, GROUP + group, s, a, o.partitions());
            sparkRounds.add(split);
            log("round %d Spark: %.2f ms/step; %s", rep, 1e3 * mean(s), split.get("summary"));
        }

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("matrix", o.matrix());
        r.put("n", a.n());
        r.put("nnz", a.nonzeros());
        r.put("function", o.function().spec());
        r.put("blockSize", 2);
        r.put("steps", o.steps());
        r.put("warmupSteps", o.warmupSteps());
        r.put("repeats", o.repeats());
        r.put("master", o.master());
        r.put("partitions", a.partitions());
        r.put("haloEntries", a.haloEntries());
        r.put("haloPayloadBytesPerStep", 8L * 2 * a.haloEntries());
        r.put("eightNBytes", 8L * a.n());
        r.put("maxBlockNonzeros", a.maxBlockNonzeros());
        r.put("driverCores", Runtime.getRuntime().availableProcessors());
        r.put("driverHeapMaxBytes", Runtime.getRuntime().maxMemory());
        r.put("sparkVersion", spark.version());
        r.put("executorMemory", sc.getConf().get("spark.executor.memory", "(local: driver JVM)"));
        r.put("systemLoadAverageBefore", loadBefore);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("sparkReadSeconds", sec(t0, t1));
        load.put("sparkPartitionSeconds", sec(t1, t2));
        load.put("coreCollectAndCsrSeconds", sec(t2, t3));
        r.put("load", load);
        if (!coreRounds.isEmpty()) {
            double[] perRound = coreRounds.stream().mapToDouble(SparkSteps::mean).toArray();
            r.put("coreSecondsPerStepEachRound", perRound);
            r.put("coreSecondsPerStep", median(perRound));
            r.put("coreSpmmSeconds", StepTimes.spmmSeconds(csr, 2, Math.max(20, o.steps())));
        }
        double[] sparkPerRound = sparkRounds.stream().mapToDouble(x -> (double) x.get("secondsPerStep")).toArray();
        r.put("sparkSecondsPerStepEachRound", sparkPerRound);
        int mid = medianIndex(sparkPerRound);
        r.put("sparkSecondsPerStep", sparkPerRound[mid]);
        r.put("sparkBreakdown", sparkRounds.get(mid));
        r.put("sparkEmptyJobSeconds", StepTimes.emptyJobSeconds(a, 30));
        if (!coreRounds.isEmpty()) {
            r.put("sparkOverCorePerStep", sparkPerRound[mid] / (double) r.get("coreSecondsPerStep"));
        }
        if (o.heapProbe().length > 0) {
            r.put("driverHeap", heapProbe(sc, a, m, o));
        }
        r.put("systemLoadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        a.unpersist();
        m.unpersist();
        return r;
    }

    /** Core value-only run: seconds of each step. */
    static double[] core(CsrMatrix csr, BilinearForm.Polarization pol, MatrixFunction f, LanczosOptions options) {
        InMemoryLanczos rec = new InMemoryLanczos(csr, pol.starts(), pol.blockSize(), Reorthogonalization.NONE,
                false);
        StepTimes.StepClock clock = StepTimes.StepClock.started(options.maxSteps());
        BilinearFormResult result = new BilinearFormEstimator(f, options, StepTimes.kinds(f, false))
                .run(rec, pol.coefficients(), clock::onStep);
        return clock.durations(result.steps());
    }

    /**
     * Spark value-only run, its steps' jobs in job group {@code GROUP + group}: seconds of each step. J_0 (in
     * {@link DistributedLanczos#start}) runs before the group is set.
     */
    static double[] spark(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, MatrixFunction f,
                          LanczosOptions options, String group, java.util.function.Consumer<StepRecord> extra) {
        double[] coefficients = StartVectors.coefficients(U, V);
        JavaRDD<BlockVector> starts = StartVectors.build(sc, a, m, U, V);
        DistributedLanczos lanczos = DistributedLanczos.start(a, starts, coefficients.length,
                Reorthogonalization.NONE, false, DistributedLanczos.DEFAULT_CHECKPOINT_INTERVAL);
        sc.setJobGroup(GROUP + group, "Lanczos steps " + group, false);
        StepTimes.StepClock clock = StepTimes.StepClock.started(options.maxSteps());
        try {
            BilinearFormResult result = new BilinearFormEstimator(f, options, StepTimes.kinds(f, false))
                    .run(lanczos, coefficients, rec -> {
                        clock.onStep(rec);
                        if (extra != null) {
                            extra.accept(rec);
                        }
                    });
            return clock.durations(result.steps());
        } finally {
            sc.clearJobGroup();
            lanczos.release();
        }
    }

    /**
     * The critical-path split of the steps of one Spark run (means over steps, seconds) and the shuffle bytes per
     * step, from the listener's record of the group's jobs (one job per step, in order).
     */
    static Map<String, Object> breakdown(StepMetricsListener l, String group, double[] wall, DistributedCsr a,
                                         int partitions) {
        List<StepMetricsListener.Job> jobs = l.jobsOf(group);
        if (jobs.size() != wall.length) {
            throw new IllegalStateException(group + ": " + jobs.size() + " jobs for " + wall.length + " steps");
        }
        double sched = 0;
        double halo = 0;
        double spmv = 0;
        double update = 0;
        double reduce = 0;
        double other = 0;
        double schedulerDelay = 0;
        double jobMs = 0;
        double writeBytes = 0;
        double readRemote = 0;
        double readLocal = 0;
        double fetchWait = 0;
        double shuffleWriteNanos = 0;
        double sumSpmv = 0;
        int tasksPerStep = 0;
        for (int s = 0; s < jobs.size(); s++) {
            StepMetricsListener.Job j = jobs.get(s);
            jobMs += j.endMs() - j.submissionMs();
            List<StepMetricsListener.Task> mapTasks = new ArrayList<>();
            List<StepMetricsListener.Task> resultTasks = new ArrayList<>();
            int last = j.stageIds()[j.stageIds().length - 1];
            for (int stage : j.stageIds()) {
                for (StepMetricsListener.Task t : l.tasks(stage)) {
                    (stage == last ? resultTasks : mapTasks).add(t);
                }
            }
            tasksPerStep = mapTasks.size() + resultTasks.size();
            StepMetricsListener.Task mapCrit = longest(mapTasks);
            StepMetricsListener.Task resCrit = longest(resultTasks);
            double mapRun = mapCrit == null ? 0 : 1e-3 * mapCrit.runMs();
            double resRun = 1e-3 * resCrit.runMs();
            double h = 1e-9 * resCrit.haloNanos();
            double sp = 1e-9 * resCrit.spmvNanos();
            double up = 1e-9 * resCrit.updateNanos();
            double re = 1e-9 * resCrit.reduceNanos();
            halo += mapRun + h;
            spmv += sp;
            update += up;
            reduce += re;
            other += Math.max(0, resRun - h - sp - up - re);
            sched += wall[s] - mapRun - resRun;
            schedulerDelay += 1e-3 * ((mapCrit == null ? 0 : mapCrit.schedulerDelayMs()) + resCrit.schedulerDelayMs());
            for (StepMetricsListener.Task t : mapTasks) {
                writeBytes += t.shuffleWriteBytes();
                shuffleWriteNanos += t.shuffleWriteNanos();
            }
            for (StepMetricsListener.Task t : resultTasks) {
                readRemote += t.shuffleReadRemoteBytes();
                readLocal += t.shuffleReadLocalBytes();
                fetchWait += 1e-3 * t.fetchWaitMs();
                sumSpmv += 1e-9 * t.spmvNanos();
            }
        }
        int k = wall.length;
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("steps", k);
        b.put("secondsPerStep", mean(wall));
        b.put("medianStepSeconds", median(wall));
        b.put("schedulingAndDriverSeconds", sched / k);
        b.put("haloExchangeSeconds", halo / k);
        b.put("spmvSeconds", spmv / k);
        b.put("updateSeconds", update / k);
        b.put("reductionSeconds", reduce / k);
        b.put("otherInTaskSeconds", other / k);
        b.put("schedulerDelaySecondsOnCriticalPath", schedulerDelay / k);
        b.put("jobSecondsFromListener", 1e-3 * jobMs / k);
        b.put("spmvSecondsSummedOverTasks", sumSpmv / k);
        b.put("fetchWaitSecondsSummedOverTasks", fetchWait / k);
        b.put("shuffleWriteSecondsSummedOverTasks", 1e-9 * shuffleWriteNanos / k);
        b.put("tasksPerStep", tasksPerStep);
        b.put("shuffleWriteBytesPerStep", writeBytes / k);
        b.put("shuffleReadRemoteBytesPerStep", readRemote / k);
        b.put("shuffleReadLocalBytesPerStep", readLocal / k);
        b.put("shuffleWriteBytesOver8n", writeBytes / k / (8.0 * a.n()));
        b.put("haloPayloadBytesOver8n", 16.0 * a.haloEntries() / (8.0 * a.n()));
        b.put("stepWallSeconds", wall);
        b.put("summary", String.format(Locale.ROOT,
                "scheduling+driver %.2f, halo %.2f, SpMV %.2f, update %.2f, reduction %.2f, other %.2f ms; "
                        + "shuffle %.0f B/step = %.3f x 8n", 1e3 * sched / k, 1e3 * halo / k, 1e3 * spmv / k,
                1e3 * update / k, 1e3 * reduce / k, 1e3 * other / k, writeBytes / k, writeBytes / k / (8.0 * a.n())));
        return b;
    }

    /**
     * Driver heap used after a full GC at the given steps of one Spark run (MemoryMXBean; two System.gc() calls
     * first), and before the run (after loading) as the baseline.
     */
    static Map<String, Object> heapProbe(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, Options o) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        int max = Arrays.stream(o.heapProbe()).max().orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("baselineBytes", usedAfterGc(mem));
        Map<String, Object> at = new LinkedHashMap<>();
        spark(sc, a, m, o.function(), LanczosOptions.defaults().withMaxSteps(max).withTolerance(1e-300), "heap",
                rec -> {
                    for (int k : o.heapProbe()) {
                        if (rec.step() == k) {
                            long used = usedAfterGc(mem);
                            at.put(Integer.toString(k), used);
                            log("driver heap after GC at step %d: %.1f MB", k, used / 1e6);
                        }
                    }
                });
        out.put("usedBytesAfterGcAtStep", at);
        return out;
    }

    /** Waits until the listener bus has delivered every event posted so far. */
    private static void drain(JavaSparkContext sc) {
        try {
            sc.sc().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain", e);
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        System.gc();
        System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static StepMetricsListener.Task longest(List<StepMetricsListener.Task> tasks) {
        StepMetricsListener.Task best = null;
        for (StepMetricsListener.Task t : tasks) {
            if (best == null || t.runMs() > best.runMs()) {
                best = t;
            }
        }
        return best;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double d : x) {
            s += d;
        }
        return s / x.length;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    private static int medianIndex(double[] x) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(x[p], x[q]));
        return idx[(idx.length - 1) / 2];
    }

    private static double sec(long from, long to) {
        return (to - from) * 1e-9;
    }

    static void log(String format, Object... args) {
        System.err.println("[spark-steps] " + String.format(Locale.ROOT, format, args));
    }
}
