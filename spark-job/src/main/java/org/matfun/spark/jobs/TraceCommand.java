package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.TraceOptions;
import org.matfun.core.trace.TraceProgress;
import org.matfun.core.trace.TraceResult;
import org.matfun.spark.io.InputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code matfun trace}: Hutchinson/SLQ estimate of tr f(A) on Spark, with a 95% interval and theta-gradients. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates tr f(A) for a sparse symmetric A = sum_i theta_i A_i with Hutchinson's estimator and Lanczos",
            "(Gauss) quadrature per probe (SLQ) on Spark: the mean over probes, its standard error, a 95%% Student-t",
            "interval, and optionally d tr f(A)/dtheta_i (forward-only, DESIGN 2.3) or d tr f(A)/dw per edge.",
            "Probes advance in blocks of B starting vectors, one Spark job per Lanczos step for the whole block.",
            "For log this is log det A (A must be positive definite) and d/dtheta_i = tr(A^{-1} A_i).",
            "Writes DIR/summary.json, DIR/blocks.csv, DIR/probes.csv and, with --gradient edges, DIR/gradient/",
            "(Parquet: src, dst, gradient, standardError). DIR appears only when complete.",
            "",
            "Exit codes: 0 done (see 'stopping' and 'blockTerminations' in summary.json), 1 computation failed,",
            "2 bad input or usage (including A outside f's domain, e.g. log of a singular matrix)."},
        footer = {"", "Example (log det of theta_1 A + theta_2 I and its gradient):",
            "  deploy/matfun trace --matrix ../shared/data/suitesparse/bcsstk13.mtx.gz --matrix-theta 1e-6 \\",
            "      --component identity --theta 1 --function log --gradient theta --probes 64 --output /tmp/ld"})
