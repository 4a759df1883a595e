package org.matfun.bench;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormEstimator;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.bilinear.QuadratureRun;
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
 * Each configuration is first run with a few steps (JIT and Spark warm-up, discarded), then timed. The step
 * budget is K with a tolerance of 1e-300, so a run normally takes all K steps; the estimator still stops
 * earlier at an invariant subspace or when the value is exact to rounding (then the steps actually taken are
 * reported and the per-step figures use them). Loading and partitioning are timed apart and not included in
 * the per-step figures; so are the starting job J_0 of the Spark recurrence and core's start normalization.
 *
 * <p>Usage: {@code StepTimes --matrix PATH [--format mtx|edgelist] --function SPEC --steps K
 * [--partitions P] [--master local[2]] [--warmup-steps W] --out FILE.json}
 */
public final class StepTimes {

    private static final double TOLERANCE = 1e-300;
    private static final VectorSpec U = VectorSpec.parse("random:1");
    private static final VectorSpec V = VectorSpec.parse("random:2");

    private StepTimes() {
    }

    /** Command-line options, checked on construction. */
    record Options(String matrix, InputFormat format, MatrixFunction function, int steps, int partitions,
                   String master, int warmupSteps, Path out) {

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
                        "--warmup-steps", "--out").contains(k)) {
                    throw new IllegalArgumentException("unknown option " + k);
                }
            }
            String matrix = require(m, "--matrix");
            InputFormat format = m.containsKey("--format") ? InputFormat.parse(m.get("--format"))
                    : InputFormat.detect(matrix);
            return new Options(matrix, format, MatrixFunction.parse(require(m, "--function")),
                    Integer.parseInt(require(m, "--steps")), Integer.parseInt(m.getOrDefault("--partitions", "2")),
                    m.getOrDefault("--master", "local[2]"), Integer.parseInt(m.getOrDefault("--warmup-steps", "5")),
                    Paths.get(require(m, "--out")));
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
     */
    record Run(int steps, double startSeconds, double stepSeconds, double gradientSeconds, double[] perStep,
               double value, String termination, double gradientSum, long edges) {

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

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StepTimes: " + e.getMessage());
            System.err.println("usage: StepTimes --matrix PATH [--format mtx|edgelist] --function SPEC --steps K "
                    + "[--partitions P] [--master local[2]] [--warmup-steps W] --out FILE.json");
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSessions.create("matfun-step-times", o.master());
        try {
            Map<String, Object> report = run(spark, o);
            String json = Json.write(report);
            Path parent = o.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(o.out(), json + "\n", StandardCharsets.UTF_8);
            printTable(System.out, report);
        } finally {
            spark.stop();
        }
    }

    static Map<String, Object> run(SparkSession spark, Options o) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
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
        LanczosOptions timed = LanczosOptions.defaults().withMaxSteps(o.steps()).withTolerance(TOLERANCE);
        LanczosOptions warm = LanczosOptions.defaults().withMaxSteps(o.warmupSteps()).withTolerance(TOLERANCE);

        Map<String, Run> runs = new LinkedHashMap<>();
        runs.put("coreValue", timedCore(csr, pol, o.function(), warm, timed, false));
        runs.put("coreGradient", timedCore(csr, pol, o.function(), warm, timed, true));
        runs.put("sparkValue", timedSpark(sc, a, m, o.function(), warm, timed, false));
        runs.put("sparkGradient", timedSpark(sc, a, m, o.function(), warm, timed, true));

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
        r.put("warmupSteps", o.warmupSteps());
        r.put("master", o.master());
        r.put("partitions", a.partitions());
        r.put("haloEntries", a.haloEntries());
        r.put("maxBlockNonzeros", a.maxBlockNonzeros());
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("heapMaxBytes", Runtime.getRuntime().maxMemory());
        r.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        r.put("sparkVersion", spark.version());
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("sparkReadSeconds", sec(t0, t1));
        load.put("sparkPartitionSeconds", sec(t1, t2));
        load.put("coreCollectAndCsrSeconds", sec(t2, t3));
        r.put("load", load);
        Map<String, Object> rs = new LinkedHashMap<>();
        for (Map.Entry<String, Run> e : runs.entrySet()) {
            rs.put(e.getKey(), describe(e.getValue()));
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
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("valueRelativeDifferenceSparkVsCore", relDiff(sv.value(), cv.value()));
        checks.put("gradientRunValueRelativeDifferenceSparkVsCore", relDiff(sg.value(), cg.value()));
        checks.put("gradientSumRelativeDifferenceSparkVsCore", relDiff(sg.gradientSum(), cg.gradientSum()));
        r.put("checks", checks);
        a.unpersist();
        m.unpersist();
        return r;
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

    private static Run timedCore(CsrMatrix csr, BilinearForm.Polarization pol, MatrixFunction f,
                                 LanczosOptions warm, LanczosOptions timed, boolean gradient) {
        String name = "core " + (gradient ? "edge gradient" : "value");
        Run w = core(csr, pol, f, warm, gradient);
        log("%s: warm-up %d steps done (%.3f s/step)", name, w.steps(), w.secondsPerStep());
        quiesce();
        Run r = core(csr, pol, f, timed, gradient);
        log("%s: %d steps (%s), %.4f s/step, gradient pass %.3f s", name, r.steps(), r.termination(),
                r.secondsPerStep(), r.gradientSeconds());
        quiesce();
        return r;
    }

    private static Run timedSpark(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, MatrixFunction f,
                                  LanczosOptions warm, LanczosOptions timed, boolean gradient) {
        String name = "Spark " + (gradient ? "edge gradient" : "value");
        Run w = spark(sc, a, m, f, warm, gradient);
        log("%s: warm-up %d steps done (%.3f s/step)", name, w.steps(), w.secondsPerStep());
        quiesce();
        Run r = spark(sc, a, m, f, timed, gradient);
        log("%s: %d steps (%s), %.4f s/step, gradient pass %.3f s", name, r.steps(), r.termination(),
                r.secondsPerStep(), r.gradientSeconds());
        quiesce();
        return r;
    }

    /** Core in memory: the recurrence and estimator, then (if asked) G on every stored nonzero. */
    static Run core(CsrMatrix csr, BilinearForm.Polarization pol, MatrixFunction f, LanczosOptions options,
                    boolean gradient) {
        Set<GradientKind> kinds = gradient ? EnumSet.of(GradientKind.MATRIX) : EnumSet.noneOf(GradientKind.class);
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
                clock.durations(result.steps()), result.value().value(), result.termination().name(), sum, edges);
    }

    /** Spark: J_0, the estimator driving one job per step, then (if asked) the edge gradients forced by one action. */
    static Run spark(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, MatrixFunction f, LanczosOptions options,
                     boolean gradient) {
        Set<GradientKind> kinds = gradient ? EnumSet.of(GradientKind.MATRIX) : EnumSet.noneOf(GradientKind.class);
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
                    edges);
        } finally {
            lanczos.release();
        }
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
    private static final class StepClock {
        private final double[] ends;
        private long start;
        private int count;

        StepClock(int capacity) {
            ends = new double[capacity];
        }

        void start(long t) {
            start = t;
        }

        void onStep(org.matfun.core.bilinear.StepRecord rec) {
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
        d.put("value", r.value());
        if (r.edges() > 0) {
            d.put("edgeGradients", r.edges());
            d.put("edgeGradientSum", r.gradientSum());
        }
        d.put("perStepSeconds", r.perStep());
        return d;
    }

    @SuppressWarnings("unchecked")
    private static void printTable(PrintStream out, Map<String, Object> r) {
        Map<String, Object> runs = (Map<String, Object>) r.get("runs");
        Map<String, Object> ratios = (Map<String, Object>) r.get("ratios");
        Map<String, Object> load = (Map<String, Object>) r.get("load");
        out.printf(Locale.ROOT, "%s  n = %d  nnz = %d  f = %s  B = 2  budget = %d  %s, %d partitions%n",
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
        out.println("checks: " + Json.write(r.get("checks")));
    }

    private static void quiesce() {
        System.gc();
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

    /** A minimal JSON writer for maps, lists, strings, numbers and double arrays. */
    static final class Json {
        private Json() {
        }

        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(sb, o, 0);
            return sb.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(StringBuilder sb, Object o, int indent) {
            if (o == null) {
                sb.append("null");
            } else if (o instanceof Map) {
                Map<String, Object> m = (Map<String, Object>) o;
                sb.append("{");
                String sep = "\n";
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    sb.append(sep).append("  ".repeat(indent + 1));
                    string(sb, e.getKey());
                    sb.append(": ");
                    write(sb, e.getValue(), indent + 1);
                    sep = ",\n";
                }
                sb.append("\n").append("  ".repeat(indent)).append("}");
            } else if (o instanceof double[] a) {
                sb.append("[");
                for (int i = 0; i < a.length; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    number(sb, a[i]);
                }
                sb.append("]");
            } else if (o instanceof List<?> l) {
                List<Object> items = new ArrayList<>(l);
                sb.append("[");
                for (int i = 0; i < items.size(); i++) {
                    sb.append(i == 0 ? "" : ", ");
                    write(sb, items.get(i), indent + 1);
                }
                sb.append("]");
            } else if (o instanceof Double d) {
                number(sb, d);
            } else if (o instanceof Number || o instanceof Boolean) {
                sb.append(o);
            } else {
                string(sb, o.toString());
            }
        }

        private static void number(StringBuilder sb, double d) {
            if (Double.isFinite(d)) {
                sb.append(d);
            } else {
                sb.append("null");
            }
        }

        private static void string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }
}
