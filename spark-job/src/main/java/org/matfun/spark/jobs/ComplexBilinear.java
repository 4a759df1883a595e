package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.hermitian.Complex;
import org.matfun.core.hermitian.ComplexFunction;
import org.matfun.core.hermitian.HermitianBilinearForm;
import org.matfun.core.hermitian.HermitianBilinearFormResult;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.HermitianEntryGradient;
import org.matfun.core.hermitian.HermitianStepRecord;
import org.matfun.core.hermitian.MagneticOperator;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.RunParallel;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.io.ComplexMatrixMarket;
import org.matfun.spark.io.ComplexVectorFile;
import org.matfun.spark.io.DirectedGraph;
import org.matfun.spark.io.InputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code matfun bilinear} on a complex Hermitian operator (issue 14), F = u^H f(A) v: a {@code coordinate complex}
 * Matrix Market file, or the magnetic adjacency / Laplacian of a directed graph ({@link MagneticOperator}: MagNet,
 * Zhang et al., NeurIPS 2021; Fanuel et al., Phys. Rev. E 95, 022302, 2017). The input is read on the driver (A of
 * order n with nnz stored entries, 20 nnz + 4 n bytes there). Both execution modes (DESIGN 3.1b), chosen by
 * {@code --distribute}:
 * <ul>
 *   <li>{@code runs}: A broadcast once and one Spark task runs core's {@link HermitianBilinearForm};</li>
 *   <li>{@code rows}: {@link ComplexRows}: core's {@code HermitianFormEstimator} drives the real distributed
 *       Lanczos on the interleaved real embedding M of A (order 2n, {@code HermitianEmbedding}), the edge gradient
 *       from the basis kept on the executors ({@code EmbeddedEntryGradient}); one Spark job per step, a halo of 16
 *       bytes per halo node and vector; {@code --checkpoint-dir} checkpoints the steps as in the real job;</li>
 *   <li>{@code auto}: the real jobs' memory rule ({@link DistributionChoice}) on the embedding's sizes (order 2n, its
 *       stored entries) and complex vectors (16 bytes per entry); rows when {@code --checkpoint-dir} is given.</li>
 * </ul>
 * The same value, steps, termination and gradients come out of both (to rounding: ComplexBilinearCommandTest).
 *
 * <p>Outputs: summary.json with complex numbers as {"re", "im"} (and abs, arg; {@code run.distribution},
 * {@code run.distributionReason}, and in the rows mode {@code run.haloBytes}, {@code run.haloBytesPerStep},
 * {@code run.embedding}), convergence.csv (step,re,im,abs,errorEstimate,gradientErrorEstimate,matvecs), and with
 * --gradient edges the Parquet table gradient/ (src, dst, dRe_re, dRe_im, dIm_re, dIm_im) over the stored entries
 * p <= q with the original ids. Bad input (files, vectors, options) is an IllegalArgumentException or an
 * InputException naming the value: one {@code matfun: error:} line and exit 2 in both modes.
 */
final class ComplexBilinear {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.bilinear");

    private ComplexBilinear() {
    }

    /** {@code --operator}: adjacency (the matrix as read), magnetic-adjacency:q=Q or magnetic-laplacian:q=Q. */
    record OperatorSpec(String kind, double charge, String text) {

        static final String ACCEPTED = "adjacency | magnetic-adjacency:q=Q | magnetic-laplacian:q=Q";

        boolean magnetic() {
            return !kind.equals("adjacency");
        }

