package org.matfun.spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.function.FunctionList;
import org.matfun.core.hermitian.Complex;
import org.matfun.core.hermitian.ComplexFunction;
import org.matfun.core.hermitian.ComplexFunctionList;
import org.matfun.core.hermitian.HermitianBilinearForm;
import org.matfun.core.hermitian.HermitianBilinearFormResult;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.core.hermitian.HermitianEntryGradient;
import org.matfun.core.hermitian.HermitianRun;
import org.matfun.core.hermitian.HermitianStepRecord;
import org.matfun.core.hermitian.HermitianSweepListener;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.spark.exec.Distribution;
import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.RunParallel;
import org.matfun.spark.io.InputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code matfun bilinear} on a complex Hermitian operator with a list or range of parameter values (issue 14):
 * {@code --function expi:t=0.1,0.2,0.5}, {@code expi:t=START:STEP:END}, {@code exp:beta=-0.5i,0.1-2i,1}. One Spark
 * task runs core's {@link HermitianBilinearForm#estimateAll}: one Lanczos pass until every value has stopped, each
 * value with its own scale, value, estimate, termination, steps, history and gradients taken at its own step; with
 * {@code --gradient edges} the basis is kept once (to the longest value's k) and every value's G is formed from it
 * in the task (one pass over the basis for all values).
 *
 * <p>Outputs (the real sweep's shape, complex numbers as {"re", "im"}): summary.json {@code values} (one object
 * per value, in the order given: parameter, value, abs, arg, errorEstimate, termination, steps, gradientParameter),
 * {@code parameterName}, {@code parameters}, the pass's steps/matvecs and an overall termination; convergence.csv
 * with one column group per value ({@code re[t=0.1]}, ...); gradient/ with the columns of the single-value table
 * plus {@code parameter} (t, or Re beta, and {@code parameterIm} for a beta list), one row per stored entry and
 * value. A single value never comes here ({@link ComplexBilinear} keeps today's outputs).
 */
final class ComplexSweep {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.bilinear");

    /** The columns of one value's group in convergence.csv, each suffixed with [name=value]. */
    static final String[] GROUP = {"re", "im", "abs", "errorEstimate", "gradientErrorEstimate"};

    private ComplexSweep() {
    }

    /** True if the specification is a list or range (then {@link #functions} parses it or says what is wrong). */
    static boolean isList(String spec) {
        try {
            return FunctionList.values(spec) != null;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /** The list, or a usage error naming what the Hermitian estimator supports. */
    static ComplexFunctionList functions(String spec) {
        try {
            return ComplexFunctionList.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--function '" + spec + "' on a complex Hermitian operator: "
                    + e.getMessage() + " (the Hermitian estimator supports " + ComplexFunction.ACCEPTED
                    + ", and lists or ranges of their parameter: expi:t=0.1,0.5,1, expi:t=START:STEP:END,"
                    + " exp:beta=-0.5i,0.1-2i,1)");
        }
    }

    /** What the task returns: per value, the result without the pattern gradient and the runs' k x k matrices. */
    record TaskResult(List<HermitianBilinearFormResult> results) implements Serializable {
    }

    static void run(SparkSession spark, BilinearCommand c, ComplexBilinear.OperatorSpec op, InputFormat format,
                    OutputDirectory out, long t0, int partitions) {
        Distribution requested = c.run.distribution();
        ComplexFunctionList fl = functions(c.function);
        VectorSpec uSpec = VectorSpec.parse(c.u);
        VectorSpec vSpec = c.v == null ? uSpec : VectorSpec.parse(c.v);
        GradientRequest grad = BilinearCommand.parseEnum(GradientRequest.class, c.gradient, "--gradient",
                "none|edges|parameter");
        Reorthogonalization reorth = BilinearCommand.parseEnum(Reorthogonalization.class, c.reorth, "--reorth",
                "none|full");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ComplexBilinear.Operator o = ComplexBilinear.load(conf, c.matrix, format, op, c.symmetrize);
        HermitianCsrMatrix a = o.a();
        int n = a.dimension();
        double[] u = ComplexBilinear.vector(conf, uSpec, o.ids());
        double[] v = uSpec.text().equals(vSpec.text()) ? u : ComplexBilinear.vector(conf, vSpec, o.ids());
        long t1 = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HermitianBilinearForm.Polarization polarization = HermitianBilinearForm.Polarization.of(u, v);
        DistributionChoice choice = ComplexBilinear.choose(sc, c, a, polarization.blockSize(), grad, reorth);
        boolean rows = choice.mode() == Distribution.ROWS;
        LOG.info("matfun bilinear (complex Hermitian): {} ({} values, one Lanczos pass) of {} ({}, n = {}, nnz = {})"
                + " with u = {}, v = {}, gradient {}", fl.spec(), fl.size(), c.matrix, op.text(), n,
                a.nonzeros(), uSpec, vSpec, BilinearCommand.name(grad));
        LOG.info("execution: {} ({})", choice.mode().label(), choice.reason());
        EnumSet<GradientKind> kinds = EnumSet.noneOf(GradientKind.class);
        if (grad == GradientRequest.EDGES) {
            kinds.add(GradientKind.MATRIX);
        } else if (grad == GradientRequest.PARAMETER) {
            kinds.add(GradientKind.PARAMETER);
        }
        Map<String, Object> modeInfo = new LinkedHashMap<>();
        List<HermitianBilinearFormResult> rs;
        LanczosCheckpoint checkpoint = null;
        if (rows) {
            ComplexRows.Outcome ro = ComplexRows.run(sc, a, polarization, fl.functions(),
                    new LanczosOptions(c.maxSteps, c.tolerance, c.tolerance, reorth), kinds, partitions, c.matrix,
                    c.checkpointDir, c.checkpointInterval,
                    ComplexBilinear.fingerprint(sc, c, format, op, fl.spec(), uSpec, vSpec, grad, reorth));
            rs = ro.results();
            checkpoint = ro.checkpoint();
            modeInfo.putAll(ComplexBilinear.rowsInfo(ro, polarization.blockSize(), c.checkpointDir));
        } else {
            rs = runsMode(sc, a, u, v, polarization.blockSize(), fl, c, reorth, kinds, modeInfo);
        }
        long t2 = System.nanoTime();
        String csv = convergence(fl, rs);
        long edges = grad == GradientRequest.EDGES ? writeEdges(conf, out.path("gradient"), fl, rs, o.ids()) : 0;
        long t3 = System.nanoTime();
        int steps = 0;
        long matvecs = 0;
        for (HermitianBilinearFormResult r : rs) {
            steps = Math.max(steps, r.steps());
            matvecs = Math.max(matvecs, r.matvecs());
        }
        write(spark, c, op, format, out, fl, rs, uSpec, vSpec, grad, reorth, choice, modeInfo, csv, edges, n,
                a.nonzeros(), steps, matvecs, t0, t1, t2, t3);
        if (checkpoint != null) {
            if (termination(rs) == org.matfun.core.lanczos.Termination.STEP_BUDGET) {
                LOG.info("the step budget ran out: the checkpoint in {} is kept, so rerunning with a larger"
                        + " --max-steps (and --overwrite) continues from it", c.checkpointDir);
            } else {
                checkpoint.clear();
            }
        }
    }

    /** The runs mode: one task ({@link RunParallel}) runs core's HermitianBilinearForm.estimateAll on the broadcast A. */
    private static List<HermitianBilinearFormResult> runsMode(JavaSparkContext sc, HermitianCsrMatrix a, double[] u,
                                                              double[] v, int runs, ComplexFunctionList fl,
                                                              BilinearCommand c,
                                                              Reorthogonalization reorth,
                                                              EnumSet<GradientKind> kinds,
                                                              Map<String, Object> modeInfo) {
        int n = a.dimension();
        Broadcast<Object[]> b = ComplexBilinear.broadcast(sc, a);
        int maxSteps = c.maxSteps;
        double tol = c.tolerance;
        String spec = fl.spec();
        RunParallel.Outcome<TaskResult> out;
        try {
            out = RunParallel.run(sc, new int[] {runs}, "bilinear (complex, " + fl.size() + " values)", g -> {
                HermitianCsrMatrix m = ComplexBilinear.rebuild(b.value());
                List<HermitianBilinearFormResult> rs = HermitianBilinearForm.ofAll(
                        ComplexFunctionList.parse(spec).functions()).estimateAll(m, u, v,
                        new LanczosOptions(maxSteps, tol, tol, reorth), kinds, HermitianSweepListener.NONE);
                List<HermitianBilinearFormResult> slim = new ArrayList<>(rs.size());
                for (HermitianBilinearFormResult r : rs) {
                    List<HermitianRun> kept = new ArrayList<>();
                    for (HermitianRun x : r.runs()) {
                        kept.add(new HermitianRun(x.coefficient(), x.startNorm(), x.steps(), null, null, null));
                    }
                    slim.add(new HermitianBilinearFormResult(r.scaledValue(), r.logScale(), r.errorEstimate(),
                            r.gradientErrorEstimate(), r.termination(), r.steps(), r.matvecs(), r.function(),
                            r.parameterGradient(), List.copyOf(kept), r.history(), null, r.entryGradient()));
                }
                return new TaskResult(List.copyOf(slim));
            });
        } finally {
            b.unpersist(false);
        }
        List<HermitianBilinearFormResult> rs = out.results().get(0).results();
        modeInfo.put("tasks", ComplexBilinear.taskSummary(out, rs.get(0).runs().size(), rs.size()));
        modeInfo.put("startingVectors", rs.get(0).runs().size());
        modeInfo.put("broadcastBytes", 4L * (n + 1) + 20L * a.nonzeros());
        return rs;
    }

    /** summary.json (and convergence.csv) of a sweep, then the commit of the output directory and the done line. */
    private static void write(SparkSession spark, BilinearCommand c, ComplexBilinear.OperatorSpec op,
                              InputFormat format, OutputDirectory out, ComplexFunctionList fl,
                              List<HermitianBilinearFormResult> rs, VectorSpec uSpec, VectorSpec vSpec,
                              GradientRequest grad, Reorthogonalization reorth, DistributionChoice choice,
                              Map<String, Object> modeInfo, String csv, long edges, int n, long nnz, int steps,
                              long matvecs, long t0, long t1, long t2, long t3) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("termination", termination(rs).name());
        s.put("stop", "estimate");
        s.put("steps", steps);
        s.put("matvecs", matvecs);
        s.put("n", n);
        s.put("nnz", nnz);
        s.put("function", fl.spec());
        s.put("operator", op.magnetic() ? op.text() : "hermitian");
        s.put("u", uSpec.text());
        s.put("v", vSpec.text());
        s.put("gradient", BilinearCommand.name(grad));
        s.put("parameterName", fl.parameterName());
        List<Object> parameters = new ArrayList<>();
        for (Complex p : fl.parameters()) {
            parameters.add(parameterJson(fl, p));
        }
        s.put("parameters", parameters);
        List<Map<String, Object>> values = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            HermitianBilinearFormResult r = rs.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("parameter", parameters.get(i));
            e.put("function", r.function());
            Complex value = r.value();
            e.put("value", ComplexBilinear.complex(value));
            e.put("abs", BilinearCommand.json(value.abs()));
            e.put("arg", BilinearCommand.json(Math.atan2(value.im(), value.re())));
            e.put("logAbsValue", BilinearCommand.json(r.logAbsValue()));
            e.put("logScale", r.logScale());
            e.put("errorEstimate", BilinearCommand.json(r.errorEstimate()));
            e.put("termination", r.termination().name());
            e.put("steps", r.steps());
            e.put("matvecs", r.matvecs());
            if (grad != GradientRequest.NONE) {
                e.put("gradientErrorEstimate", BilinearCommand.json(r.gradientErrorEstimate()));
            }
            if (r.parameterGradient() != null) {
                e.put("gradientParameter", ComplexBilinear.complex(r.parameterGradientValue()));
            }
            values.add(e);
        }
        s.put("values", values);
        if (grad == GradientRequest.PARAMETER) {
            s.put("gradientParameterName", fl.parameterName());
        }
        if (grad == GradientRequest.EDGES) {
            s.put("gradientEdges", edges);
            s.put("gradientPath", "gradient");
            s.put("gradientColumns", "src, dst, " + parameterColumns(fl) + ", dRe_re, dRe_im, dIm_re, dIm_im:"
                    + " dF/dRe(A_pq) and dF/dIm(A_pq) (complex, re and im parts) for every stored entry p <= q and"
                    + " parameter value; dIm = 0 on the diagonal");
            s.put("gradientScale", "derivative = column * exp(logScale of the row's parameter value)");
        }
        ComplexBilinear.writeSummary(spark, out, s, csv, c, format, reorth, choice, modeInfo, t0, t1, t2, t3);
        out.commit();
        int converged = 0;
        for (HermitianBilinearFormResult r : rs) {
            if (r.termination() != Termination.STEP_BUDGET) {
                converged++;
            }
        }
        LOG.info(String.format(Locale.ROOT, "done: %s, %d of %d values converged or exact (%s) after %d steps of one"
                + " Lanczos pass; results in %s", fl.spec(), converged, rs.size(), termination(rs), steps,
                out.target()));
    }

    /** The pass's termination: STEP_BUDGET if any value ran out, else INVARIANT_SUBSPACE if any met one, else CONVERGED. */
    static Termination termination(List<HermitianBilinearFormResult> results) {
        Termination t = Termination.CONVERGED;
        for (HermitianBilinearFormResult r : results) {
            if (r.termination() == Termination.STEP_BUDGET) {
                return Termination.STEP_BUDGET;
            }
            if (r.termination() == Termination.INVARIANT_SUBSPACE) {
                t = Termination.INVARIANT_SUBSPACE;
            }
        }
        return t;
    }

    /** t as a number; beta as {"re", "im"}. */
    private static Object parameterJson(ComplexFunctionList fl, Complex p) {
        return fl.parameter() == ComplexFunction.Parameter.T ? (Object) BilinearCommand.json(p.re())
                : ComplexBilinear.complex(p);
    }

    /** The tag of one value's column group, e.g. [t=0.1] or [beta=0.1-2i]. */
    static String tag(ComplexFunctionList fl, int i) {
        String s = fl.functions().get(i).spec();
        return "[" + fl.parameterName() + "=" + s.substring(s.indexOf('=') + 1) + "]";
    }

    private static String parameterColumns(ComplexFunctionList fl) {
        return fl.parameter() == ComplexFunction.Parameter.T ? "parameter (t)"
                : "parameter (Re beta), parameterIm (Im beta)";
    }

    /**
     * step, matvecs, then GROUP per value; a value's cells are empty after its own last step. Also logs one progress
     * line per step (values running, the largest estimate).
     */
    static String convergence(ComplexFunctionList fl, List<HermitianBilinearFormResult> rs) {
        StringBuilder b = new StringBuilder("step,matvecs");
        for (int i = 0; i < fl.size(); i++) {
            String tag = tag(fl, i);
            for (String col : GROUP) {
                b.append(',').append(col).append(tag);
            }
        }
        b.append('\n');
        int steps = 0;
        for (HermitianBilinearFormResult r : rs) {
            steps = Math.max(steps, r.history().size());
        }
        for (int k = 0; k < steps; k++) {
            long matvecs = -1;
            int running = 0;
            double worst = -1;
            int at = -1;
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rs.size(); i++) {
                List<HermitianStepRecord> h = rs.get(i).history();
                if (k >= h.size()) {
                    line.append(",".repeat(GROUP.length));
                    continue;
                }
                HermitianStepRecord s = h.get(k);
                matvecs = s.matvecs();
                running++;
                if (!(s.errorEstimate() <= worst)) {
                    worst = s.errorEstimate();
                    at = i;
                }
                Complex z = ComplexBilinear.unscaled(s.value(), s.logScale());
                line.append(',').append(ComplexBilinear.num(z.re())).append(',').append(ComplexBilinear.num(z.im()))
                        .append(',').append(ComplexBilinear.num(z.abs())).append(',')
                        .append(ComplexBilinear.num(s.errorEstimate())).append(',')
                        .append(ComplexBilinear.num(s.gradientErrorEstimate()));
            }
            b.append(k + 1).append(',').append(matvecs).append(line).append('\n');
            LOG.info(String.format(Locale.ROOT, "step %4d  %d/%d values running, largest estimate %.2e (%s)", k + 1,
                    running, rs.size(), worst, at < 0 ? "-" : fl.functions().get(at).spec()));
        }
        return b.toString();
    }

    /** gradient/: one row per stored entry p <= q and value (entry-major, values in the order given). */
    private static long writeEdges(Configuration conf, String dir, ComplexFunctionList fl,
                                   List<HermitianBilinearFormResult> rs, long[] ids) {
        HermitianEntryGradient first = rs.get(0).entryGradient();
        int m = first.size();
        int nf = rs.size();
        boolean beta = fl.parameter() == ComplexFunction.Parameter.BETA;
        int rows = m * nf;
        long[] src = new long[rows];
        long[] dst = new long[rows];
        double[][] cols = new double[beta ? 6 : 5][rows];
        List<Complex> params = fl.parameters();
        int at = 0;
        for (int e = 0; e < m; e++) {
            for (int i = 0; i < nf; i++) {
                HermitianEntryGradient g = rs.get(i).entryGradient();
                src[at] = ids[g.rows()[e]];
                dst[at] = ids[g.cols()[e]];
                int c = 0;
                cols[c++][at] = params.get(i).re();
                if (beta) {
                    cols[c++][at] = params.get(i).im();
                }
                cols[c++][at] = g.realDirection()[2 * e];
                cols[c++][at] = g.realDirection()[2 * e + 1];
                cols[c++][at] = g.imaginaryDirection()[2 * e];
                cols[c][at] = g.imaginaryDirection()[2 * e + 1];
                at++;
            }
        }
        String[] names = beta ? new String[] {"parameter", "parameterIm", "dRe_re", "dRe_im", "dIm_re", "dIm_im"}
                : new String[] {"parameter", "dRe_re", "dRe_im", "dIm_re", "dIm_im"};
        return EdgeTableWriter.write(conf, dir, names, src, dst, cols);
    }
}
