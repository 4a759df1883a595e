package org.matfun.bench.baselines;

import org.matfun.core.bilinear.BilinearForm;
import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.LanczosStep;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.TridiagonalEigen;
import org.matfun.core.operator.CsrMatrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * matfun's side of benchmarks/against-scipy.sh (issue 3, "against what users would run instead"): the same
 * quantities as benchmarks/python/against_scipy.py, computed with core's {@link BilinearForm}, timed in this
 * JVM, written as JSON for the report step of that script.
 *
 * <pre>
 * quadratic form x^T exp(-t M) x, x_i = cos(i) / ||cos||:
 *   AgainstScipyMatfun quadratic --problem mtx:PATH --name NAME --t T --ks 10,20,... --out FILE.json
 * communicability exp(A)_pq and subgraph centrality exp(A)_pp for the node ids of a pairs file, once with
 * the default stopping rule (tolerance 1e-12) and once with exactly --fixed-k Lanczos steps (default 80):
 *   AgainstScipyMatfun networkx --problem edgelist:PATH --name NAME --pairs FILE.tsv [--fixed-k 80] --out FILE.json
 * </pre>
 */
public final class AgainstScipyMatfun {

    private AgainstScipyMatfun() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Map<String, String> opt = GradientBaselines.parse(rest);
        if (mode.equals("quadratic")) {
            quadratic(opt);
        } else if (mode.equals("networkx")) {
            networkx(opt);
        } else {
            throw new IllegalArgumentException("mode " + mode + ": expected quadratic or networkx");
        }
    }

    private static void quadratic(Map<String, String> opt) throws IOException {
        long t0 = System.nanoTime();
        CsrMatrix a = GradientBaselines.load(opt.get("problem"));
        double load = seconds(t0);
        int n = a.dimension();
        double t = Double.parseDouble(opt.get("t"));
        double[] x = new double[n];
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(i);
            s += x[i] * x[i];
        }
        for (int i = 0; i < n; i++) {
            x[i] /= Math.sqrt(s);
        }
        BilinearForm form = BilinearForm.of(MatrixFunction.exp(-t));
        LanczosOptions defaults = LanczosOptions.defaults();
        form.estimate(a, x, x, defaults.withMaxSteps(30)); // JIT warm-up, untimed
        StringBuilder json = new StringBuilder();
        json.append(String.format(Locale.ROOT, "{\"name\": \"%s\", \"n\": %d, \"nnz\": %d, \"loadSeconds\": %.3f,"
                + " \"t\": %s, \"runs\": [", opt.get("name"), n, a.nonzeros(), load, t));
        List<String> runs = new ArrayList<>();
        for (double tol : new double[]{1e-8, 1e-12}) {
            long t1 = System.nanoTime();
            BilinearFormResult r = form.estimate(a, x, x, defaults.withTolerance(tol).withMaxSteps(1000));
            runs.add(String.format(Locale.ROOT, "{\"method\": \"matfun BilinearForm, tolerance %.0e\", \"k\": %d, "
                            + "\"seconds\": %.4f, \"value\": %.17g, \"termination\": \"%s\"}", tol, r.steps(),
                    seconds(t1), r.value().value(), r.termination()));
        }
        for (String k : opt.get("ks").split(",")) {
            int steps = Integer.parseInt(k);
            long t1 = System.nanoTime();
            BilinearFormResult r = form.estimate(a, x, x, new LanczosOptions(steps, 1e-300, 1e-300,
                    defaults.reorthogonalization()));
            runs.add(String.format(Locale.ROOT, "{\"method\": \"matfun Lanczos, fixed k\", \"k\": %d, "
                    + "\"seconds\": %.4f, \"value\": %.17g, \"termination\": \"%s\"}", r.steps(), seconds(t1),
                    r.value().value(), r.termination()));
        }
        json.append(String.join(", ", runs)).append("]}\n");
        Files.writeString(Path.of(opt.get("out")), json);
    }

    private static void networkx(Map<String, String> opt) throws IOException {
        Map<Long, Integer> index = new HashMap<>();
        long t0 = System.nanoTime();
        CsrMatrix a = BenchmarkMatrices.readEdgeList(Path.of(opt.get("problem").substring("edgelist:".length())),
                index);
        double load = seconds(t0);
        int n = a.dimension();
        BilinearForm form = BilinearForm.of(MatrixFunction.exp(1.0));
        LanczosOptions options = LanczosOptions.defaults().withTolerance(1e-12).withMaxSteps(1000);
        List<long[]> pairs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(opt.get("pairs")))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            pairs.add(new long[]{Long.parseLong(t[0]), Long.parseLong(t[1])});
        }
        // JIT warm-up on the first five entries, untimed
        for (int i = 0; i < Math.min(5, pairs.size()); i++) {
            entry(form, a, index, pairs.get(i), options);
        }
        int fixedK = Integer.parseInt(opt.getOrDefault("fixed-k", "80"));
        String stopping = timeEntries(form, a, index, pairs, options, 0);
        String fixedRuns = timeEntries(form, a, index, pairs, options, fixedK);
        Files.writeString(Path.of(opt.get("out")), String.format(Locale.ROOT, "{\"name\": \"%s\", \"n\": %d, "
                        + "\"nnz\": %d, \"loadSeconds\": %.3f, \"fixedK\": %d, %s, %s}%n", opt.get("name"), n,
                a.nonzeros(), load, fixedK, stopping.replace("\"RUN", "\"stoppingRule"),
                fixedRuns.replace("\"RUN", "\"fixedK")));
    }

    /**
     * Times every entry; JSON members RUNSeconds, RUNTotalSteps, RUNEntries. With fixedK = 0 through
     * {@link BilinearForm} and its stopping rule; with fixedK > 0 exactly fixedK steps of core's
     * {@link InMemoryLanczos} on the polarization block {e_p + e_q, e_p - e_q} and the Gauss rules, bypassing
     * the stopping rule (which declares convergence while both polarization runs still give identical values).
     */
    private static String timeEntries(BilinearForm form, CsrMatrix a, Map<Long, Integer> index, List<long[]> pairs,
                                      LanczosOptions options, int fixedK) {
        long t1 = System.nanoTime();
        long steps = 0;
        double[] values = new double[pairs.size()];
        int[] ks = new int[pairs.size()];
        String[] terminations = new String[pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            if (fixedK == 0) {
                BilinearFormResult r = entry(form, a, index, pairs.get(i), options);
                values[i] = r.value().value();
                ks[i] = r.steps();
                terminations[i] = r.termination().toString();
            } else {
                values[i] = fixedSteps(a, node(index, pairs.get(i)[0]), node(index, pairs.get(i)[1]), fixedK);
                ks[i] = fixedK;
                terminations[i] = "FIXED_K";
            }
            steps += ks[i];
        }
        double total = seconds(t1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            out.add(String.format(Locale.ROOT, "{\"p\": %d, \"q\": %d, \"value\": %.17g, \"k\": %d, "
                    + "\"termination\": \"%s\"}", pairs.get(i)[0], pairs.get(i)[1], values[i], ks[i],
                    terminations[i]));
        }
        return String.format(Locale.ROOT, "\"RUNSeconds\": %.4f, \"RUNTotalSteps\": %d, \"RUNEntries\": [%s]",
                total, steps, String.join(", ", out));
    }

    /** exp(A)_pq by k Lanczos steps on {e_p + e_q, e_p - e_q} (or {e_p} when p = q) and Gauss quadrature. */
    private static double fixedSteps(CsrMatrix a, int p, int q, int k) {
        int n = a.dimension();
        int bs = p == q ? 1 : 2;
        double[] starts = new double[n * bs];
        if (bs == 1) {
            starts[p] = 1.0;
        } else {
            starts[2 * p] = 1.0;
            starts[2 * p + 1] = 1.0;
            starts[2 * q] = 1.0;
            starts[2 * q + 1] = -1.0;
        }
        InMemoryLanczos rec = new InMemoryLanczos(a, starts, bs, Reorthogonalization.NONE, false);
        double[][] alphas = new double[bs][k];
        double[][] betas = new double[bs][k];
        int[] taken = new int[bs];
        for (int j = 0; j < k; j++) {
            LanczosStep s = rec.step();
            for (int b = 0; b < bs; b++) {
                if (s.active()[b]) {
                    alphas[b][taken[b]] = s.alphas()[b];
                    betas[b][taken[b]] = s.betas()[b];
                    taken[b]++;
                }
            }
        }
        double[] norms = rec.startNorms();
        ScaledFunction f = MatrixFunction.exp(1.0).unscaled();
        double[] quad = new double[bs];
        for (int b = 0; b < bs; b++) {
            TridiagonalEigen eigen = TridiagonalEigen.decompose(alphas[b], betas[b], taken[b]);
            quad[b] = GaussQuadrature.of(eigen, norms[b]).apply(f);
        }
        return bs == 1 ? quad[0] : 0.25 * (quad[0] - quad[1]);
    }

    private static BilinearFormResult entry(BilinearForm form, CsrMatrix a, Map<Long, Integer> index, long[] pq,
                                            LanczosOptions options) {
        int n = a.dimension();
        double[] u = new double[n];
        double[] v = new double[n];
        u[node(index, pq[0])] = 1.0;
        v[node(index, pq[1])] = 1.0;
        return form.estimate(a, u, v, options);
    }

    private static int node(Map<Long, Integer> index, long id) {
        Integer i = index.get(id);
        if (i == null) {
            throw new IllegalArgumentException("node id " + id + " is not in the edge list");
        }
        return i;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }
}