public final class TraceCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.trace");

    @Option(names = "--matrix", required = true, paramLabel = "PATH",
            description = "The first component A_1: Matrix Market file, SNAP-style edge list or CSV edge table"
                    + " (.gz allowed; any Hadoop path).")
    String matrix;

    @Option(names = "--matrix-theta", defaultValue = "1", paramLabel = "VALUE",
            description = "theta_1, the coefficient of --matrix (default: ${DEFAULT-VALUE}).")
    double matrixTheta;

    @Option(names = "--component", paramLabel = "PATH|identity",
            description = "A further component A_i (a Matrix Market file of the same order, or 'identity' for I);"
                    + " repeat, each with its --theta.")
    List<String> components = new ArrayList<>();

    @Option(names = "--theta", paramLabel = "VALUE",
            description = "The coefficient theta_i of the --component of the same position.")
    List<Double> thetas = new ArrayList<>();

    @Option(names = "--format", paramLabel = "mtx|edgelist|csv|parquet|orc|table",
            description = "Input format of --matrix and every --component (default: from the file name: .mtx, .csv,"
                    + " .parquet, .orc, otherwise edge list; table: catalog table names).")
    String format;

    @Mixin
    TableOptions table = new TableOptions();

    @Option(names = "--symmetrize",
            description = "For a 'general' Matrix Market matrix that is not symmetric, use (A + A^T)/2.")
    boolean symmetrize;

    @Option(names = "--function", required = true, paramLabel = "SPEC",
            description = "f: log | exp:beta=0.1 | power:p=2.5 | inverse | sqrt.")
    String function;

    @Option(names = "--gradient", defaultValue = "none", paramLabel = "none|theta|edges",
            description = "Also estimate d tr f(A)/dtheta_i with standard errors, or d tr f(A)/dw per stored edge"
                    + " with standard errors (default: ${DEFAULT-VALUE}).")
    String gradient;

    @Option(names = "--probes", paramLabel = "M",
            description = "Probe budget M >= 2 (default: 32, or 1024 with --target-stderr).")
    Integer probes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the probes; results do not depend on partitions or block size (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--probe", defaultValue = "rademacher", paramLabel = "rademacher|gaussian",
            description = "Distribution of the probe entries (default: ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--target-stderr", defaultValue = "0", paramLabel = "REL",
            description = "Add probe blocks until the standard error is at most REL times |estimate| for the trace"
                    + " and every theta-gradient entry (checked from 10 probes on), or the budget is spent;"
                    + " 0 = use all M probes (default: ${DEFAULT-VALUE}).")
    double targetStderr;

    @Option(names = "--block-size", paramLabel = "B",
            description = "Probes per Lanczos block (default: chosen from memory, at most 16; see summary.json).")
    Integer blockSize;

    @Option(names = "--tol", defaultValue = "1e-6", paramLabel = "TOL",
            description = "Relative tolerance of each block's Lanczos quadrature; keep it well below the relative"
                    + " standard error (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-steps", defaultValue = "500", paramLabel = "K",
            description = "Lanczos step budget per block (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--reorth", defaultValue = "none", paramLabel = "none|full",
            description = "Reorthogonalization of the Lanczos basis (default: ${DEFAULT-VALUE}).")
    String reorth;

    @Option(names = "--checkpoint-interval", defaultValue = "10", paramLabel = "STEPS",
            description = "Steps between lineage truncations (default: ${DEFAULT-VALUE}).")
    int checkpointInterval;

    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        request(run.partitions() == null ? 1 : run.partitions()); // the options are checked before any Spark work
        run.run("matfun trace",
                (spark, p, out) -> run(spark, request(p), out, t0));
        return 0;
    }

    /** Validates the options (no Spark). */
    private TraceRequest request(int p) {
        InputFormat inputFormat = format == null ? InputFormat.detect(matrix) : InputFormat.parse(format);
        MatrixFunction f = MatrixFunction.parse(function);
        TraceGradient grad = BilinearCommand.parseEnum(TraceGradient.class, gradient, "--gradient",
                "none|theta|edges");
        Reorthogonalization re = BilinearCommand.parseEnum(Reorthogonalization.class, reorth, "--reorth",
                "none|full");
        ProbeDistribution dist = BilinearCommand.parseEnum(ProbeDistribution.class, probe, "--probe",
                "rademacher|gaussian");
        if (components.size() != thetas.size()) {
            throw new IllegalArgumentException("got " + components.size() + " --component and " + thetas.size()
                    + " --theta options; expected one --theta per --component");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps = " + maxSteps + "; expected an integer >= 1");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("--tol = " + tolerance + "; expected a positive number");
        }
        if (!(targetStderr >= 0) || !Double.isFinite(targetStderr)) {
            throw new IllegalArgumentException("--target-stderr = " + targetStderr
                    + "; expected a relative standard error > 0 (or 0 for none)");
        }
        if (blockSize != null && blockSize < 1) {
            throw new IllegalArgumentException("--block-size = " + blockSize + "; expected an integer >= 1");
        }
        int m = probes != null ? probes : (targetStderr > 0 ? 1024 : 32);
        if (m < 2) {
            throw new IllegalArgumentException("--probes = " + m + "; expected an integer >= 2 (a standard error"
                    + " needs two probes)");
        }
        List<TraceRequest.Component> comps = new ArrayList<>();
        comps.add(new TraceRequest.Component(matrix, matrixTheta));
        for (int i = 0; i < components.size(); i++) {
            String c = components.get(i);
            comps.add(new TraceRequest.Component(c.trim().equalsIgnoreCase(TraceRequest.IDENTITY) ? null : c,
                    thetas.get(i)));
        }
        if (!Double.isFinite(matrixTheta)) {
            throw new IllegalArgumentException("--matrix-theta = " + matrixTheta + "; expected finite");
        }
        LanczosOptions options = new LanczosOptions(maxSteps, tolerance, tolerance, re);
        TraceOptions trace = new TraceOptions(m, blockSize == null ? 1 : blockSize, seed, dist, targetStderr);
        return new TraceRequest(comps, inputFormat, table.columns(), f, grad, options, trace, p, checkpointInterval, symmetrize,
                run.distribution());
    }

    private void run(SparkSession spark, TraceRequest req, OutputDirectory out, long t0) {
        LOG.info("matfun trace: tr {} of {}, {} probes ({}, seed {}), gradient {}, target stderr {}, {} partitions,"
                        + " tol {}, max {} steps", req.function().spec(), describe(req), req.trace().maxProbes(),
                BilinearCommand.name(req.trace().distribution()), req.trace().seed(),
                BilinearCommand.name(req.gradient()), req.trace().hasTarget() ? req.trace().targetRelativeStandardError()
                        : "none", req.partitions(), req.options().tolerance(), req.options().maxSteps());
        StringBuilder csv = new StringBuilder(
                "block,probes,steps,matvecs,blockSteps,mean,standardError,lower,upper,logScale,elapsedSeconds\n");
        StepListener steps = r -> {
            if (r.step() == 1 || r.step() % 10 == 0) {
                LOG.info(String.format(Locale.ROOT, "  step %4d  block sum %-24.16e est %.2e  %.2fs", r.step(),
                        r.value(), r.errorEstimate(), r.elapsedSeconds()));
            }
        };
        Consumer<TraceProgress> blocks = p -> {
            IntervalEstimate e = p.trace();
            LOG.info(String.format(Locale.ROOT, "block %d: %d probes, %d steps (%d this block)  tr = %.12e +- %.3e"
                            + " (95%% [%.10e, %.10e])  %.2fs", p.block(), p.probes(), p.steps(), p.blockSteps(),
                    e.value(), scaled(e.standardError(), e.logScale()), scaled(e.lower(), e.logScale()),
                    scaled(e.upper(), e.logScale()), p.elapsedSeconds()));
            csv.append(String.format(Locale.ROOT, "%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%.3f%n", p.block(), p.probes(),
                    p.steps(), p.matvecs(), p.blockSteps(), num(e.mean()), num(e.standardError()), num(e.lower()),
                    num(e.upper()), num(e.logScale()), p.elapsedSeconds()));
        };
        TraceOutcome o = TraceJob.run(spark, req, blockSize, steps, blocks);
        long t2 = System.nanoTime();
        long edges = 0;
        if (o.edgeGradient() != null) {
            org.apache.spark.sql.types.DataType id = o.stringIds() ? DataTypes.StringType : DataTypes.LongType;
            StructType schema = new StructType()
                    .add("src", id, false)
                    .add("dst", id, false)
                    .add("gradient", DataTypes.DoubleType, false)
                    .add("standardError", DataTypes.DoubleType, false);
            Dataset<Row> df = spark.createDataFrame(o.edgeGradient(), schema).orderBy("src", "dst");
            df.write().parquet(out.path("gradient"));
            edges = spark.read().parquet(out.path("gradient")).count();
        }
        long t3 = System.nanoTime();
        StringBuilder probeCsv = new StringBuilder("probe,block,value,logScale");
        if (req.gradient() == TraceGradient.THETA) {
            for (int i = 1; i <= req.components().size(); i++) {
                probeCsv.append(",gradient_").append(i);
            }
        }
        probeCsv.append('\n');
        for (String line : o.probeRows()) {
            probeCsv.append(line).append('\n');
        }
        out.writeText("blocks.csv", csv.toString());
        out.writeText("probes.csv", probeCsv.toString());
        out.writeText("summary.json", summaryJson(req, o, edges, (t3 - t2) * 1e-9, (t3 - t0) * 1e-9, spark));
        out.commit();
        TraceResult r = o.result();
        IntervalEstimate e = r.trace();
        Integer budget = r.blockTerminations().get(Termination.STEP_BUDGET);
        if (budget != null) {
            LOG.warn("{} of {} probe blocks hit the step budget (--max-steps {}) before the quadrature met --tol:"
                    + " their values carry a quadrature error beyond the interval", budget, r.blocks(),
                    req.options().maxSteps());
        }
        LOG.info(String.format(Locale.ROOT, "done: tr %s = %.12e +- %.3e (95%% [%.10e, %.10e]), %d probes, %d steps,"
                        + " %s; results in %s", req.function().spec(), e.value(),
                scaled(e.standardError(), e.logScale()), scaled(e.lower(), e.logScale()),
                scaled(e.upper(), e.logScale()), r.probes(), r.steps(), r.stopping(), out.target()));
    }

    private static String describe(TraceRequest req) {
        StringBuilder s = new StringBuilder();
        for (TraceRequest.Component c : req.components()) {
            s.append(s.length() == 0 ? "" : " + ").append(c.theta()).append(" * ").append(c.label());
        }
        return s.toString();
    }

    private static double scaled(double x, double logScale) {
        return logScale == 0.0 ? x : x * Math.exp(logScale);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static Map<String, Object> interval(IntervalEstimate e) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", BilinearCommand.json(e.value()));
        s.put("logAbsValue", BilinearCommand.json(e.logAbsMean()));
        s.put("sign", Math.signum(e.mean()));
        s.put("standardError", BilinearCommand.json(scaled(e.standardError(), e.logScale())));
        s.put("relativeStandardError", BilinearCommand.json(e.relativeStandardError()));
        s.put("interval95", List.of(BilinearCommand.json(scaled(e.lower(), e.logScale())),
                BilinearCommand.json(scaled(e.upper(), e.logScale()))));
        return s;
    }

    private String summaryJson(TraceRequest req, TraceOutcome o, long edges, double writeSeconds, double wallSeconds,
                               SparkSession spark) {
        TraceResult r = o.result();
        IntervalEstimate e = r.trace();
        Map<String, Object> s = new LinkedHashMap<>(interval(e));
        s.put("logScale", e.logScale());
        s.put("intervalMethod", "mean -+ t(0.975, probes - 1) * standardError (Student-t)");
        s.put("probes", r.probes());
        s.put("blocks", r.blocks());
        s.put("blockSize", o.blockSize());
        s.put("steps", r.steps());
        s.put("maxBlockSteps", r.maxBlockSteps());
        s.put("matvecs", r.matvecs());
        s.put("stopping", r.stopping().name());
        s.put("targetRelativeStandardError", req.trace().hasTarget() ? req.trace().targetRelativeStandardError()
                : null);
        Map<String, Object> terms = new LinkedHashMap<>();
        for (Map.Entry<Termination, Integer> t : r.blockTerminations().entrySet()) {
            terms.put(t.getKey().name(), t.getValue());
        }
        s.put("blockTerminations", terms);
        if (r.controlVariateTrace() != null) {
            Map<String, Object> cv = new LinkedHashMap<>(interval(r.controlVariateTrace()));
            cv.put("method", "same probes, controls z^T A z and z^T A^2 z (first Lanczos step) with exact means"
                    + " tr A and ||A||_F^2, least-squares coefficients; Student-t on probes - 3 degrees of freedom");
            if (r.controlVariateGradient() != null) {
                List<Object> g = new ArrayList<>();
                for (IntervalEstimate x : r.controlVariateGradient()) {
                    g.add(interval(x));
                }
                cv.put("gradient", g);
            }
            s.put("controlVariates", cv);
        }
        s.put("n", o.n());
        s.put("nnz", o.nnz());
        s.put("function", req.function().spec());
        List<Map<String, Object>> comps = new ArrayList<>();
        for (int i = 0; i < req.components().size(); i++) {
            TraceRequest.Component c = req.components().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("component", c.label());
            m.put("theta", c.theta());
            if (r.gradient() != null) {
                m.put("gradient", interval(r.gradient()[i]));
            }
            comps.add(m);
        }
        s.put("components", comps);
        s.put("gradient", BilinearCommand.name(req.gradient()));
        if (req.gradient() == TraceGradient.THETA) {
            s.put("gradientMethod", req.driverOnlyGradient()
                    ? "driver-only Gauss quadrature of f' (theta_1 A_1 + c I family; no basis kept)"
                    : "forward-only G = Q_k H Q_k^T on A's pattern per probe, summed over each component's nonzeros");
        }
        if (req.gradient() == TraceGradient.EDGES) {
            s.put("gradientEdges", edges);
            s.put("gradientPath", "gradient");
            s.put("gradientLogScale", o.edgeLogScale());
            s.put("gradientScale", "d tr f(A)/dw = gradient * exp(gradientLogScale); probe mean, with the standard error"
                    + " of the mean across probes (standardError, same scale; NaN for one probe)");
        }
        s.put("wallSeconds", wallSeconds);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("loadSeconds", o.loadSeconds());
        t.put("traceSeconds", o.traceSeconds());
        t.put("secondsPerStep", r.steps() == 0 ? 0.0 : o.traceSeconds() / r.steps());
        t.put("gradientAndWriteSeconds", writeSeconds);
        s.put("timings", t);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("matrix", req.components().get(0).path());
        run.put("format", req.format().name().toLowerCase(Locale.ROOT));
        run.put("symmetrize", req.symmetrize());
        run.put("probe", BilinearCommand.name(req.trace().distribution()));
        run.put("seed", req.trace().seed());
        run.put("maxProbes", req.trace().maxProbes());
        run.put("blockSizeRule", o.blockSizeReason());
        run.put("basisKept", o.basisKept());
        run.put("tolerance", req.options().tolerance());
        run.put("maxSteps", req.options().maxSteps());
        run.put("reorthogonalization", BilinearCommand.name(req.options().reorthogonalization()));
        run.putAll(o.execution());
        run.put("partitions", o.partitions());
        run.put("sparkMaster", spark.sparkContext().master());
        run.put("sparkVersion", spark.version());
        run.put("matfunVersion", MatfunMain.VERSION);
        s.put("run", run);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException("cannot write summary.json", ex);
        }
    }
}