        static OperatorSpec parse(String text) {
            String t = text == null ? "adjacency" : text.trim();
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.equals("adjacency")) {
                return new OperatorSpec("adjacency", 0.0, "adjacency");
            }
            int colon = lower.indexOf(':');
            String head = colon < 0 ? lower : lower.substring(0, colon);
            if (!head.equals("magnetic-adjacency") && !head.equals("magnetic-laplacian")) {
                throw new IllegalArgumentException("--operator '" + text + "' is not one of " + ACCEPTED);
            }
            String rest = colon < 0 ? "" : lower.substring(colon + 1).trim();
            if (!rest.startsWith("q=")) {
                throw new IllegalArgumentException("--operator '" + text + "' needs the charge q, e.g. " + head
                        + ":q=0.25");
            }
            double q;
            try {
                q = Double.parseDouble(rest.substring(2).trim());
            } catch (NumberFormatException e) {
                q = Double.NaN;
            }
            if (!Double.isFinite(q)) {
                throw new IllegalArgumentException("--operator '" + text + "': q must be a finite number, e.g. "
                        + head + ":q=0.25");
            }
            return new OperatorSpec(head, q, head + ":q=" + rest.substring(2).trim());
        }
    }

    /** The function of a complex run, or a usage error naming what the Hermitian estimator supports. */
    static ComplexFunction function(String spec) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("exp")) {
            return ComplexFunction.exp(1.0);
        }
        try {
            return ComplexFunction.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--function '" + spec + "' on a complex Hermitian operator: "
                    + e.getMessage() + " (the Hermitian estimator supports " + ComplexFunction.ACCEPTED
                    + ", and lists or ranges of their parameter: expi:t=0.1,0.5,1, expi:t=START:STEP:END,"
                    + " exp:beta=-0.5i,0.1-2i,1)");
        }
    }

    /** True if the function is complex-valued and so needs this path (parsed by ComplexFunction, not real). */
    static boolean complexFunction(String spec) {
        try {
            org.matfun.core.function.FunctionList.parse(spec);
            return false;
        } catch (IllegalArgumentException real) {
            try {
                return !org.matfun.core.hermitian.ComplexFunctionList.parse(spec.trim()).isReal();
            } catch (IllegalArgumentException complex) {
                return false;
            }
        }
    }

    /** The operator with the original ids by internal index. */
    record Operator(HermitianCsrMatrix a, long[] ids) {
    }

    static Operator load(Configuration conf, String matrix, InputFormat format, OperatorSpec op, boolean symmetrize) {
        if (op.magnetic()) {
            if (format != InputFormat.GML && format != InputFormat.EDGELIST && format != InputFormat.CSV) {
                throw new IllegalArgumentException("--operator " + op.text() + " needs a directed graph: a GML file,"
                        + " an edge list or a CSV edge table (--format gml|edgelist|csv), not "
                        + format.name().toLowerCase(Locale.ROOT));
            }
            DirectedGraph g = DirectedGraph.read(conf, matrix, format);
            HermitianCsrMatrix a = op.kind().equals("magnetic-laplacian")
                    ? MagneticOperator.laplacian(g.src(), g.dst(), g.w(), g.n(), op.charge())
                    : MagneticOperator.adjacency(g.src(), g.dst(), g.w(), g.n(), op.charge());
            return new Operator(a, g.ids());
        }
        if (format != InputFormat.MTX) {
            throw new IllegalArgumentException(matrix + ": a complex-valued --function on a real input needs a Matrix Market file for now (" + format.name().toLowerCase(Locale.ROOT)
                    + " inputs take real functions; a directed graph takes --operator magnetic-adjacency:q=Q)");
        }
        HermitianCsrMatrix a = ComplexMatrixMarket.read(conf, matrix, symmetrize);
        long[] ids = new long[a.dimension()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        return new Operator(a, ids);
    }

    /** A starting vector, complex interleaved (2 n doubles). */
    static double[] vector(Configuration conf, VectorSpec spec, long[] ids) {
        int n = ids.length;
        double[] x = new double[2 * n];
        switch (spec.kind()) {
            case ONES:
                for (int i = 0; i < n; i++) {
                    x[2 * i] = 1.0;
                }
                return x;
            case RANDOM:
                for (int i = 0; i < n; i++) {
                    x[2 * i] = VectorSpec.rademacher(spec.seed(), i);
                }
                return x;
            case NODE: {
                int i = spec.path() != null ? -1 : Arrays.binarySearch(ids, spec.id());
                if (i < 0) {
                    throw new IllegalArgumentException("vector " + spec.text() + ": node " + spec.nodeLabel()
                            + " is not in the graph (ids " + ids[0] + " .. " + ids[n - 1] + ", " + n + " nodes)");
                }
                x[2 * i] = 1.0;
                return x;
            }
            case FILE:
                return ComplexVectorFile.read(conf, spec.path(), ids);
            default:
                throw new IllegalStateException(spec.kind().name());
        }
    }

    /** What the task returns: the result without the pattern gradient. */
    record TaskResult(HermitianBilinearFormResult result) implements Serializable {
    }

    /**
     * Bytes of vectors one runs-mode task holds (the real rule of {@code BilinearRuns.workingBytes} with complex
     * vectors, 16 n bytes each): B = 1 (u = v) or 4 (polarization) vectors times 4 working vectors plus the kept
     * basis (min(max-steps, 300) steps with an edge gradient or full reorthogonalization).
     */
    static long workingBytes(long n, int blockSize, int maxSteps, GradientRequest grad, Reorthogonalization reorth) {
        long steps = grad == GradientRequest.EDGES || reorth != Reorthogonalization.NONE
                ? Math.min(maxSteps, BilinearRuns.STEPS_FOR_MEMORY) : 0;
        return 16L * n * blockSize * (4 + steps);
    }

    static void run(SparkSession spark, BilinearCommand c, OperatorSpec op, InputFormat format, OutputDirectory out,
                    long t0, int partitions) {
        Distribution requested = c.run.distribution();
        if ("bound".equalsIgnoreCase(c.stop.trim())) {
            throw new IllegalArgumentException("--stop bound: certified bounds are real-only; a complex Hermitian"
                    + " run stops by the error estimate (--stop auto or estimate)");
        }
        if (ComplexSweep.isList(c.function)) {
            ComplexSweep.run(spark, c, op, format, out, t0, partitions);
            return;
        }
        ComplexFunction f = function(c.function);
        VectorSpec uSpec = VectorSpec.parse(c.u);
        VectorSpec vSpec = c.v == null ? uSpec : VectorSpec.parse(c.v);
        GradientRequest grad = BilinearCommand.parseEnum(GradientRequest.class, c.gradient, "--gradient",
                "none|edges|parameter");
        Reorthogonalization reorth = BilinearCommand.parseEnum(Reorthogonalization.class, c.reorth, "--reorth",
                "none|full");
        if (c.checkpointInterval < 1) {
            throw new IllegalArgumentException("--checkpoint-interval = " + c.checkpointInterval
                    + "; expected an integer >= 1");
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Operator o = load(conf, c.matrix, format, op, c.symmetrize);
        HermitianCsrMatrix a = o.a();
        int n = a.dimension();
        double[] u = vector(conf, uSpec, o.ids());
        double[] v = uSpec.text().equals(vSpec.text()) ? u : vector(conf, vSpec, o.ids());
        HermitianBilinearForm.Polarization polarization = HermitianBilinearForm.Polarization.of(u, v);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        DistributionChoice choice = choose(sc, c, a, polarization.blockSize(), grad, reorth);
        boolean rows = choice.mode() == Distribution.ROWS;
        long t1 = System.nanoTime();
        LOG.info("matfun bilinear (complex Hermitian): {} of {} ({}, n = {}, nnz = {}) with u = {}, v = {},"
                + " gradient {}", f.spec(), c.matrix, op.text(), n, a.nonzeros(), uSpec, vSpec,
                BilinearCommand.name(grad));
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        EnumSet<GradientKind> kinds = EnumSet.noneOf(GradientKind.class);
        if (grad == GradientRequest.EDGES) {
            kinds.add(GradientKind.MATRIX);
        } else if (grad == GradientRequest.PARAMETER) {
            kinds.add(GradientKind.PARAMETER);
        }
        LanczosOptions options = new LanczosOptions(c.maxSteps, c.tolerance, c.tolerance, reorth);
        Map<String, Object> modeInfo = new LinkedHashMap<>();
        HermitianBilinearFormResult r;
        LanczosCheckpoint checkpoint = null;
        if (rows) {
            ComplexRows.Outcome ro = ComplexRows.run(sc, a, polarization, List.of(f), options, kinds, partitions,
                    c.matrix, c.checkpointDir, c.checkpointInterval,
                    fingerprint(sc, c, format, op, f.spec(), uSpec, vSpec, grad, reorth));
            r = ro.result();
            checkpoint = ro.checkpoint();
            modeInfo.putAll(rowsInfo(ro, polarization.blockSize(), c.checkpointDir));
        } else {
            if (c.checkpointDir != null) {
                LOG.info("--checkpoint-dir: the run-parallel mode resumes at run granularity; the bilinear"
                        + " job is one run, recomputed from the start by a rerun");
            }
            r = runsMode(sc, a, u, v, polarization.blockSize(), f, options, kinds, modeInfo);
        }
        long t2 = System.nanoTime();
        StringBuilder csv = new StringBuilder("step,re,im,abs,errorEstimate,gradientErrorEstimate,matvecs\n");
        for (HermitianStepRecord s : r.history()) {
            Complex z = unscaled(s.value(), s.logScale());
            LOG.info(String.format(Locale.ROOT, "step %4d  F = %-24.16e %+.16ei  est %.2e", s.step(), z.re(), z.im(),
                    s.errorEstimate()));
            csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%d%n", s.step(), num(z.re()), num(z.im()),
                    num(z.abs()), num(s.errorEstimate()), num(s.gradientErrorEstimate()), s.matvecs()));
        }
        long edges = 0;
        if (grad == GradientRequest.EDGES) {
            HermitianEntryGradient e = r.entryGradient();
            int m = e.size();
            long[] src = new long[m];
            long[] dst = new long[m];
            double[][] cols = new double[4][m];
            for (int i = 0; i < m; i++) {
                src[i] = o.ids()[e.rows()[i]];
                dst[i] = o.ids()[e.cols()[i]];
                cols[0][i] = e.realDirection()[2 * i];
                cols[1][i] = e.realDirection()[2 * i + 1];
                cols[2][i] = e.imaginaryDirection()[2 * i];
                cols[3][i] = e.imaginaryDirection()[2 * i + 1];
            }
            edges = EdgeTableWriter.write(conf, out.path("gradient"),
                    new String[] {"dRe_re", "dRe_im", "dIm_re", "dIm_im"}, src, dst, cols);
        }
        long t3 = System.nanoTime();
        Map<String, Object> s = new LinkedHashMap<>();
        Complex value = r.value();
        s.put("value", complex(value));
        s.put("abs", BilinearCommand.json(value.abs()));
        s.put("arg", BilinearCommand.json(Math.atan2(value.im(), value.re())));
        s.put("logAbsValue", BilinearCommand.json(r.logAbsValue()));
        s.put("logScale", r.logScale());
        s.put("errorEstimate", BilinearCommand.json(r.errorEstimate()));
        s.put("termination", r.termination().name());
        s.put("stop", "estimate");
        s.put("steps", r.steps());
        s.put("matvecs", r.matvecs());
        s.put("n", n);
        s.put("nnz", a.nonzeros());
        s.put("function", f.spec());
        s.put("operator", op.magnetic() ? op.text() : "hermitian");
        s.put("u", uSpec.text());
        s.put("v", vSpec.text());
        s.put("gradient", BilinearCommand.name(grad));
        if (grad != GradientRequest.NONE) {
            s.put("gradientErrorEstimate", BilinearCommand.json(r.gradientErrorEstimate()));
        }
        if (r.parameterGradient() != null) {
            s.put("gradientParameter", complex(r.parameterGradientValue()));
            s.put("gradientParameterName", f.parameter().name().toLowerCase(Locale.ROOT));
        }
        if (grad == GradientRequest.EDGES) {
            s.put("gradientEdges", edges);
            s.put("gradientPath", "gradient");
            s.put("gradientColumns", "src, dst, dRe_re, dRe_im, dIm_re, dIm_im: dF/dRe(A_pq) and dF/dIm(A_pq)"
                    + " (complex, re and im parts) for every stored entry p <= q; dIm = 0 on the diagonal");
            s.put("gradientScale", "derivative = column * exp(logScale)");
        }
        writeSummary(spark, out, s, csv.toString(), c, format, reorth, choice, modeInfo, t0, t1, t2, t3);
        out.commit();
        if (checkpoint != null) {
            if (r.termination() == org.matfun.core.lanczos.Termination.STEP_BUDGET) {
                LOG.info("the step budget ran out: the checkpoint in {} is kept, so rerunning with a larger"
                        + " --max-steps (and --overwrite) continues from it", c.checkpointDir);
            } else {
                checkpoint.clear();
            }
        }
        LOG.info(String.format(Locale.ROOT, "done: F = %.16e %+.16ei (|F| = %.12e), %s after %d steps, estimated"
                        + " relative error %.2e; results in %s", value.re(), value.im(), value.abs(), r.termination(),
                r.steps(), r.errorEstimate(), out.target()));
    }

    /**
     * Adds wallSeconds, timings and the run object (inputs, execution mode and its fields, versions) to a complex
     * job's summary and writes convergence.csv and summary.json into {@code out} (not committed).
     */
    static void writeSummary(SparkSession spark, OutputDirectory out, Map<String, Object> s, String csv,
                             BilinearCommand c, InputFormat format, Reorthogonalization reorth,
                             DistributionChoice choice, Map<String, Object> modeInfo, long t0, long t1, long t2,
                             long t3) {
        s.put("wallSeconds", (t3 - t0) * 1e-9);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("loadSeconds", (t1 - t0) * 1e-9);
        t.put("lanczosSeconds", (t2 - t1) * 1e-9);
        t.put("gradientAndWriteSeconds", (t3 - t2) * 1e-9);
        s.put("timings", t);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("matrix", c.matrix);
        run.put("format", format.name().toLowerCase(Locale.ROOT));
        run.put("field", "complex");
        run.put("symmetrize", c.symmetrize);
        run.put("tolerance", c.tolerance);
        run.put("maxSteps", c.maxSteps);
        run.put("reorthogonalization", BilinearCommand.name(reorth));
        run.putAll(choice.summary());
        run.putAll(modeInfo);
        run.put("sparkMaster", spark.sparkContext().master());
        run.put("sparkVersion", spark.version());
        run.put("matfunVersion", MatfunMain.VERSION);
        s.put("run", run);
        out.writeText("convergence.csv", csv);
        try {
            out.writeText("summary.json",
                    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(s) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write summary.json", e);
        }
    }

    /**
     * The execution mode of a complex run: the real memory rule on the sizes of the embedding (order 2n, its stored
     * entries, 16 bytes per complex vector entry); --checkpoint-dir prefers the block-row plan.
     */
    static DistributionChoice choose(JavaSparkContext sc, BilinearCommand c, HermitianCsrMatrix a, int blockSize,
                                     GradientRequest grad, Reorthogonalization reorth) {
        int n = a.dimension();
        long embeddedEntries = org.matfun.spark.matrix.HermitianEmbedding.entries(a);
        DistributionChoice choice = DistributionChoice.choose(c.run.distribution(), 2L * n, embeddedEntries,
                workingBytes(n, blockSize, c.maxSteps, grad, reorth), sc.sc());
        choice = new DistributionChoice(choice.mode(), choice.requested(), choice.reason() + " (complex Hermitian:"
                + " the sizes of its real embedding of order 2n = " + 2L * n + " with " + embeddedEntries
                + " stored entries, 16 bytes per complex vector entry)", choice.predictedBytes(),
                choice.availableBytes());
        if (c.checkpointDir != null) {
            choice = choice.preferRows("--checkpoint-dir asks for Lanczos step checkpoints, which the block-row plan"
                    + " keeps (a single run in the runs mode restarts from step 0)");
            if (choice.mode() == Distribution.RUNS) {
                LOG.warn("--distribute runs: the run is one task and is recomputed from step 0 if lost;"
                        + " --checkpoint-dir {} is not used", c.checkpointDir);
            }
        }
        return choice;
    }

    /** What identifies a complex block-row job for resuming from its checkpoint. */
    static Map<String, Object> fingerprint(JavaSparkContext sc, BilinearCommand c, InputFormat format,
                                           OperatorSpec op, String function, VectorSpec uSpec, VectorSpec vSpec,
                                           GradientRequest grad, Reorthogonalization reorth) {
        Map<String, Object> fingerprint = new java.util.TreeMap<>();
        fingerprint.put("matrix", LanczosCheckpoint.fileIdentity(sc, c.matrix));
        fingerprint.put("format", format.name());
        fingerprint.put("field", "complex");
        fingerprint.put("operator", op.text());
        fingerprint.put("symmetrize", c.symmetrize);
        fingerprint.put("function", function);
        fingerprint.put("u", uSpec.text());
        fingerprint.put("v", vSpec.text());
        fingerprint.put("gradient", grad.name());
        fingerprint.put("reorthogonalization", reorth.name());
        return fingerprint;
    }

    /** summary.json's run fields of the block-row plan (embedding, halo bytes, checkpoint), and its log line. */
    static Map<String, Object> rowsInfo(ComplexRows.Outcome ro, int blockSize, String checkpointDir) {
        Map<String, Object> modeInfo = new LinkedHashMap<>();
        modeInfo.put("partitions", ro.partitions());
        Map<String, Object> emb = new LinkedHashMap<>();
        emb.put("order", ro.order());
        emb.put("entries", ro.entries());
        emb.put("layout", "interleaved: M[2p,2q] = M[2p+1,2q+1] = Re A_pq, M[2p+1,2q] = -M[2p,2q+1] = Im A_pq");
        modeInfo.put("embedding", emb);
        modeInfo.put("haloEntries", ro.haloEntries());
        modeInfo.put("haloBytesPerStep", ro.haloBytesPerStep());
        modeInfo.put("haloBytes", ro.haloBytes());
        modeInfo.put("startingVectors", blockSize);
        if (checkpointDir != null) {
            modeInfo.put("checkpointDir", checkpointDir);
            modeInfo.put("resumedAtStep", ro.resumedAt());
        }
        LOG.info(String.format(Locale.ROOT, "block-row plan on the real embedding (order %d, %d stored entries,"
                + " %d blocks): %d halo rows per exchange, %d halo bytes per step (16 B per halo node and"
                + " vector), %d halo bytes in all", ro.order(), ro.entries(), ro.partitions(), ro.haloEntries(),
                ro.haloBytesPerStep(), ro.haloBytes()));
        return modeInfo;
    }

    /** The runs mode: one Spark task ({@link RunParallel}) runs core's HermitianBilinearForm on the broadcast A. */
    private static HermitianBilinearFormResult runsMode(JavaSparkContext sc, HermitianCsrMatrix a, double[] u,
                                                        double[] v, int runs, ComplexFunction f,
                                                        LanczosOptions options, EnumSet<GradientKind> kinds,
                                                        Map<String, Object> info) {
        int n = a.dimension();
        Broadcast<Object[]> b = broadcast(sc, a);
        String spec = f.spec();
        int maxSteps = options.maxSteps();
        double tol = options.tolerance();
        Reorthogonalization reorth = options.reorthogonalization();
        RunParallel.Outcome<TaskResult> out;
        try {
            out = RunParallel.run(sc, new int[] {runs}, "bilinear (complex)", g -> {
                HermitianCsrMatrix m = rebuild(b.value());
                HermitianBilinearFormResult r = HermitianBilinearForm.of(ComplexFunction.parse(spec))
                        .estimate(m, u, v, new LanczosOptions(maxSteps, tol, tol, reorth), kinds);
                return new TaskResult(new HermitianBilinearFormResult(r.scaledValue(), r.logScale(),
                        r.errorEstimate(), r.gradientErrorEstimate(), r.termination(), r.steps(), r.matvecs(),
                        r.function(), r.parameterGradient(), r.runs(), r.history(), null, r.entryGradient()));
            });
        } finally {
            b.unpersist(false);
        }
        HermitianBilinearFormResult r = out.results().get(0).result();
        info.put("tasks", taskSummary(out, r.runs().size(), -1));
        info.put("startingVectors", r.runs().size());
        info.put("broadcastBytes", 4L * (n + 1) + 20L * a.nonzeros());
        return r;
    }

    /** A's arrays broadcast once for the runs-mode task, rebuilt there by {@link #rebuild}. */
    static Broadcast<Object[]> broadcast(JavaSparkContext sc, HermitianCsrMatrix a) {
        return sc.broadcast(new Object[] {new int[] {a.dimension()}, a.rowPointers(), a.columnIndices(),
            a.realParts(), a.imaginaryParts()});
    }

    static HermitianCsrMatrix rebuild(Object[] d) {
        int n = ((int[]) d[0])[0];
        int[] ptr = (int[]) d[1];
        int[] col = (int[]) d[2];
        int[] row = new int[col.length];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                row[p] = i;
            }
        }
        return HermitianCsrMatrix.fromCoordinates(n, row, col, (double[]) d[3], (double[]) d[4]);
    }

    static Complex unscaled(Complex z, double logScale) {
        return logScale == 0.0 ? z : z.times(Math.exp(logScale));
    }

    static Map<String, Object> complex(Complex z) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("re", BilinearCommand.json(z.re()));
        m.put("im", BilinearCommand.json(z.im()));
        return m;
    }

    static String num(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    /**
     * summary.json's run.tasks of a complex runs-mode job (one task): count, runs, (values for a list), the stage's
     * and the task's seconds, the executor.
     *
     * @param values the number of parameter values, or -1 for a single function (no "values" field)
     */
    static Map<String, Object> taskSummary(RunParallel.Outcome<?> out, int runs, int values) {
        RunParallel.TaskStat stat = out.tasks().get(0);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("count", 1);
        task.put("runs", runs);
        if (values >= 0) {
            task.put("values", values);
        }
        task.put("stageSeconds", out.seconds());
        task.put("taskSeconds", stat.seconds());
        task.put("executor", stat.executor());
        return task;
    }
}
