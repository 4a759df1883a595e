package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.bilinear.StepListener;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.operator.AffineOperator;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SymmetricOperator;
import org.matfun.core.trace.InMemoryProbeRunner;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.core.trace.SlqBlock;
import org.matfun.core.trace.SlqEstimator;
import org.matfun.core.trace.StochasticTrace;
import org.matfun.core.trace.TraceOptions;
import org.matfun.core.trace.TraceResult;
import org.matfun.spark.SparkTestSupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun trace} through the command line (in process): the Spark estimate equals core's in-memory SLQ on
 * the same probes (any number of partitions and any block size), the driver-only gradient of the
 * theta_1 A + theta_2 I family equals the forward-only basis gradient, the basis path of two file components
 * equals core's affine gradient, the exact log det of bcsstk01 (scipy Cholesky,
 * src/test/python/trace_reference.py) lies in the reported interval, the edge gradient's per-edge mean and standard
 * error equal those of core's per-probe edge gradients, and bad input exits 2 writing nothing.
 */
class TraceCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 40;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSupport.session();
    }

    /** A random sparse SPD matrix (diagonally dominant), as coordinates of its lower triangle. */
    private static double[][] randomSpd(long seed) {
        Random rnd = new Random(seed);
        List<double[]> e = new ArrayList<>();
        double[] rowSum = new double[N];
        boolean[][] seen = new boolean[N][N];
        for (int t = 0; t < 3 * N; t++) {
            int i = rnd.nextInt(N);
            int j = rnd.nextInt(N);
            if (i <= j || seen[i][j]) {
                continue;
            }
            seen[i][j] = true;
            double v = 2 * rnd.nextDouble() - 1;
            e.add(new double[]{i, j, v});
            rowSum[i] += Math.abs(v);
            rowSum[j] += Math.abs(v);
        }
        for (int i = 0; i < N; i++) {
            e.add(new double[]{i, i, 0.2 + rowSum[i]});
        }
        return e.toArray(new double[0][]);
    }

    private String writeMtx(String name, double[][] lower) throws IOException {
        StringBuilder s = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n");
        s.append(N).append(' ').append(N).append(' ').append(lower.length).append('\n');
        for (double[] e : lower) {
            s.append((int) e[0] + 1).append(' ').append((int) e[1] + 1).append(' ')
                    .append(String.format(Locale.ROOT, "%.17g", e[2])).append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, s.toString(), StandardCharsets.UTF_8);
        return p.toString();
    }

    private static CsrMatrix csr(double[][] lower) {
        int m = 0;
        for (double[] e : lower) {
            m += e[0] == e[1] ? 1 : 2;
        }
        int[] r = new int[m];
        int[] c = new int[m];
        double[] v = new double[m];
        int k = 0;
        for (double[] e : lower) {
            r[k] = (int) e[0];
            c[k] = (int) e[1];
            v[k++] = e[2];
            if (e[0] != e[1]) {
                r[k] = (int) e[1];
                c[k] = (int) e[0];
                v[k++] = e[2];
            }
        }
        return CsrMatrix.fromCoordinates(N, r, c, v);
    }

    private static CsrMatrix identity() {
        int[] idx = new int[N];
        double[] one = new double[N];
        for (int i = 0; i < N; i++) {
            idx[i] = i;
            one[i] = 1;
        }
        return CsrMatrix.fromCoordinates(N, idx, idx, one);
    }

    private static TraceResult core(AffineOperator a, String f, int probes, long seed) {
        TraceOptions opts = new TraceOptions(probes, 3, seed, ProbeDistribution.RADEMACHER, 0.0);
        LanczosOptions lanczos = LanczosOptions.defaults().withTolerance(1e-13).withMaxSteps(N);
        InMemoryProbeRunner runner = new InMemoryProbeRunner(a, MatrixFunction.parse(f), lanczos, opts, true);
        return new StochasticTrace(opts).run(runner, runner.gradientDimension(), p -> { });
    }

    @Test
    void identityFamilyEqualsCoreForAnyPartitioningAndBlockSize() throws IOException {
        double[][] lower = randomSpd(3);
        String m = writeMtx("a.mtx", lower);
        AffineOperator a = new AffineOperator(null, List.<SymmetricOperator>of(csr(lower), identity()),
                new double[]{0.8, 0.3});
        TraceResult ref = core(a, "log", 4, 5L);
        for (String[] layout : new String[][]{{"1", "4", "rows"}, {"5", "3", "rows"}, {"1", "3", "runs"}}) {
            JsonNode s = ok(List.of("trace", "--matrix", m, "--matrix-theta", "0.8", "--component", "identity",
                    "--theta", "0.3", "--function", "log", "--gradient", "theta", "--probes", "4", "--seed", "5",
                    "--tol", "1e-13", "--max-steps", "40", "--partitions", layout[0], "--block-size", layout[1],
                    "--distribute", layout[2]), "id-" + layout[0] + layout[2]);
            assertEquals(layout[2], s.get("run").get("distribution").asText());
            double mean = ref.trace().mean();
            assertEquals(mean, s.get("value").asDouble(), 1e-10 * Math.abs(mean));
            assertEquals(ref.trace().standardError(), s.get("standardError").asDouble(),
                    1e-7 * ref.trace().standardError());
            for (int i = 0; i < 2; i++) {
                double g = ref.gradient()[i].mean();
                JsonNode gi = s.get("components").get(i).get("gradient");
                // driver-only quadrature (Spark) against the basis formula sum (A_i)_pq G_pq (core)
                assertEquals(g, gi.get("value").asDouble(), 1e-8 * Math.abs(g), "gradient " + i);
            }
            assertEquals(4, s.get("probes").asInt());
            assertEquals("PROBES_DONE", s.get("stopping").asText());
            assertEquals(Integer.parseInt(layout[1]), s.get("blockSize").asInt());
        }
    }

    @Test
    void twoFileComponentsUseTheBasisGradientAndEqualCore() throws IOException {
        double[][] l1 = randomSpd(7);
        double[][] l2 = randomSpd(8);
        String m1 = writeMtx("a1.mtx", l1);
        String m2 = writeMtx("a2.mtx", l2);
        AffineOperator a = new AffineOperator(null, List.<SymmetricOperator>of(csr(l1), csr(l2)),
                new double[]{0.6, 1.4});
        TraceResult ref = core(a, "exp:beta=0.2", 2, 9L);
        JsonNode s = ok(List.of("trace", "--matrix", m1, "--matrix-theta", "0.6", "--component", m2, "--theta",
                "1.4", "--function", "exp:beta=0.2", "--gradient", "theta", "--probes", "2", "--seed", "9", "--tol",
                "1e-13", "--max-steps", "40", "--partitions", "3", "--block-size", "2"), "two");
        assertEquals(ref.trace().mean(), s.get("value").asDouble(), 1e-10 * Math.abs(ref.trace().mean()));
        for (int i = 0; i < 2; i++) {
            double g = ref.gradient()[i].mean();
            assertEquals(g, s.get("components").get(i).get("gradient").get("value").asDouble(), 1e-8 * Math.abs(g));
        }
        assertTrue(s.get("run").get("basisKept").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void exactLogDeterminantOfBcsstk01LiesInTheInterval(String distribute) throws Exception {
        String m = "../../shared/data/suitesparse/bcsstk01.mtx.gz";
        Path mtx = Path.of(m);
        assertTrue(Files.exists(mtx), "missing shared data " + mtx.toAbsolutePath());
        // bcsstk01: n = 48, eigenvalues in [3.4e3, 3.0e9]; 1e-9 A + 0.05 I has condition number about 60
        List<String> family = List.of("--matrix", m, "--matrix-theta", "1e-9", "--component", "identity",
                "--theta", "0.05", "--function", "log");
        JsonNode s = ok(concat(List.of("trace"), family, List.of("--gradient", "theta", "--probes", "24",
                "--block-size", "24", "--seed", "11", "--tol", "1e-10", "--distribute", distribute)), "bcsstk01");
        assertEquals(distribute, s.get("run").get("distribution").asText());
        Process p = new ProcessBuilder(concat(List.of("python3", "src/test/python/trace_reference.py"), family))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        JsonNode exact = JSON.readTree(out);
        assertTrue(inside(s, exact.get("trace").asDouble()), "log det " + exact + " vs " + s);
        for (int i = 0; i < 2; i++) {
            assertTrue(inside(s.get("components").get(i).get("gradient"), exact.get("gradient").get(i).asDouble()),
                    "gradient " + i + ": " + exact + " vs " + s);
        }
        assertEquals(48, s.get("n").asInt());
        JsonNode cv = s.get("controlVariates");
        assertTrue(cv.get("standardError").asDouble() > 0 && cv.get("gradient").size() == 2, cv.toString());
    }

    @Test
    void edgeGradientMeanAndStandardErrorEqualThePerProbeValues() throws IOException {
        double[][] lower = randomSpd(13);
        String m = writeMtx("edges.mtx", lower);
        CsrMatrix a = csr(lower);
        int probes = 5;
        long seed = 17L;
        // blocks of 3 and 2 probes: the per-edge moments are combined across blocks of different sizes
        JsonNode s = ok(List.of("trace", "--matrix", m, "--function", "log", "--gradient", "edges", "--probes",
                "5", "--seed", "17", "--tol", "1e-13", "--max-steps", "40", "--partitions", "3", "--block-size",
                "3"), "edges");
        // core, one probe at a time: d(z_b^T log(A) z_b)/dw per stored edge (forward-only gradient on A's pattern)
        LanczosOptions lanczos = LanczosOptions.defaults().withTolerance(1e-13).withMaxSteps(N);
        double[][] per = new double[probes][];
        for (int b = 0; b < probes; b++) {
            double[] z = ProbeDistribution.RADEMACHER.block(seed, b, 1, 0, N);
            InMemoryLanczos lz = new InMemoryLanczos(a, z, 1, Reorthogonalization.NONE, true);
            SlqBlock block = new SlqEstimator(MatrixFunction.log(), lanczos, true).run(lz, StepListener.NONE);
            assertEquals(0.0, block.logScale());
            QuadratureRun run = block.result().runs().get(0);
            double[] pattern = new double[(int) a.nonzeros()];
            ForwardOnlyGradient.accumulatePattern(a, lz.basis(0, run.steps()), run.steps(), run.h(), 1.0, pattern);
            per[b] = ForwardOnlyGradient.edgeDerivatives(a, pattern);
        }
        double scale = 0.0;
        for (double[] g : per) {
            for (double x : g) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        assertEquals(0.0, s.get("gradientLogScale").asDouble());
        List<Row> rows = SparkTestSupport.session().read().parquet(tmp.resolve("edges").resolve("gradient").toString())
                .collectAsList();
        assertEquals((a.nonzeros() + N) / 2, rows.size());
        assertEquals(rows.size(), s.get("gradientEdges").asLong());
        double spread = 0.0;
        for (Row r : rows) {
            int p = a.position((int) r.getLong(0) - 1, (int) r.getLong(1) - 1);
            assertTrue(p >= 0 && r.getLong(0) <= r.getLong(1), r.toString());
            double mean = 0.0;
            for (double[] g : per) {
                mean += g[p] / probes;
            }
            double ss = 0.0;
            for (double[] g : per) {
                ss += (g[p] - mean) * (g[p] - mean);
            }
            double stderr = Math.sqrt(ss / (probes - 1) / probes);
            assertEquals(mean, r.getDouble(2), 1e-9 * scale, "mean " + r);
            assertEquals(stderr, r.getDouble(3), 1e-9 * scale, "standard error " + r);
            spread = Math.max(spread, stderr);
        }
        // the probes disagree (an isolated vertex's d/dw = z_p^2 / a_pp = 1 / a_pp has standard error 0)
        assertTrue(spread > 1e-2 * scale, "standard errors all ~0: " + spread + " vs " + scale);
    }

    private static boolean inside(JsonNode e, double x) {
        return e.get("interval95").get(0).asDouble() <= x && x <= e.get("interval95").get(1).asDouble();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void logOfASingularLaplacianIsAClearErrorAndWritesNothing() throws IOException {
        // path-graph Laplacian: the constant vector is in its null space
        StringBuilder s = new StringBuilder("%%MatrixMarket matrix coordinate real symmetric\n12 12 23\n");
        for (int i = 1; i <= 12; i++) {
            s.append(i).append(' ').append(i).append(' ').append(i == 1 || i == 12 ? 1 : 2).append('\n');
            if (i < 12) {
                s.append(i + 1).append(' ').append(i).append(" -1\n");
            }
        }
        Path p = tmp.resolve("laplacian.mtx");
        Files.writeString(p, s.toString());
        fails(List.of("trace", "--matrix", p.toString(), "--function", "log", "--probes", "4"), "function log needs"
                + " a positive definite matrix", "Ritz value", "singular");
    }

    @Test
    void badOptionsExitTwo() throws IOException {
        String m = writeMtx("ok.mtx", randomSpd(1));
        fails(List.of("trace", "--matrix", m, "--function", "log", "--component", "identity"),
                "1 --component and 0 --theta");
        fails(List.of("trace", "--matrix", m, "--function", "log", "--probes", "1"), "--probes = 1");
        fails(List.of("trace", "--matrix", m, "--function", "log", "--probe", "uniform"),
                "--probe 'uniform' is not one of rademacher|gaussian");
        fails(List.of("trace", "--matrix", m, "--function", "log", "--target-stderr", "-1"), "--target-stderr = -1");
        fails(List.of("trace", "--matrix", m, "--function", "log", "--gradient", "parameter"),
                "--gradient 'parameter' is not one of none|theta|edges");
        String other = tmp.resolve("small.mtx").toString();
        Files.writeString(Path.of(other), "%%MatrixMarket matrix coordinate real symmetric\n3 3 1\n1 1 1\n");
        fails(List.of("trace", "--matrix", m, "--function", "log", "--component", other, "--theta", "1"),
                "has order 3", "has order 40");
    }

    // ---------------------------------------------------------------- helpers

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    private JsonNode ok(List<String> args, String name) throws IOException {
        Path out = tmp.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add("--output");
        all.add(out.toString());
        CommandLineRun r = run(all);
        assertEquals(0, r.code(), String.join(" ", all) + "\n" + r.err());
        assertTrue(Files.exists(out.resolve("probes.csv")) && Files.exists(out.resolve("blocks.csv")));
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    private static CommandLineRun run(List<String> args) {
        return CommandLineRun.run(args);
    }

    private void fails(List<String> args, String... fragments) throws IOException {
        CommandLineRun.fails(tmp, args, fragments);
    }
}
