package org.matfun.bench.baselines;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SymmetricOperator;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's comparison on one machine (issue 3): forward-only gradient (core) against the reverse-mode
 * adjoint through Lanczos ({@link LanczosAdjoint}), Arnoldi on the 2n block matrix
 * ({@link BlockArnoldiFrechet}) and dense exact ({@link DenseReference}), for F = u^T f(A) u with u a seeded
 * Rademacher vector of unit norm and the affine direction E = {@link BenchmarkMatrices#randomDirection}.
 *
 * <p>For each k of the grid every method runs from scratch once (after one untimed warm-up of every method
 * at the smallest k) and reports its wall time and relative errors: the value, dF/ds for f's parameter, the
 * edge gradient (2-norm over all edges of dF/dw_pq), the directional derivative sum E_pq dF/dA_pq. At
 * k = --goal-k the goal ratios are timed again, {@code --repeats} interleaved rounds, median reported.
 * Per function, writes {@code PREFIX-SPEC.csv}, {@code PREFIX.md} and {@code PREFIX-accuracy.png}, {@code PREFIX-time.png}.
 *
 * <pre>
 * usage: GradientBaselines --problem seed:N:SEED | mtx:PATH | edgelist:PATH --name NAME
 *        --functions SPEC[/SPEC...] --ks 10,20,...  [--max-k-full K] [--max-k-adjoint K] [--max-k-arnoldi K]
 *        [--ref-k K] [--dense-max N (3000)] [--dense dsyev|known] [--goal-k 100] [--repeats 5] --out PREFIX
 * </pre>
 */
public final class GradientBaselines {

    static final String VALUE = "value only (Lanczos, no reorth.)";
    static final String PARAM = "forward-only dF/ds (parameter of f)";
    static final String FO_AFFINE = "forward-only affine dF/dtheta";
    static final String FO_EDGES = "forward-only, no reorth.";
    static final String FO_FULL = "forward-only, full reorth.";
    static final String ADJ = "adjoint, no reorth.";
    static final String ADJ_FULL = "adjoint, full reorth.";
    static final String ARNOLDI = "Arnoldi 2n [[A,E],[0,A]]";

    private final CsrMatrix a;
    private final CsrMatrix e;
    private final double[] u;
    private final MatrixFunction f;
    private final String fname;
    private final double fparam;

    /** One timed run. Errors are NaN when the method does not deliver the quantity. */
    record Row(String method, int k, double seconds, long matvecs, double value, double param,
               double[] edges, double directional) {
    }

    GradientBaselines(CsrMatrix a, CsrMatrix e, double[] u, MatrixFunction f) {
        this.a = a;
        this.e = e;
        this.u = u;
        this.f = f;
        String[] parts = f.spec().split("[:=]");
        this.fname = parts[0];
        this.fparam = parts.length == 3 ? Double.parseDouble(parts[2]) : 0.0;
    }

    Row run(String method, int k) {
        long t0 = System.nanoTime();
        Row r;
        switch (method) {
            case VALUE:
                r = forwardOnly(method, k, Reorthogonalization.NONE, false, false, false);
                break;
            case PARAM:
                r = forwardOnly(method, k, Reorthogonalization.NONE, true, false, false);
                break;
            case FO_AFFINE:
                r = forwardOnly(method, k, Reorthogonalization.NONE, false, false, true);
                break;
            case FO_EDGES:
                r = forwardOnly(method, k, Reorthogonalization.NONE, false, true, false);
                break;
            case FO_FULL:
                r = forwardOnly(method, k, Reorthogonalization.FULL, true, true, false);
                break;
            case ADJ:
            case ADJ_FULL: {
                LanczosAdjoint.Result x = new LanczosAdjoint(f, method.equals(ADJ_FULL)).run(a, u, k);
                double[] edges = ForwardOnlyGradient.edgeDerivatives(a, symmetricPart(x.pattern()));
                r = new Row(method, k, 0, x.matvecs(), x.value(), Double.NaN, edges,
                        DenseReference.directional(x.pattern(), e));
                break;
            }
            case ARNOLDI: {
                BlockArnoldiFrechet.Result x = new BlockArnoldiFrechet(fname, fparam).run(a, e, u, k);
                r = new Row(method, k, 0, x.matvecs(), x.value(), Double.NaN, null, x.derivative());
                break;
            }
            default:
                throw new IllegalArgumentException("unknown method " + method);
        }
        double s = (System.nanoTime() - t0) * 1e-9;
        return new Row(r.method(), k, s, r.matvecs(), r.value(), r.param(), r.edges(), r.directional());
    }

    /** (P + P^T) / 2 on the pattern, so that edgeDerivatives gives P_pq + P_qp. */
    private double[] symmetricPart(double[] p) {
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] out = new double[p.length];
        for (int i = 0; i < a.dimension(); i++) {
            for (int q = ptr[i]; q < ptr[i + 1]; q++) {
                out[q] = 0.5 * (p[q] + p[a.position(col[q], i)]);
            }
        }
        return out;
    }

    private Row forwardOnly(String method, int k, Reorthogonalization reorth, boolean param, boolean edges,
                            boolean affine) {
        boolean keep = edges || affine;
        InMemoryLanczos rec = new InMemoryLanczos(a, u, 1, reorth, keep);
        double[] alphas = new double[k];
        double[] betas = new double[k];
        for (int j = 0; j < k; j++) {
            LanczosStep s = rec.step();
            alphas[j] = s.alphas()[0];
            betas[j] = s.betas()[0];
            if (s.finished()[0] && j < k - 1) {
                throw new IllegalStateException("invariant subspace at step " + (j + 1) + " < k = " + k);
            }
        }
        double nv = rec.startNorms()[0];
        TridiagonalEigen eigen = TridiagonalEigen.decompose(alphas, betas, k);
        ScaledFunction fs = f.unscaled();
        GaussQuadrature rule = GaussQuadrature.of(eigen, nv);
        double value = rule.apply(fs);
        double dparam = param ? rule.applyParameterDerivative(fs) : Double.NaN;
        double[] edgeGrad = null;
        double directional = Double.NaN;
        if (keep) {
            double[] hk = ForwardOnlyGradient.hMatrix(eigen, nv, fs);
            int m = ForwardOnlyGradient.effectiveDimension(hk, k); // as BilinearForm: the vectors that carry H
            double[] h = ForwardOnlyGradient.leadingBlock(hk, k, m);
            double[] basis = rec.basis(0, m);
            if (edges) {
                double[] pattern = new double[(int) a.nonzeros()];
                ForwardOnlyGradient.accumulatePattern(a, basis, m, h, 1.0, pattern);
                edgeGrad = ForwardOnlyGradient.edgeDerivatives(a, pattern);
                directional = DenseReference.directional(pattern, e);
            } else {
                double[] g = new double[1];
                ForwardOnlyGradient.accumulateAffine(List.<SymmetricOperator>of(e), basis, m, h, 1.0, g);
                directional = g[0];
            }
        }
        return new Row(method, k, 0, rec.matvecs(), value, dparam, edgeGrad, directional);
    }

    // ------------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = parse(args);
        String problem = need(opt, "problem");
        String name = need(opt, "name");
        long tLoad = System.nanoTime();
        CsrMatrix a;
        DenseReference dense = null;
        boolean known = problem.startsWith("seed:") && opt.getOrDefault("dense", "dsyev").equals("known");
        if (known) {
            String[] p = problem.split(":");
            BenchmarkMatrices.SeedProblem seed = BenchmarkMatrices.seedSpdWithEigen(Integer.parseInt(p[1]),
                    Long.parseLong(p[2]));
            a = seed.matrix();
            dense = DenseReference.ofKnown(seed.eigenvalues(), seed.basis());
        } else {
            a = load(problem);
        }
        log("%s: n = %d, nnz = %d, loaded in %.1f s", name, a.dimension(), a.nonzeros(),
                (System.nanoTime() - tLoad) * 1e-9);
        if (!known && a.dimension() <= Integer.parseInt(opt.getOrDefault("dense-max", "3000"))) {
            long t0 = System.nanoTime();
            dense = DenseReference.of(a);
            log("dense eigendecomposition (dsyev): %.1f s", (System.nanoTime() - t0) * 1e-9);
        }
        for (String spec : need(opt, "functions").split("/")) {
            runOne(opt, name, a, dense, MatrixFunction.parse(spec));
        }
    }

    private static void runOne(Map<String, String> opt, String name, CsrMatrix a, DenseReference dense,
                               MatrixFunction f) throws IOException {
        int[] ks = Arrays.stream(need(opt, "ks").split(",")).mapToInt(Integer::parseInt).toArray();
        int maxFull = Integer.parseInt(opt.getOrDefault("max-k-full", "1000000"));
        int maxAdj = Integer.parseInt(opt.getOrDefault("max-k-adjoint", "1000000"));
        int maxArn = Integer.parseInt(opt.getOrDefault("max-k-arnoldi", "1000000"));
        int goalK = Integer.parseInt(opt.getOrDefault("goal-k", "100"));
        int repeats = Integer.parseInt(opt.getOrDefault("repeats", "5"));
        Path out = Path.of(need(opt, "out") + "-" + f.spec().replaceAll("[:=.]", "-"));
        String load0 = loadAverage();
        int n = a.dimension();
        CsrMatrix e = BenchmarkMatrices.randomDirection(a, 2);
        double[] u = BenchmarkMatrices.rademacher(n, 1);
        log("%s: f = %s", name, f.spec());
        GradientBaselines b = new GradientBaselines(a, e, u, f);

        // reference
        double refValue;
        double refParam;
        double[] refEdges;
        double refDirectional;
        String refText;
        double refSeconds;
        if (dense != null) {
            long t0 = System.nanoTime();
            DenseReference.Result d = dense.evaluate(f, u, a);
            refSeconds = (System.nanoTime() - t0) * 1e-9;
            refValue = d.value();
            refParam = d.parameter();
            refEdges = ForwardOnlyGradient.edgeDerivatives(a, d.pattern());
            refDirectional = DenseReference.directional(d.pattern(), e);
            refText = String.format(Locale.ROOT, "dense exact (Daleckii-Krein from %s; %.1f s after the "
                    + "eigendecomposition)", opt.getOrDefault("dense", "dsyev").equals("known")
                    ? "the known eigendecomposition U diag(lambda) U^T of the construction" : "LAPACK dsyev", refSeconds);
        } else {
            int refK = Integer.parseInt(need(opt, "ref-k"));
            Row fo = b.run(FO_FULL, refK);
            Row adj = b.run(ADJ_FULL, Math.min(refK, maxAdj));
            refValue = fo.value();
            refParam = fo.param();
            refEdges = fo.edges();
            refDirectional = fo.directional();
            refSeconds = fo.seconds();
            refText = String.format(Locale.ROOT, "forward-only with full reorthogonalization at k = %d (%.1f s); "
                            + "cross-check: adjoint with full reorth. at k = %d differs by %.2e (edges), %.2e "
                            + "(directional), %.2e (value)", refK, fo.seconds(), adj.k(),
                    relative(adj.edges(), refEdges), Math.abs(adj.directional() - refDirectional)
                            / Math.abs(refDirectional), Math.abs(adj.value() - refValue) / Math.abs(refValue));
            if (maxArn > 0) {
                Row arn = b.run(ARNOLDI, Math.min(refK, maxArn));
                refText += String.format(Locale.ROOT, "; Arnoldi 2n at k = %d differs by %.2e (directional)",
                        arn.k(), Math.abs(arn.directional() - refDirectional) / Math.abs(refDirectional));
            }
        }
        log("reference: %s", refText);

        String[] methods = {VALUE, PARAM, FO_AFFINE, FO_EDGES, FO_FULL, ADJ, ADJ_FULL, ARNOLDI};
        // warm-up (JIT) at the smallest k, untimed
        for (String m : methods) {
            if (allowed(m, ks[0], n, maxFull, maxAdj, maxArn)) {
                b.run(m, ks[0]);
            }
        }
        List<String[]> csv = new ArrayList<>();
        csv.add(new String[]{"problem", "function", "method", "k", "seconds", "matvecs", "valueRelErr",
            "paramRelErr", "edgeRelErr", "directionalRelErr"});
        Map<String, List<double[]>> curves = new LinkedHashMap<>(); // method -> (k, seconds, gradient error)
        for (int k : ks) {
            for (String m : methods) {
                if (!allowed(m, k, n, maxFull, maxAdj, maxArn)) {
                    continue;
                }
                Row r;
                try {
                    r = b.run(m, k);
                } catch (RuntimeException ex) {
                    log("k = %d, %s: failed: %s", k, m, ex.getMessage());
                    continue;
                }
                double ve = rel(r.value(), refValue);
                double pe = rel(r.param(), refParam);
                double ee = r.edges() == null ? Double.NaN : relative(r.edges(), refEdges);
                double de = rel(r.directional(), refDirectional);
                csv.add(new String[]{name, f.spec(), "\"" + m + "\"", Integer.toString(k), fmt(r.seconds()),
                    Long.toString(r.matvecs()), fmt(ve), fmt(pe), fmt(ee), fmt(de)});
                double ge = !Double.isNaN(ee) ? ee : !Double.isNaN(de) ? de : pe;
                curves.computeIfAbsent(m, x -> new ArrayList<>()).add(new double[]{k, r.seconds(), ge, ve});
                log("k = %4d  %-38s %8.3f s  value %.1e  param %.1e  edges %.1e  directional %.1e", k, m,
                        r.seconds(), ve, pe, ee, de);
            }
        }

        // goal ratios at k = goalK, interleaved repeats
        String[] goalMethods = {VALUE, PARAM, FO_AFFINE, FO_EDGES, ADJ, ARNOLDI};
        Map<String, double[]> goal = new LinkedHashMap<>();
        if (goalK <= n) {
            for (int rep = 0; rep < repeats; rep++) {
                for (int i = 0; i < goalMethods.length; i++) {
                    String m = goalMethods[(i + rep) % goalMethods.length];
                    if (!allowed(m, goalK, n, maxFull, maxAdj, maxArn)) {
                        continue;
                    }
                    goal.computeIfAbsent(m, x -> new double[repeats])[rep] = b.run(m, goalK).seconds();
                }
            }
        }
        String load1 = loadAverage();

        Files.createDirectories(out.toAbsolutePath().getParent());
        try (PrintStream w = new PrintStream(Files.newOutputStream(Path.of(out + ".csv")), true,
                StandardCharsets.UTF_8)) {
            for (String[] row : csv) {
                w.println(String.join(",", row));
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### %s, f = %s (n = %d, nnz = %d)%n%n", name, f.spec(), n,
                a.nonzeros()));
        md.append("Reference: ").append(refText).append(".\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d processors visible to the JVM, max heap %.1f GiB; "
                        + "load average (1, 5, 15 min) at start %s, at end %s.%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / 1073741824.0,
                load0, load1));
        md.append("Time to reach a gradient relative error (first k of the grid that reaches it; seconds, k):\n\n");
        md.append("| method | 1e-4 | 1e-8 | 1e-12 | best error (k) |\n|---|---|---|---|---|\n");
        double[] tols = {1e-4, 1e-8, 1e-12};
        Map<String, double[]> reach = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> c : curves.entrySet()) {
            if (c.getKey().equals(VALUE)) {
                continue;
            }
            md.append("| ").append(c.getKey());
            double[] at = new double[tols.length];
            for (int t = 0; t < tols.length; t++) {
                at[t] = Double.NaN;
                for (double[] p : c.getValue()) {
                    if (p[2] <= tols[t]) {
                        at[t] = p[1];
                        md.append(String.format(Locale.ROOT, " | %.3g s (k = %d)", p[1], (int) p[0]));
                        break;
                    }
                }
                if (Double.isNaN(at[t])) {
                    md.append(" | not reached");
                }
            }
            double[] best = c.getValue().stream().min((x, y) -> Double.compare(nanBig(x[2]), nanBig(y[2])))
                    .orElseThrow();
            md.append(String.format(Locale.ROOT, " | %.1e (%d) |%n", best[2], (int) best[0]));
            reach.put(c.getKey(), at);
        }
        md.append("\nSpeed-up of the forward-only gradient (no reorth.) at equal accuracy "
                + "(time of the other method / forward-only time):\n\n| against | 1e-4 | 1e-8 | 1e-12 |\n"
                + "|---|---|---|---|\n");
        String fo = reach.containsKey(FO_EDGES) ? FO_EDGES : null;
        for (String other : new String[]{ADJ, ADJ_FULL, ARNOLDI, FO_FULL}) {
            if (fo == null || !reach.containsKey(other)) {
                continue;
            }
            md.append("| ").append(other);
            for (int t = 0; t < tols.length; t++) {
                double x = reach.get(other)[t];
                double y = reach.get(fo)[t];
                md.append(" | ").append(Double.isNaN(x) || Double.isNaN(y)
                        ? (Double.isNaN(y) ? "forward-only not reached" : "other not reached")
                        : String.format(Locale.ROOT, "%.2fx", x / y));
            }
            md.append(" |\n");
        }
        if (!goal.isEmpty()) {
            double base = median(goal.get(VALUE));
            md.append(String.format(Locale.ROOT, "%nAt k = %d (median of %d interleaved rounds; ratio to the "
                    + "value alone, %.4f s):%n%n| method | seconds | ratio |%n|---|---|---|%n", goalK, repeats, base));
            for (Map.Entry<String, double[]> g : goal.entrySet()) {
                double m = median(g.getValue());
                md.append(String.format(Locale.ROOT, "| %s | %.4f | %.2fx |%n", g.getKey(), m, m / base));
            }
        }
        Files.writeString(Path.of(out + ".md"), md.toString());
        System.out.print(md);
        BaselineCharts.write(Path.of(out + "-accuracy.png"), Path.of(out + "-time.png"),
                name + ", " + f.spec() + " (n = " + n + ")", curves);
        log("wrote %s.csv, .md, -accuracy.png, -time.png", out);
    }

    private static boolean allowed(String m, int k, int n, int maxFull, int maxAdj, int maxArn) {
        if (k > n) {
            return false;
        }
        switch (m) {
            case FO_FULL:
                return k <= maxFull;
            case ADJ:
                return k <= maxAdj;
            case ADJ_FULL:
                return k <= Math.min(maxAdj, maxFull);
            case ARNOLDI:
                return k <= maxArn && k <= 2 * n;
            default:
                return true;
        }
    }

    static CsrMatrix load(String problem) throws IOException {
        if (problem.startsWith("seed:")) {
            String[] p = problem.split(":");
            return BenchmarkMatrices.seedSpd(Integer.parseInt(p[1]), Long.parseLong(p[2]));
        }
        if (problem.startsWith("mtx:")) {
            return BenchmarkMatrices.readMatrixMarket(Path.of(problem.substring(4)));
        }
        if (problem.startsWith("edgelist:")) {
            return BenchmarkMatrices.readEdgeList(Path.of(problem.substring(9)));
        }
        throw new IllegalArgumentException("--problem " + problem + ": expected seed:N:SEED, mtx:PATH or "
                + "edgelist:PATH");
    }

    private static double nanBig(double x) {
        return Double.isNaN(x) ? Double.MAX_VALUE : x;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2];
    }

    static double rel(double x, double ref) {
        return Double.isNaN(x) ? Double.NaN : Math.abs(x - ref) / Math.abs(ref);
    }

    static double relative(double[] x, double[] ref) {
        double d = 0.0;
        double r = 0.0;
        for (int i = 0; i < x.length; i++) {
            d += (x[i] - ref[i]) * (x[i] - ref[i]);
            r += ref[i] * ref[i];
        }
        return Math.sqrt(d / r);
    }

    private static String fmt(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6g", x);
    }

    static String loadAverage() {
        try {
            String[] t = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return t[0] + " " + t[1] + " " + t[2];
        } catch (IOException ex) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[baselines] " + format + "%n", args);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static String need(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
