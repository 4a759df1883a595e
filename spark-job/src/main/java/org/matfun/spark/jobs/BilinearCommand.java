package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.io.InputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code matfun bilinear}: u^T f(A) v with the Lanczos method on Spark, and its forward-only gradient. */
@Command(name = "bilinear", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Estimates F = u^T f(A) v for a sparse symmetric matrix A with the Lanczos method on Spark",
            "(Gauss quadrature; polarization (Q(u+v) - Q(u-v))/4 when u != v), and optionally its gradient:",
            "dF/dw for every edge weight (forward-only, DESIGN 2.3) or dF/ds for the parameter of f.",
            "Writes DIR/summary.json, DIR/convergence.csv and, with --gradient edges, DIR/gradient/ (Parquet:",
            "src, dst, gradient). DIR appears only when complete.",
            "",
            "Exit codes: 0 done (see 'termination' in summary.json), 1 computation failed, 2 bad input or usage."},
        footer = {"", "Example:",
            "  deploy/matfun bilinear --matrix ../shared/data/snap/CA-GrQc.txt.gz --function exp:beta=0.1 \\",
            "      --u node:3466 --v node:937 --gradient edges --output /tmp/grqc"})
public final class BilinearCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.bilinear");

    @Option(names = "--matrix", required = true, paramLabel = "PATH",
            description = "Matrix Market file, SNAP-style edge list, CSV edge table (.gz allowed), Parquet or ORC"
                    + " table (a file or a directory of part files), any Hadoop path; or a catalog table name with"
                    + " --format table.")
    String matrix;

    @Option(names = "--format", paramLabel = "mtx|edgelist|csv|parquet|orc|table",
            description = "Input format (default: from the file name: .mtx, .csv, .parquet, .orc, otherwise edge"
                    + " list).")
    String format;

    @Mixin
    TableOptions table = new TableOptions();

    @Option(names = "--symmetrize",
            description = "For a 'general' Matrix Market matrix that is not symmetric, use (A + A^T)/2 instead of"
                    + " refusing it (an explicit opt-in; edge lists are undirected graphs already).")
    boolean symmetrize;

    @Option(names = "--operator", defaultValue = "adjacency", paramLabel = "SPEC",
            description = {"The operator: adjacency = the matrix as read (default); magnetic-adjacency:q=Q or"
                    + " magnetic-laplacian:q=Q = the complex Hermitian magnetic adjacency H_pq = w_s(p,q)"
                    + " exp(i 2 pi Q (a_pq - a_qp)) or Laplacian D_s - H of a directed GML file or edge list"
                    + " (MagNet, Zhang et al. 2021). Complex operators (also coordinate complex .mtx) run in the"
                    + " run-parallel mode and take expi:t=T or exp:beta=<complex>."})
    String operator;

    @Option(names = "--function", required = true, paramLabel = "SPEC",
            description = {"f: exp:beta=0.1 | exp:beta=-2 | power:p=2.5 | log | inverse | sqrt.",
                "Several parameter values from one Lanczos pass: exp:beta=0.1,0.5,1 | power:p=2,10,100 |"
                        + " exp:beta=START:STEP:END (END included); one result per value in summary.json 'values'."})
    String function;

    @Option(names = "--u", required = true, paramLabel = "VECTOR",
            description = "node:ID | ones | random:SEED | file:PATH (ids as in the input; row numbers for .mtx).")
    String u;

    @Option(names = "--v", paramLabel = "VECTOR", description = "Same forms as --u (default: the same as --u).")
    String v;

    @Option(names = "--gradient", defaultValue = "none", paramLabel = "none|edges|parameter",
            description = "Also compute dF/dw for every stored edge, or dF/ds for f's parameter (default: ${DEFAULT-VALUE}).")
    String gradient;

    @Option(names = "--tol", defaultValue = "1e-10", paramLabel = "TOL",
            description = "Relative tolerance of the value and the gradient (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--max-steps", defaultValue = "500", paramLabel = "K",
            description = "Lanczos step budget (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--reorth", defaultValue = "none", paramLabel = "none|full",
            description = "Reorthogonalization of the Lanczos basis (default: ${DEFAULT-VALUE}).")
    String reorth;

    @Option(names = "--checkpoint-interval", defaultValue = "10", paramLabel = "STEPS",
            description = "Steps between lineage truncations and checkpoints (default: ${DEFAULT-VALUE}).")
    int checkpointInterval;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Checkpoint the run every --checkpoint-interval steps to DIR (reliable storage, e.g. HDFS);"
                    + " rerunning the same command resumes from the last checkpoint. Removed after success; kept"
                    + " after a STEP_BUDGET stop, so a rerun with a larger --max-steps continues.")
    String checkpointDir;

    @Option(names = "--stop", defaultValue = "auto", paramLabel = "auto|estimate|bound",
            description = {"Stopping rule of the value. bound: stop when the certified Gauss/Gauss-Radau interval"
                    + " satisfies upper - lower <= tol min(|lower|, |upper|) (summary.json says certified: true);"
                    + " estimate: the error estimate of DESIGN 2.5; auto: bound where two-sided bounds exist for"
                    + " the function on the spectrum interval, else estimate (default: ${DEFAULT-VALUE})."})
    String stop;

    @Option(names = "--spectrum", paramLabel = "LO:HI",
            description = "An interval you assert contains every eigenvalue of A (e.g. a positive lower bound for"
                    + " log or inverse); default: the Gershgorin interval, computed in one pass. The bounds are"
                    + " certified relative to this interval.")
    String spectrum;

    @Mixin
    RunOptions run = new RunOptions();

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        InputFormat inputFormat = format == null ? InputFormat.detect(matrix) : InputFormat.parse(format);
        ComplexBilinear.OperatorSpec op = ComplexBilinear.OperatorSpec.parse(operator);
        if (op.magnetic() || ComplexBilinear.complexFunction(function)) {
            run.run("matfun bilinear", (spark, p, out) -> ComplexBilinear.run(spark, this, op, inputFormat, out, t0, p));
            return 0;
        }
        org.matfun.core.function.FunctionList functions = org.matfun.core.function.FunctionList.parse(function);
        MatrixFunction f = functions.first();
        VectorSpec uSpec = VectorSpec.parse(u);
        VectorSpec vSpec = v == null ? uSpec : VectorSpec.parse(v);
        GradientRequest grad = parseEnum(GradientRequest.class, gradient, "--gradient", "none|edges|parameter");
        Reorthogonalization re = parseEnum(Reorthogonalization.class, reorth, "--reorth", "none|full");
        if (maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps = " + maxSteps + "; expected an integer >= 1");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("--tol = " + tolerance + "; expected a positive number");
        }
        LanczosOptions options = new LanczosOptions(maxSteps, tolerance, tolerance, re);
        BilinearRequest.StopChoice stopChoice = parseEnum(BilinearRequest.StopChoice.class, stop, "--stop",
                "auto|estimate|bound");
        SpectrumBounds userSpectrum = spectrum == null ? null : parseSpectrum(spectrum);
        run.run("matfun bilinear", (spark, p, out) -> {
            if (inputFormat == InputFormat.MTX && org.matfun.spark.io.ComplexMatrixMarket.isComplex(
                    spark.sparkContext().hadoopConfiguration(), matrix)) {
                ComplexBilinear.run(spark, this, op, inputFormat, out, t0, p);
                return;
            }
            run(spark, new BilinearRequest(matrix, inputFormat, table.columns(), f, uSpec, vSpec, grad, options, p,
                        checkpointInterval, checkpointDir, symmetrize, run.distribution(), stopChoice, userSpectrum,
                        functions),
                        out, t0);
        });
        return 0;
    }

    private void run(SparkSession spark, BilinearRequest req, OutputDirectory out, long t0) {
        LOG.info("matfun bilinear: {} of {} with u = {}, v = {}, gradient {}, {} partitions, tol {}, max {} steps",
                req.functions().spec() + (req.sweep() ? " (" + req.functions().size() + " values)" : ""), req.matrix(), req.u(), req.v(), name(req.gradient()), req.partitions(),
                req.options().tolerance(), req.options().maxSteps());
        StringBuilder csv = new StringBuilder(req.sweep() ? SweepOutput.csvHeader(req.functions())
                : "step,value,logAbsValue,sign,errorEstimate,gradientErrorEstimate,residualEstimate,matvecs,elapsedSeconds,"
                        + "lowerBound,upperBound,boundsRelativeWidth\n");
        StepListener single = r -> {
            LOG.info(String.format(Locale.ROOT, "step %4d  F = %-24.16e est %.2e%s%s  %.2fs", r.step(), r.value(),
                    r.errorEstimate(), Double.isNaN(r.gradientErrorEstimate()) ? ""
                            : String.format(Locale.ROOT, "  grad-change %.2e", r.gradientErrorEstimate()),
                    r.bounds() == null ? "" : String.format(Locale.ROOT, "  in [%.16e, %.16e]",
                            r.bounds().lower().value(), r.bounds().upper().value()),
                    r.elapsedSeconds()));
            csv.append(csvLine(r));
        };
        org.matfun.core.bilinear.SweepListener progress = req.sweep() ? (step, records) -> {
            LOG.info(SweepOutput.progressLine(req.functions(), step, records));
            csv.append(SweepOutput.csvLine(step, records));
        } : (step, records) -> single.onStep(records.get(0));
        BilinearOutcome o = BilinearJob.run(spark, req, progress);
        long t2 = System.nanoTime();
        long edges = 0;
        if (o.edgeTable() != null) {
            BilinearRuns.EdgeTable e = o.edgeTable();
            edges = e.parameters() == null
                    ? EdgeTableWriter.write(spark.sparkContext().hadoopConfiguration(), out.path("gradient"),
                            new String[] {"gradient"}, e.src(), e.dst(), e.srcLabels(), e.dstLabels(), e.values())
                    : EdgeTableWriter.write(spark.sparkContext().hadoopConfiguration(), out.path("gradient"),
                            new String[] {"parameter", "gradient"}, e.src(), e.dst(), e.srcLabels(), e.dstLabels(),
                            e.parameters(), e.values());
        } else if (o.gradient() != null) {
            org.apache.spark.sql.types.DataType id = o.stringIds() ? DataTypes.StringType : DataTypes.LongType;
            StructType schema = new StructType()
                    .add("src", id, false)
                    .add("dst", id, false);
            if (req.sweep()) {
                schema = schema.add("valueIndex", DataTypes.IntegerType, false)
                        .add("parameter", DataTypes.DoubleType, false);
            }
            schema = schema.add("gradient", DataTypes.DoubleType, false);
            // The rows are counted by the write itself (an observed metric), not by reading the Parquet back.
            Observation written = new Observation("gradient rows");
            Dataset<Row> df = spark.createDataFrame(o.gradient(), schema);
            df = (req.sweep() ? df.orderBy("src", "dst", "valueIndex").drop("valueIndex") : df.orderBy("src", "dst"))
                    .observe(written, functions.count(functions.lit(1)).as("rows"));
            df.write().parquet(out.path("gradient"));
            edges = writtenRows(written);
        }
        long t3 = System.nanoTime();
        out.writeText("convergence.csv", csv.toString());
        out.writeText("summary.json", summaryJson(req, o, edges, (t3 - t2) * 1e-9, (t3 - t0) * 1e-9, spark));
        out.commit();
        if (o.checkpoint() != null) {
            if (o.result().termination() == Termination.STEP_BUDGET) {
                LOG.info("the step budget ran out: the checkpoint in {} is kept, so rerunning with a larger"
                        + " --max-steps (and --overwrite) continues from it", req.checkpointDir());
            } else {
                o.checkpoint().clear();
            }
        }
        BilinearFormResult r = o.result();
        if (req.sweep()) {
            LOG.info(SweepOutput.doneLine(req.functions(), o.results(), out.target()));
            return;
        }
        LOG.info(String.format(Locale.ROOT, "done: F = %.16e (log|F| = %.12f), %s after %d steps, estimated relative"
                        + " error %.2e; results in %s", r.value().value(), r.value().logAbsValue(), r.termination(),
                r.steps(), r.errorEstimate(), out.target()));
    }

    /** The rule as summary.json names it: estimate, or bound (--stop auto's BOUND_OR_ESTIMATE is the bound rule). */
    static String stopName(org.matfun.core.lanczos.StopRule rule) {
        return rule == null || rule == org.matfun.core.lanczos.StopRule.ESTIMATE ? "estimate" : "bound";
    }

    /** {@code LO:HI} with finite LO <= HI. */
    static SpectrumBounds parseSpectrum(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--spectrum '" + text + "' is not of the form LO:HI, e.g. 0.003:4.1e4");
        }
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(parts[0].trim());
            hi = Double.parseDouble(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--spectrum '" + text + "': LO and HI must be numbers, e.g. 0.003:4.1e4");
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new IllegalArgumentException("--spectrum '" + text + "': expected finite LO <= HI");
        }
        return SpectrumBounds.user(lo, hi);
    }

    /** The row count observed while writing (available once the write's action has finished). */
    private static long writtenRows(Observation written) {
        try {
            return ((Number) written.getAsJava().get("rows")).longValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the gradient row count", e);
        }
    }

    static String csvLine(StepRecord r) {
        ValueBounds b = r.bounds();
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%d,%.3f,%s,%s,%s%n", r.step(), num(r.value()),
                num(r.logAbsValue()), num(r.sign()), num(r.errorEstimate()), num(r.gradientErrorEstimate()),
                num(r.residualEstimate()), r.matvecs(), r.elapsedSeconds(), b == null ? "" : bound(b.lower().value()),
                b == null ? "" : bound(b.upper().value()), b == null ? "" : bound(b.relativeWidth()));
    }

    /** A bound for the CSV: empty where the side is missing (infinite). */
    private static String bound(double x) {
        return Double.isInfinite(x) || Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private String summaryJson(BilinearRequest req, BilinearOutcome o, long edges, double writeSeconds,
                               double wallSeconds, SparkSession spark) {
        BilinearFormResult r = o.result();
        Map<String, Object> s = new LinkedHashMap<>();
        if (req.sweep()) {
            s.put("termination", SweepOutput.termination(o.results()).name());
            s.put("stop", stopName(o.stopRule()));
            s.put("steps", r.steps());
            s.put("matvecs", r.matvecs());
        } else {
            s.put("value", json(r.value().value()));
            s.put("logAbsValue", json(r.value().logAbsValue()));
            s.put("sign", r.value().sign());
            s.put("logScale", r.logScale());
            s.put("errorEstimate", json(r.errorEstimate()));
            s.put("termination", r.termination().name());
            s.put("stop", stopName(o.stopRule()));
            putBounds(s, r);
            s.put("steps", r.steps());
            s.put("matvecs", r.matvecs());
        }
        s.put("n", o.n());
        s.put("nnz", o.nnz());
        s.put("function", req.functions().spec());
        s.put("u", req.u().text());
        s.put("v", req.v().text());
        s.put("gradient", name(req.gradient()));
        if (req.sweep()) {
            s.put("parameterName", req.functions().parameterName());
            s.put("parameters", req.functions().parameters());
            java.util.List<Map<String, Object>> values = new java.util.ArrayList<>();
            double[] p = req.functions().parameters();
            for (int i = 0; i < p.length; i++) {
                BilinearFormResult ri = o.results().get(i);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("parameter", p[i]);
                e.put("function", ri.function());
                e.put("value", json(ri.value().value()));
                e.put("logAbsValue", json(ri.value().logAbsValue()));
                e.put("sign", ri.value().sign());
                e.put("logScale", ri.logScale());
                e.put("errorEstimate", json(ri.errorEstimate()));
                e.put("termination", ri.termination().name());
                e.put("steps", ri.steps());
                e.put("matvecs", ri.matvecs());
                putBounds(e, ri);
                putGradientEstimates(e, req, ri);
                values.add(e);
            }
            s.put("values", values);
            if (req.gradient() != GradientRequest.NONE) {
                s.put("gradientErrorBasis", GRADIENT_ERROR_BASIS);
            }
        } else {
            putGradientEstimates(s, req, r);
            if (req.gradient() != GradientRequest.NONE && !r.history().isEmpty()) {
                s.put("gradientErrorBasis", GRADIENT_ERROR_BASIS);
            }
        }
        if (req.gradient() == GradientRequest.EDGES) {
            s.put("gradientEdges", edges);
            s.put("gradientPath", "gradient");
            s.put("gradientScale", req.sweep() ? "dF/dw = gradient * exp(logScale of the row's parameter value)"
                    : "dF/dw = gradient * exp(logScale)");
        }
        if (o.spectrum() != null) {
            Map<String, Object> sp = new LinkedHashMap<>();
            sp.put("lower", o.spectrum().lower());
            sp.put("upper", o.spectrum().upper());
            sp.put("source", o.spectrum().source());
            s.put("spectrum", sp);
        }
        double[] ritz = ritzRange(r);
        if (ritz != null) {
            Map<String, Object> rr = new LinkedHashMap<>();
            rr.put("min", ritz[0]);
            rr.put("max", ritz[1]);
            rr.put("note", "Ritz values of the final T_k: an estimate of the spectrum from inside, not a bound");
            s.put("ritzRange", rr);
        }
        s.put("wallSeconds", wallSeconds);
        if (o.resumedAtStep() > 0) {
            s.put("resumedAtStep", o.resumedAtStep());
        }
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("loadSeconds", o.loadSeconds());
        t.put("lanczosSeconds", o.lanczosSeconds());
        int liveSteps = r.steps() - o.resumedAtStep();
        t.put("secondsPerStep", liveSteps <= 0 ? 0.0 : o.lanczosSeconds() / liveSteps);
        t.put("gradientAndWriteSeconds", writeSeconds);
        s.put("timings", t);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("matrix", req.matrix());
        run.put("format", req.format().name().toLowerCase(Locale.ROOT));
        run.put("symmetrize", req.symmetrize());
        run.put("tolerance", req.options().tolerance());
        run.put("maxSteps", req.options().maxSteps());
        run.put("reorthogonalization", name(req.options().reorthogonalization()));
        run.putAll(o.distribution().summary());
        if (o.tasks() != null) {
            run.put("tasks", o.tasks());
        }
        run.put("partitions", o.partitions());
        run.put("startingVectors", r.runs().size());
        run.put("haloEntries", o.haloEntries());
        run.put("haloBytesPerStep", o.haloBytesPerStep());
        run.put("cachedBytesAfterLanczos", o.cachedBytes());
        run.put("basisBytesPredicted", req.gradient() == GradientRequest.EDGES
                ? 8L * o.n() * r.steps() * r.runs().size() : 0L);
        run.put("sparkMaster", spark.sparkContext().master());
        run.put("sparkVersion", spark.version());
        run.put("matfunVersion", MatfunMain.VERSION);
        s.put("run", run);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write summary.json", e);
        }
    }

    private static final String GRADIENT_ERROR_BASIS = "gradientErrorEstimate is an estimate (DESIGN 2.5)."
            + " gradientResidual = sum_r |c_r| ||v_r||^2 beta_k |e_k^T f(T_k) e_1| / |F| is the computable factor of"
            + " the forward-only gradient's error bound (DESIGN 2.3); the bound's constant (||A|| and derivatives of f"
            + " on the spectrum) is not evaluated, so the gradient is not certified.";

    /** certified, certificate and bounds of one value (nothing without bounds). */
    private static void putBounds(Map<String, Object> s, BilinearFormResult r) {
        if (r.bounds() != null) {
            s.put("certified", r.bounds().certified());
            if (r.bounds().note() != null) {
                s.put("certificate", r.bounds().note());
            }
            s.put("bounds", boundsJson(r.bounds()));
        }
    }

    /** The gradient's error estimate, residual and the parameter gradient of one value. */
    private static void putGradientEstimates(Map<String, Object> s, BilinearRequest req, BilinearFormResult r) {
        if (req.gradient() != GradientRequest.NONE) {
            s.put("gradientErrorEstimate", json(r.gradientErrorEstimate()));
        }
        if (req.gradient() != GradientRequest.NONE && !r.history().isEmpty()) {
            s.put("gradientResidual", json(r.history().get(r.history().size() - 1).residualEstimate()));
            s.put("gradientCertified", false);
        }
        if (r.parameterGradient() != null) {
            s.put("gradientParameter", json(r.parameterGradient().value()));
            s.put("gradientParameterName", req.function().parameterName());
            s.put("gradientParameterLogAbs", json(r.parameterGradient().logAbsValue()));
            s.put("gradientParameterSign", r.parameterGradient().sign());
        }
    }

    /** The bounds object of summary.json, or the string "not available: ..." for a one-sided interval. */
    static Object boundsJson(ValueBounds b) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!b.twoSided()) {
            String side = Double.isInfinite(b.lower().scaled()) ? "upper" : "lower";
            boolean none = Double.isInfinite(b.lower().scaled()) && Double.isInfinite(b.upper().scaled());
            if (none) {
                return "not available: " + b.note();
            }
            m.put("available", "not available: " + b.note());
            m.put(side, json("upper".equals(side) ? b.upper().value() : b.lower().value()));
            m.put(side + "LogAbs", json("upper".equals(side) ? b.upper().logAbsValue() : b.lower().logAbsValue()));
            m.put(side + "Rule", "upper".equals(side) ? b.upperRule() : b.lowerRule());
            return m;
        }
        m.put("lower", json(b.lower().value()));
        m.put("upper", json(b.upper().value()));
        m.put("lowerLogAbs", json(b.lower().logAbsValue()));
        m.put("lowerSign", b.lower().sign());
        m.put("upperLogAbs", json(b.upper().logAbsValue()));
        m.put("upperSign", b.upper().sign());
        m.put("relativeWidth", json(b.relativeWidth()));
        m.put("lowerRule", b.lowerRule());
        m.put("upperRule", b.upperRule());
        return m;
    }

    /** [min, max] of the final Ritz values over the runs, or null. */
    static double[] ritzRange(BilinearFormResult r) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (org.matfun.core.bilinear.QuadratureRun run : r.runs()) {
            if (run.eigen() != null) {
                lo = Math.min(lo, run.eigen().min());
                hi = Math.max(hi, run.eigen().max());
            }
        }
        return lo <= hi ? new double[] {lo, hi} : null;
    }

    /** JSON has no Infinity or NaN: such values are written as strings. */
    static Object json(double x) {
        return Double.isFinite(x) ? (Object) x : Double.toString(x);
    }

    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parseEnum(Class<E> type, String text, String option, String accepted) {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not one of " + accepted);
        }
    }
}
