package org.matfun.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.spark.SparkSessions;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.StartVectors;
import org.matfun.spark.jobs.VectorSpec;
import org.matfun.spark.lanczos.DistributedGradient;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.lanczos.EdgeGradient;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Time per Lanczos step of core in memory and of the Spark job, side by side, on one matrix in one JVM
 * (docs/benchmarks.md). Four configurations, all for the bilinear form u^T f(A) v with u = random:1,
 * v = random:2 (so B = 2 starting vectors u + v and u - v, as the job runs it), no reorthogonalization:
 * <ol>
 *   <li>core value: {@link InMemoryLanczos} driven by {@link BilinearFormEstimator}, no basis kept;</li>
 *   <li>core edge gradient: basis kept, H every 10 steps, then G on every stored nonzero
 *       ({@link ForwardOnlyGradient#accumulatePattern}, what {@link BilinearForm} does);</li>
 *   <li>Spark value: {@link DistributedLanczos} (one Spark job per step) driven by the same estimator;</li>
 *   <li>Spark edge gradient: basis kept on the executors, then {@link DistributedGradient#edges} forced by one
 *       action over every edge.</li>
 * </ol>
 * The tolerance is 1e-300 and the value-only runs also track f's parameter derivative (O(k) on the driver, see
 * {@link #kinds}), so every run takes the whole step budget K unless it meets an invariant subspace; the steps
 * actually taken are reported. Each configuration is first run once and discarded (JIT and Spark warm-up: W
 * steps for the value-only configurations, min(W, K) for the edge-gradient ones, default W = 200);
 * then R rounds of the four configurations are timed, interleaved with the order rotated each round, and the
 * round with the median time per step is reported for each. Loading and partitioning are timed apart and not
 * included in the per-step figures; neither are the starting job J_0 of the Spark recurrence and core's start
 * normalization (reported as startSeconds).
 *
 * <p>Usage: {@code StepTimes --matrix PATH [--format mtx|edgelist] --function SPEC --steps K
 * [--partitions P] [--master local[2]] [--warmup-steps W] [--repeats R] --out FILE.json [--png FILE.png]}
 */
public final class StepTimes {

    private static final double TOLERANCE = 1e-300;
    private static final VectorSpec U = VectorSpec.parse("random:1");
    private static final VectorSpec V = VectorSpec.parse("random:2");

    private StepTimes() {
    }

    /** Command-line options, checked on construction. */
    record Options(String matrix, InputFormat format, MatrixFunction function, int steps, int partitions,
                   String master, int warmupSteps, int repeats, Path out, Path png) {

        Options {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps = " + steps + "; expected >= 1");
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions = " + partitions + "; expected >= 1");
            }
            if (warmupSteps < 1) {
                throw new IllegalArgumentException("--warmup-steps = " + warmupSteps + "; expected >= 1");
            }
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats = " + repeats + "; expected >= 1");
            }
        }

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (!key.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected '--option value' pairs, got '" + key + "'");
                }
                m.put(key, args[++i]);
            }
            for (String k : m.keySet()) {
                if (!List.of("--matrix", "--format", "--function", "--steps", "--partitions", "--master",
                        "--warmup-steps", "--repeats", "--out", "--png").contains(k)) {
                    throw new IllegalArgumentException("unknown option " + k);
                }
            }
            String matrix = require(m, "--matrix");
            InputFormat format = m.containsKey("--format") ? InputFormat.parse(m.get("--format"))
                    : InputFormat.detect(matrix);
            return new Options(matrix, format, MatrixFunction.parse(require(m, "--function")),
                    Integer.parseInt(require(m, "--steps")), Integer.parseInt(m.getOrDefault("--partitions", "2")),
                    m.getOrDefault("--master", "local[2]"), Integer.parseInt(m.getOrDefault("--warmup-steps", "200")),
                    Integer.parseInt(m.getOrDefault("--repeats", "4")),
                    Paths.get(require(m, "--out")), m.containsKey("--png") ? Paths.get(m.get("--png")) : null);
        }

        private static String require(Map<String, String> m, String key) {
            String v = m.get(key);
            if (v == null) {
                throw new IllegalArgumentException("missing " + key);
            }
            return v;
        }
    }

    /**
     * One timed run.
     *
     * @param steps           Lanczos steps the estimator took
     * @param startSeconds    core: InMemoryLanczos constructor (normalization); Spark: job J_0
     * @param stepSeconds     the estimator's run (all steps, driver work included)
     * @param gradientSeconds the final edge-gradient pass (0 for value-only runs)
     * @param perStep         wall time of each step, length steps
     * @param value           F
     * @param termination     how the estimator stopped
     * @param gradientSum     sum of dF/dw over stored undirected edges (NaN for value-only runs)
     * @param edges           number of edge gradients (0 for value-only runs)
     * @param errorEstimate   the estimator's relative error estimate of the value
     * @param quadrature      the runs u + v and u - v (their T_k)
     * @param gcSeconds       garbage-collection time (all collectors) during the run, as the JVM reports it
     */
    record Run(int steps, double startSeconds, double stepSeconds, double gradientSeconds, double[] perStep,
               double value, String termination, double gradientSum, long edges, double errorEstimate,
               List<QuadratureRun> quadrature, double gcSeconds) {

        Run withGc(double seconds) {
            return new Run(steps, startSeconds, stepSeconds, gradientSeconds, perStep, value, termination,
                    gradientSum, edges, errorEstimate, quadrature, seconds);
        }

        double secondsPerStep() {
            return stepSeconds / steps;
        }

        /** Steps plus the final gradient pass, per step. */
        double totalPerStep() {
            return (stepSeconds + gradientSeconds) / steps;
        }

        double medianStep() {
            double[] s = perStep.clone();
            Arrays.sort(s);
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
        }

        double maxStep() {
            double x = 0;
            for (double d : perStep) {
                x = Math.max(x, d);
            }
            return x;
        }
    }

    /** Jackson, for the report file. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("--chart-from") && args[2].equals("--png")) {
            chart(Paths.get(args[3]), JSON.readValue(Paths.get(args[1]).toFile(), Map.class));
            return;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StepTimes: " + e.getMessage());
            System.err.println("usage: StepTimes --matrix PATH [--format mtx|edgelist] --function SPEC --steps K "
                    + "[--partitions P] [--master local[2]] [--warmup-steps W] [--repeats R] --out FILE.json "
                    + "[--png FILE.png]");
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSessions.create("matfun-step-times", o.master());
        try {
            Map<String, Object> report = run(spark, o);
            String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
            Path parent = o.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(o.out(), json + "\n", StandardCharsets.UTF_8);
            if (o.png() != null) {
                chart(o.png(), report);
            }
            printTable(System.out, report);
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Options o) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        LoadedMatrix m = MatrixReader.read(sc, o.matrix(), o.format(), o.partitions());
        long t1 = System.nanoTime();
        DistributedCsr a = DistributedCsr.build(m, o.partitions());
        long t2 = System.nanoTime();
        CsrMatrix csr = toCore(m);
        long t3 = System.nanoTime();
        log("loaded %s: n = %d, nnz = %d; Spark read %.2f s, partition %.2f s; core collect + CSR %.2f s",
                o.matrix(), m.n(), m.nnz(), sec(t0, t1), sec(t1, t2), sec(t2, t3));

        int n = csr.dimension();
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = VectorSpec.rademacher(U.seed(), i);
            v[i] = VectorSpec.rademacher(V.seed(), i);
        }
        BilinearForm.Polarization pol = BilinearForm.Polarization.of(u, v);
        double[] coefficients = StartVectors.coefficients(U, V);
        if (!Arrays.equals(coefficients, pol.coefficients())) {
            throw new IllegalStateException("core and Spark polarization coefficients differ");
        }
        int k = o.steps();
        LanczosOptions timed = LanczosOptions.defaults().withMaxSteps(k).withTolerance(TOLERANCE);
        // Warm-up budgets: W steps for the value-only configurations (they exercise the whole per-step path, the
        // Spark one needs many steps to warm up), min(W, K) for the edge-gradient ones (the final gradient pass
        // costs O(n k^2): a longer warm-up would cost more than it teaches the JIT).
        LanczosOptions warmValue = timed.withMaxSteps(o.warmupSteps());
        LanczosOptions warmGradient = timed.withMaxSteps(Math.min(o.warmupSteps(), k));
        if (!o.function().hasParameter()) {
            log("%s has no parameter: value-only runs may stop before K once the value is exact to rounding",
                    o.function().spec());
        }

        // Warm-up: every configuration once (JIT, Spark's first jobs), not part of the figures; its time per
        // step is kept as what a fresh JVM sees.
        Map<Config, Run> warmups = new LinkedHashMap<>();
        for (Config c : Config.values()) {
            Run w = c.run(csr, pol, sc, a, m, o.function(), c.gradient ? warmGradient : warmValue);
            log("%s: warm-up %d steps, %.4f s/step (discarded)", c.label, w.steps(), w.secondsPerStep());
            warmups.put(c, w);
            quiesce();
        }
        // Timed: R rounds of the four configurations, interleaved so that they see the same conditions, the
        // order rotated by one each round so that no configuration always runs first (or right after core).
        Map<Config, List<Run>> all = new LinkedHashMap<>();
        Config[] order = Config.values();
        for (int rep = 1; rep <= o.repeats(); rep++) {
            for (int j = 0; j < order.length; j++) {
                Config c = order[(rep - 1 + j) % order.length];
                Run r = c.run(csr, pol, sc, a, m, o.function(), timed);
                log("%s, round %d: %d steps (%s), %.4f s/step (median step %.4f s), gradient pass %.3f s, GC %.3f s",
                        c.label, rep, r.steps(), r.termination(), r.secondsPerStep(), r.medianStep(),
                        r.gradientSeconds(), r.gcSeconds());
                all.computeIfAbsent(c, x -> new ArrayList<>()).add(r);
                quiesce();
            }
        }
        Map<String, Run> runs = new LinkedHashMap<>();
        for (Config c : Config.values()) {
            runs.put(c.key, medianRun(all.get(c)));
        }
        // Reference points for reading the step times: one bare block SpMM (B = 2) of core's CSR, and one empty
        // single-stage Spark job over the cached row blocks (a Lanczos step is one job of two stages).
        double spmm = spmmSeconds(csr, pol.blockSize(), Math.max(20, k));
        double emptyJob = emptyJobSeconds(a, 30);
        log("references: core SpMM (B = %d) %.4f s; empty one-stage Spark job %.4f s", pol.blockSize(), spmm,
                emptyJob);

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("matrix", o.matrix());
        r.put("format", o.format().name().toLowerCase(Locale.ROOT));
        r.put("function", o.function().spec());
        r.put("u", U.text());
        r.put("v", V.text());
        r.put("blockSize", pol.blockSize());
        r.put("n", m.n());
        r.put("nnz", m.nnz());
        r.put("stepBudget", o.steps());
        r.put("valueRunsTrackParameterDerivative", o.function().hasParameter());
        r.put("warmupSteps", o.warmupSteps());
        r.put("repeats", o.repeats());
        r.put("master", o.master());
        r.put("partitions", a.partitions());
        r.put("haloEntries", a.haloEntries());
        r.put("maxBlockNonzeros", a.maxBlockNonzeros());
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        r.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        List<String> collectors = new ArrayList<>();
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(g.getName());
        }
        r.put("garbageCollectors", String.join(", ", collectors));
        r.put("sparkVersion", spark.version());
        // Other processes on the machine distort the timings: the 1-minute load average before and after.
        r.put("systemLoadAverageBefore", loadBefore);
        r.put("systemLoadAverageAfter", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("sparkReadSeconds", sec(t0, t1));
        load.put("sparkPartitionSeconds", sec(t1, t2));
        load.put("coreCollectAndCsrSeconds", sec(t2, t3));
        r.put("load", load);
        Map<String, Object> rs = new LinkedHashMap<>();
        for (Config c : Config.values()) {
            Map<String, Object> d = describe(runs.get(c.key));
            double[] perRound = new double[o.repeats()];
            double[] passes = new double[o.repeats()];
            double[] gcs = new double[o.repeats()];
            for (int i = 0; i < perRound.length; i++) {
                perRound[i] = all.get(c).get(i).secondsPerStep();
                passes[i] = all.get(c).get(i).gradientSeconds();
                gcs[i] = all.get(c).get(i).gcSeconds();
            }
            d.put("secondsPerStepEachRound", perRound);
            d.put("gcSecondsEachRound", gcs);
            d.put("warmupSteps", warmups.get(c).steps());
            d.put("warmupSecondsPerStep", warmups.get(c).secondsPerStep());
            if (c.gradient) {
                d.put("gradientPassSecondsEachRound", passes);
            }
            rs.put(c.key, d);
        }
        r.put("runs", rs);
        Run cv = runs.get("coreValue");
        Run cg = runs.get("coreGradient");
        Run sv = runs.get("sparkValue");
        Run sg = runs.get("sparkGradient");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("sparkOverCoreValuePerStep", sv.secondsPerStep() / cv.secondsPerStep());
        ratios.put("sparkOverCoreGradientPerStep", sg.secondsPerStep() / cg.secondsPerStep());
        ratios.put("sparkOverCoreGradientPass", sg.gradientSeconds() / cg.gradientSeconds());
        ratios.put("sparkOverCoreGradientTotalPerStep", sg.totalPerStep() / cg.totalPerStep());
        ratios.put("coreGradientOverValuePerStep", cg.secondsPerStep() / cv.secondsPerStep());
        ratios.put("coreGradientOverValueTotalPerStep", cg.totalPerStep() / cv.secondsPerStep());
        ratios.put("sparkGradientOverValuePerStep", sg.secondsPerStep() / sv.secondsPerStep());
        ratios.put("sparkGradientOverValueTotalPerStep", sg.totalPerStep() / sv.secondsPerStep());
        r.put("ratios", ratios);
        Map<String, Object> refs = new LinkedHashMap<>();
        refs.put("coreSpmmSeconds", spmm);
        refs.put("coreSpmmBytesLowerBound", spmmBytes(csr, pol.blockSize()));
        refs.put("sparkEmptyJobSeconds", emptyJob);
        r.put("references", refs);
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("valueRelativeDifferenceSparkVsCore", relDiff(sv.value(), cv.value()));
        checks.put("gradientRunValueRelativeDifferenceSparkVsCore", relDiff(sg.value(), cg.value()));
        checks.put("gradientSumRelativeDifferenceSparkVsCore", relDiff(sg.gradientSum(), cg.gradientSum()));
        // The recurrences themselves (alphas and betas of the u + v and u - v runs, core vs Spark, differences
        // relative to max |T_k| entry): the largest over all steps, and the last step up to which all agree to
        // 1e-10 (without reorthogonalization rounding differences grow once orthogonality is lost).
        checks.put("maxDifferenceOfTkSparkVsCoreOverNormT", maxDiff(cv.quadrature(), sv.quadrature(),
                Integer.MAX_VALUE));
        int agree = 0;
        while (agree < k && maxDiff(cv.quadrature(), sv.quadrature(), agree + 1) <= 1e-10) {
            agree++;
        }
        checks.put("tkAgreesTo1e-10UpToStep", agree);
        boolean same = true;
        for (Run x : runs.values()) {
            same &= x.steps() == k;
        }
        checks.put("everyConfigurationTookKSteps", same);
        r.put("checks", checks);
        a.unpersist();
        m.unpersist();
        return r;
    }

    /**
     * Mean time of one y = A x with B columns (core's kernel, no Lanczos update), after 10 warm-up applies.
     */
    static double spmmSeconds(CsrMatrix csr, int blockSize, int repeats) {
        int n = csr.dimension();
        double[] x = new double[n * blockSize];
        double[] y = new double[n * blockSize];
        for (int i = 0; i < x.length; i++) {
            x[i] = VectorSpec.rademacher(3, i);
        }
        for (int i = 0; i < 10; i++) {
            csr.apply(x, y, blockSize);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            csr.apply(x, y, blockSize);
        }
        return sec(t0, System.nanoTime()) / repeats;
    }

    /**
     * Bytes one SpMM must move at least: values (8) and column indices (4) per nonzero, row pointers (4 per row),
     * x read once and y written once (8 B per row each).
     */
    static long spmmBytes(CsrMatrix csr, int blockSize) {
        long n = csr.dimension();
        return 12L * csr.nonzeros() + 4L * (n + 1) + 16L * blockSize * n;
    }

    /** Median time of a single-stage Spark job over the cached row blocks that returns one double per block. */
    static double emptyJobSeconds(DistributedCsr a, int repeats) {
        for (int i = 0; i < 10; i++) {
            a.blocks().map(b -> new double[]{b.rows()}).collect();
        }
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            a.blocks().map(b -> new double[]{b.rows()}).collect();
            t[i] = sec(t0, System.nanoTime());
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    /** The stored entries of A collected to the driver as a core CSR matrix (one array triple per partition). */
    static CsrMatrix toCore(LoadedMatrix m) {
        List<double[][]> parts = m.entries().mapPartitions(StepTimes::packEntries).collect();
        long total = 0;
        for (double[][] p : parts) {
            total += p[2].length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("nnz = " + total + " is too large for core's int-indexed CSR");
        }
        int[] r = new int[(int) total];
        int[] c = new int[(int) total];
        double[] v = new double[(int) total];
        int at = 0;
        for (double[][] p : parts) {
            for (int e = 0; e < p[2].length; e++) {
                r[at] = (int) p[0][e];
                c[at] = (int) p[1][e];
                v[at] = p[2][e];
                at++;
            }
        }
        return CsrMatrix.fromCoordinates((int) m.n(), r, c, v);
    }

    /** Rows, columns (exact as doubles below 2^53) and values of a partition's entries. */
    private static Iterator<double[][]> packEntries(Iterator<MatrixEntry> it) {
        int cap = 1 << 16;
        double[] r = new double[cap];
        double[] c = new double[cap];
        double[] v = new double[cap];
        int k = 0;
        while (it.hasNext()) {
            MatrixEntry e = it.next();
            if (k == cap) {
                cap *= 2;
                r = Arrays.copyOf(r, cap);
                c = Arrays.copyOf(c, cap);
                v = Arrays.copyOf(v, cap);
            }
            r[k] = e.row();
            c[k] = e.col();
            v[k] = e.value();
            k++;
        }
        return Collections.singletonList(new double[][]{Arrays.copyOf(r, k), Arrays.copyOf(c, k),
                Arrays.copyOf(v, k)}).iterator();
    }

    /** The four configurations, in the order they run. */
    enum Config {
        CORE_VALUE("coreValue", "core, value", false, false),
        CORE_GRADIENT("coreGradient", "core, edge gradient", false, true),
        SPARK_VALUE("sparkValue", "Spark, value", true, false),
        SPARK_GRADIENT("sparkGradient", "Spark, edge gradient", true, true);

        final String key;
        final String label;
        final boolean spark;
        final boolean gradient;

        Config(String key, String label, boolean spark, boolean gradient) {
            this.key = key;
            this.label = label;
            this.spark = spark;
            this.gradient = gradient;
        }

        Run run(CsrMatrix csr, BilinearForm.Polarization pol, JavaSparkContext sc, DistributedCsr a, LoadedMatrix m,
                MatrixFunction f, LanczosOptions options) {
            double gc0 = gcSeconds();
            Run r = spark ? StepTimes.spark(sc, a, m, f, options, gradient) : core(csr, pol, f, options, gradient);
            return r.withGc(gcSeconds() - gc0);
        }
    }

    /** Accumulated collection time of all garbage collectors of this JVM. */
    static double gcSeconds() {
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, b.getCollectionTime());
        }
        return 1e-3 * ms;
    }

    /** The round whose time per step is the median (the lower middle one for an even count). */
    static Run medianRun(List<Run> rounds) {
        List<Run> sorted = new ArrayList<>(rounds);
        sorted.sort((x, y) -> Double.compare(x.secondsPerStep(), y.secondsPerStep()));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** Core in memory: the recurrence and estimator, then (if asked) G on every stored nonzero. */
    static Run core(CsrMatrix csr, BilinearForm.Polarization pol, MatrixFunction f, LanczosOptions options,
                    boolean gradient) {
        Set<GradientKind> kinds = kinds(f, gradient);
        StepClock clock = new StepClock(options.maxSteps());
        long t0 = System.nanoTime();
        InMemoryLanczos rec = new InMemoryLanczos(csr, pol.starts(), pol.blockSize(), Reorthogonalization.NONE,
                gradient);
        long t1 = System.nanoTime();
        clock.start(t1);
        BilinearFormResult result = new BilinearFormEstimator(f, options, kinds).run(rec, pol.coefficients(),
                clock::onStep);
        long t2 = System.nanoTime();
        double[] pattern = null;
        if (gradient) {
            pattern = new double[(int) csr.nonzeros()];
            for (int c = 0; c < result.runs().size(); c++) {
                QuadratureRun run = result.runs().get(c);
                if (run.steps() > 0) {
                    ForwardOnlyGradient.accumulatePattern(csr, rec.basis(c, run.steps()), run.steps(), run.h(),
                            run.coefficient(), pattern);
                }
            }
        }
        long t3 = System.nanoTime();
        double sum = Double.NaN;
        long edges = 0;
        if (gradient) {
            double[] d = ForwardOnlyGradient.edgeDerivatives(csr, pattern);
            int[] ptr = csr.rowPointers();
            int[] col = csr.columnIndices();
            sum = 0;
            for (int i = 0; i < csr.dimension(); i++) {
                for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                    if (col[p] >= i) {
                        sum += d[p];
                        edges++;
                    }
                }
            }
        }
        return new Run(result.steps(), sec(t0, t1), sec(t1, t2), gradient ? sec(t2, t3) : 0.0,
                clock.durations(result.steps()), result.value().value(), result.termination().name(), sum, edges,
                result.errorEstimate(), result.runs(), 0.0);
    }

    /** Spark: J_0, the estimator driving one job per step, then (if asked) the edge gradients forced by one action. */
    static Run spark(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, MatrixFunction f, LanczosOptions options,
                     boolean gradient) {
        Set<GradientKind> kinds = kinds(f, gradient);
        double[] coefficients = StartVectors.coefficients(U, V);
        StepClock clock = new StepClock(options.maxSteps());
        long t0 = System.nanoTime();
        JavaRDD<BlockVector> starts = StartVectors.build(sc, a, m, U, V);
        DistributedLanczos lanczos = DistributedLanczos.start(a, starts, coefficients.length,
                Reorthogonalization.NONE, gradient, DistributedLanczos.DEFAULT_CHECKPOINT_INTERVAL);
        long t1 = System.nanoTime();
        clock.start(t1);
        try {
            BilinearFormResult result = new BilinearFormEstimator(f, options, kinds).run(lanczos, coefficients,
                    clock::onStep);
            long t2 = System.nanoTime();
            double sum = Double.NaN;
            long edges = 0;
            if (gradient) {
                // One action over every edge gradient: a count and a sum per partition (same work as count()).
                List<double[]> parts = DistributedGradient.edges(a, lanczos, result.runs())
                        .mapPartitions(StepTimes::countAndSum).collect();
                sum = 0;
                for (double[] p : parts) {
                    edges += (long) p[0];
                    sum += p[1];
                }
            }
            long t3 = System.nanoTime();
            return new Run(result.steps(), sec(t0, t1), sec(t1, t2), gradient ? sec(t2, t3) : 0.0,
                    clock.durations(result.steps()), result.value().value(), result.termination().name(), sum,
                    edges, result.errorEstimate(), result.runs(), 0.0);
        } finally {
            lanczos.release();
        }
    }

    /**
     * MATRIX for the edge-gradient runs. For the value-only runs, PARAMETER when f has one: dF/ds costs O(k) on
     * the driver every 10 steps and nothing on the matrix side, and with the 1e-300 tolerance it keeps the
     * estimator from stopping once the value is exact to rounding (where the stop is decided by rounding noise
     * and differs between core and Spark), so that every configuration runs exactly K steps.
     */
    static Set<GradientKind> kinds(MatrixFunction f, boolean gradient) {
        if (gradient) {
            return EnumSet.of(GradientKind.MATRIX);
        }
        return f.hasParameter() ? EnumSet.of(GradientKind.PARAMETER) : EnumSet.noneOf(GradientKind.class);
    }

    private static Iterator<double[]> countAndSum(Iterator<EdgeGradient> it) {
        double count = 0;
        double sum = 0;
        while (it.hasNext()) {
            sum += it.next().gradient();
            count++;
        }
        return Collections.singletonList(new double[]{count, sum}).iterator();
    }

    /** Wall time of each step, from the estimator's per-step callback. */
    /** Seconds of each step, from the end times the estimator's listener reports; shared with SparkSteps. */
    static final class StepClock {
        private final double[] ends;
        private long start;
        private int count;

        StepClock(int capacity) {
            ends = new double[capacity];
        }

        /** A clock whose first step is timed from now. */
        static StepClock started(int capacity) {
            StepClock c = new StepClock(capacity);
            c.start(System.nanoTime());
            return c;
        }

        void start(long t) {
            start = t;
        }

        void onStep(StepRecord rec) {
            if (count < ends.length) {
                ends[count++] = (System.nanoTime() - start) * 1e-9;
            }
        }

        double[] durations(int steps) {
            double[] d = new double[Math.min(steps, count)];
            for (int i = 0; i < d.length; i++) {
                d[i] = ends[i] - (i == 0 ? 0.0 : ends[i - 1]);
            }
            return d;
        }
    }

    private static Map<String, Object> describe(Run r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("steps", r.steps());
        d.put("termination", r.termination());
        d.put("secondsPerStep", r.secondsPerStep());
        d.put("medianStepSeconds", r.medianStep());
        d.put("maxStepSeconds", r.maxStep());
        d.put("startSeconds", r.startSeconds());
        d.put("stepsSeconds", r.stepSeconds());
        d.put("gradientPassSeconds", r.gradientSeconds());
        d.put("totalSeconds", r.stepSeconds() + r.gradientSeconds());
        d.put("totalPerStep", r.totalPerStep());
        d.put("gcSeconds", r.gcSeconds());
        d.put("value", r.value());
        d.put("valueRelativeErrorEstimate", r.errorEstimate());
        if (r.edges() > 0) {
            d.put("edgeGradients", r.edges());
            d.put("edgeGradientSum", r.gradientSum());
        }
        d.put("perStepSeconds", r.perStep());
        return d;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintStream out, Map<String, Object> r) throws IOException {
        Map<String, Object> runs = (Map<String, Object>) r.get("runs");
        Map<String, Object> ratios = (Map<String, Object>) r.get("ratios");
        Map<String, Object> load = (Map<String, Object>) r.get("load");
        out.printf(Locale.ROOT, "%s  n = %d  nnz = %d  f = %s  B = 2  K = %d  %s, %d partitions%n",
                r.get("matrix"), r.get("n"), r.get("nnz"), r.get("function"), r.get("stepBudget"), r.get("master"),
                r.get("partitions"));
        out.printf(Locale.ROOT, "load: Spark read %.2f s, partition %.2f s; core collect + CSR %.2f s%n",
                load.get("sparkReadSeconds"), load.get("sparkPartitionSeconds"), load.get("coreCollectAndCsrSeconds"));
        out.println("| configuration | steps | ms/step (mean) | ms/step (median) | gradient pass (s) | total (s) |");
        out.println("|---|---:|---:|---:|---:|---:|");
        String[][] rows = {{"coreValue", "core, value"}, {"coreGradient", "core, edge gradient"},
                {"sparkValue", "Spark, value"}, {"sparkGradient", "Spark, edge gradient"}};
        for (String[] row : rows) {
            Map<String, Object> d = (Map<String, Object>) runs.get(row[0]);
            out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.3f | %.3f |%n", row[1], d.get("steps"),
                    1e3 * (double) d.get("secondsPerStep"), 1e3 * (double) d.get("medianStepSeconds"),
                    d.get("gradientPassSeconds"), d.get("totalSeconds"));
        }
        for (Map.Entry<String, Object> e : ratios.entrySet()) {
            out.printf(Locale.ROOT, "%s = %.2f%n", e.getKey(), e.getValue());
        }
        Map<String, Object> refs = (Map<String, Object>) r.get("references");
        out.printf(Locale.ROOT, "references: core SpMM %.2f ms (>= %.0f MB moved); empty one-stage Spark job %.2f ms%n",
                1e3 * (double) refs.get("coreSpmmSeconds"), 1e-6 * (long) refs.get("coreSpmmBytesLowerBound"),
                1e3 * (double) refs.get("sparkEmptyJobSeconds"));
        out.println("checks: " + JSON.writeValueAsString(r.get("checks")));
    }

    /** Draws the PNG of a report (a live one, or one read back from its JSON file) with XChart. */
    @SuppressWarnings("unchecked")
    static void chart(Path png, Map<String, Object> report) throws IOException {
        Map<String, Object> r = JSON.readValue(JSON.writeValueAsString(report), Map.class);
        Map<String, Object> runs = (Map<String, Object>) r.get("runs");
        Config[] cs = Config.values();
        String[] labels = new String[cs.length];
        double[] perStep = new double[cs.length];
        double[] pass = new double[cs.length];
        double[][] steps = new double[cs.length][];
        for (int i = 0; i < cs.length; i++) {
            Map<String, Object> d = (Map<String, Object>) runs.get(cs[i].key);
            labels[i] = cs[i].label;
            perStep[i] = ((Number) d.get("secondsPerStep")).doubleValue();
            pass[i] = ((Number) d.get("gradientPassSeconds")).doubleValue() / ((Number) d.get("steps")).intValue();
            List<Number> ps = (List<Number>) d.get("perStepSeconds");
            steps[i] = new double[ps.size()];
            for (int k = 0; k < ps.size(); k++) {
                steps[i][k] = ps.get(k).doubleValue();
            }
        }
        String name = Paths.get((String) r.get("matrix")).getFileName().toString();
        String title = String.format(Locale.ROOT, "%s (nnz %d), %s, K = %d: core vs Spark %s", name,
                ((Number) r.get("nnz")).longValue(), r.get("function"), ((Number) r.get("stepBudget")).intValue(),
                r.get("master"));
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StepTimesChart.write(png, title, labels, perStep, pass, steps);
    }

    private static void quiesce() {
        System.gc();
    }

    /** Largest |alpha_j - alpha'_j|, |beta_j - beta'_j|, j <= upTo, over the runs, divided by max |T_k| entry. */
    private static double maxDiff(List<QuadratureRun> x, List<QuadratureRun> y, int upTo) {
        double m = 0;
        for (int r = 0; r < x.size(); r++) {
            double[][] xs = {x.get(r).alphas(), x.get(r).betas()};
            double[][] ys = {y.get(r).alphas(), y.get(r).betas()};
            double norm = 0;
            for (double[] a : xs) {
                for (double d : a) {
                    norm = Math.max(norm, Math.abs(d));
                }
            }
            for (int t = 0; t < 2; t++) {
                for (int j = 0; j < Math.min(upTo, Math.min(xs[t].length, ys[t].length)); j++) {
                    m = Math.max(m, Math.abs(xs[t][j] - ys[t][j]) / norm);
                }
            }
        }
        return m;
    }

    private static double relDiff(double a, double b) {
        if (a == b) {
            return 0.0;
        }
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    private static double sec(long from, long to) {
        return (to - from) * 1e-9;
    }

    private static void log(String format, Object... args) {
        System.err.println("[step-times] " + String.format(Locale.ROOT, format, args));
    }

}
