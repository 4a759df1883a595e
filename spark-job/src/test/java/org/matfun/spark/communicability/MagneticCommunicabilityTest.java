package org.matfun.spark.communicability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.jobs.MatfunMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun communicability --operator magnetic-adjacency|magnetic-laplacian:q=Q} (issue 14) on the directed,
 * weighted C. elegans neural network (../shared/data/networks/celegansneural.gml.gz, 297 nodes, 2,359 records), in
 * both execution modes, against an independent dense reference: {@code complex/magnetic_communicability_reference.py}
 * builds H from the file itself and takes {@code scipy.linalg.expm} of the dense complex matrix. Pair values
 * G_pq = re + i im, listed subgraph centralities and the total 1^T G 1 within 1e-10 relative (100 x the job's
 * default --tol 1e-12; complex pairs: |G - G_ref| / |G_ref|); the total vector G 1 within its reported errorBound; the
 * Estrada index and all-node subgraph centralities against the same estimators the job computes (the reference
 * evaluates them exactly with the job's Rademacher probes, written here from {@link ProbeDistribution}). And q = 0
 * against the real run on the symmetrized graph (w_pq + w_qp) / 2.
 */
class MagneticCommunicabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Relative agreement for exact quantities: 100 x the default --tol 1e-12. */
    private static final double REL = 1e-10;
    private static final int N = 297;
    private static final int PROBES = 20;
    private static final long SEED = 3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSupport.session();
    }

    private static String celegans() {
        return SparkTestSupport.sharedData("networks/celegansneural.gml.gz").toString();
    }

    private Path out(String name) {
        return tmp.resolve(name);
    }

    private JsonNode run(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(out(name).toString());
        assertEquals(0, MatfunMain.execute(all.toArray(new String[0])), String.join(" ", all));
        return JSON.readTree(out(name).resolve("summary.json").toFile());
    }

    private static List<Row> table(Path dir, String name) {
        return SparkTestSupport.session().read().parquet(dir.resolve(name).toString()).collectAsList();
    }

    /** Pairs (12 random, one diagonal, one reversed, one edge) and 5 listed nodes, node ids 0..296. */
    private Path[] lists(long seed) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder pairs = new StringBuilder("# p q\n");
        int[][] ps = new int[12][];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = new int[] {rnd.nextInt(N), rnd.nextInt(N)};
            pairs.append(ps[i][0]).append(' ').append(ps[i][1]).append('\n');
        }
        int d = rnd.nextInt(N);
        pairs.append(d).append(' ').append(d).append('\n');
        pairs.append(ps[0][1]).append(' ').append(ps[0][0]).append('\n');
        pairs.append("1 10\n");
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            nodes.append(rnd.nextInt(N)).append('\n');
        }
        return new Path[] {Files.writeString(tmp.resolve("pairs.txt"), pairs),
            Files.writeString(tmp.resolve("nodes.txt"), nodes)};
    }

    /** The Rademacher probes of the job on the embedding (2n rows, PROBES columns). */
    private Path probes() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < 2 * N; row++) {
            for (int i = 0; i < PROBES; i++) {
                sb.append(i == 0 ? "" : " ").append(ProbeDistribution.RADEMACHER.entry(SEED, i, row) > 0 ? "1" : "-1");
            }
            sb.append('\n');
        }
        return Files.writeString(tmp.resolve("probes.txt"), sb);
    }

    private JsonNode reference(String kind, double q, double beta, Path pairs, Path nodes, Path probes)
            throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/complex/magnetic_communicability_reference.py").toAbsolutePath();
        Path log = tmp.resolve("reference.out");
        Process p = new ProcessBuilder("python3", script.toString(), celegans(), kind, Double.toString(q),
                Double.toString(beta), pairs.toString(), nodes.toString(), probes.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python3 reference timed out");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), "python3 reference failed:\n" + text);
        return JSON.readTree(text);
    }

    private static double complexError(double re, double im, double refRe, double refIm) {
        return Math.hypot(re - refRe, im - refIm) / Math.hypot(refRe, refIm);
    }

    @ParameterizedTest
    @CsvSource({
        "magnetic-adjacency:q=0.25, adjacency, 0.25, 0.05, rows, 10",
        "magnetic-adjacency:q=0.25, adjacency, 0.25, 0.05, runs, 10",
        "magnetic-laplacian:q=0.25, laplacian, 0.25, 0.01, rows, 4",
        "magnetic-laplacian:q=0.25, laplacian, 0.25, 0.01, runs, 4",
    })
    void celegansAgainstDenseExpm(String operator, String kind, double q, double beta, String distribute,
                                  int minResolved)
            throws Exception {
        String g = celegans();
        Path[] l = lists(7);
        Path z = probes();
        JsonNode ref = reference(kind, q, beta, l[0], l[1], z);
        String b = Double.toString(beta);
        JsonNode s = run("exact", "communicability", "--graph", g, "--operator", operator, "--beta", b,
                "--pairs", l[0].toString(), "--subgraph-centrality", l[1].toString(), "--total",
                "--partitions", "2", "--block-size", "16", "--distribute", distribute);
        String what = operator + " beta " + b + " " + distribute;
        assertEquals(distribute, s.get("run").get("distribution").asText(), what);
        assertEquals(operator, s.get("run").get("operator").asText(), what);
        assertEquals(N, s.get("n").asInt(), what);
        assertEquals(2 * N, s.get("embedding").get("order").asInt(), what);
        assertTrue(s.get("embedding").get("minEntry").asDouble() < 0, "q = 0.25 gives negative entries: " + what);

        List<Row> rows = table(out("exact"), "pairs");
        JsonNode rp = ref.get("pairs");
        assertEquals(rp.size(), rows.size(), "one row per input line");
        double worst = 0;
        int resolved = 0;
        double worstRatio = 0;
        double worstAll = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            JsonNode e = rp.get(i);
            String key = what + " pair " + r.getAs("src") + " " + r.getAs("dst");
            assertEquals(e.get(0).asLong(), (long) r.getAs("src"), key);
            assertEquals(e.get(1).asLong(), (long) r.getAs("dst"), key);
            double refRe = e.get(2).asDouble();
            double refIm = e.get(3).asDouble();
            double err = complexError(r.getAs("re"), r.getAs("im"), refRe, refIm);
            double reRb = r.getAs("reRoundingBound");
            double imRb = r.getAs("imRoundingBound");
            // polarization's own accuracy statement: |error| <= roundingBound x |part| per part (tiny pairs next to
            // their nodes' subgraph centralities; the Taylor refinement needs a nonnegative matrix)
            double allowed = Math.max(REL, (reRb * Math.abs(refRe) + imRb * Math.abs(refIm)) / Math.hypot(refRe, refIm));
            String msg = String.format(Locale.ROOT, "%s: got %.17e%+.17ei, scipy %.17e%+.17ei, rel err %.2e,"
                    + " roundingBound re %.2e im %.2e", key, (double) r.getAs("re"), (double) r.getAs("im"), refRe,
                    refIm, err, reRb, imRb);
            assertTrue(err <= allowed, msg);
            worstRatio = Math.max(worstRatio, err / allowed);
            worstAll = Math.max(worstAll, err);
            if (Math.max(reRb, imRb) <= 100 * 1e-12) {
                resolved++;
                worst = Math.max(worst, err);
                assertTrue(err <= REL, msg);
            }
            assertEquals("CONVERGED", r.getAs("reTermination"), key);
            double abs = r.getAs("abs");
            assertEquals(Math.hypot(r.getAs("re"), r.getAs("im")), abs, 1e-14 * abs, key);
            assertEquals(Math.atan2(r.getAs("im"), r.getAs("re")), (double) r.getAs("arg"), 1e-14, key);
            if (r.getAs("src").equals(r.getAs("dst"))) {
                assertEquals(0.0, (double) r.getAs("im"), key + ": G_pp is real");
                assertEquals("diagonal", r.getAs("method"), key);
            }
        }
        // exp(-beta L)_pq is small next to the quadratic forms of its polarization runs for most random pairs
        assertTrue(resolved >= minResolved, what + ": only " + resolved + " of 15 pairs with roundingBound <= 100 tol");
        // the reversed pair (line 14) is the conjugate of the first
        assertEquals((double) rows.get(0).getAs("re"), (double) rows.get(13).getAs("re"), 0.0, what);
        assertEquals(-(double) rows.get(0).getAs("im"), (double) rows.get(13).getAs("im"), 0.0, what);
        assertTrue(Math.abs((double) rows.get(14).getAs("im")) > 1e-3 * (double) rows.get(14).getAs("abs"),
                "the edge 1 -> 10 has a phase: " + what);

        List<Row> nodes = table(out("exact"), "subgraph-centrality");
        double nodeWorst = 0;
        for (int i = 0; i < nodes.size(); i++) {
            double v = nodes.get(i).getAs("value");
            double want = ref.get("nodes").get(i).get(1).asDouble();
            nodeWorst = Math.max(nodeWorst, Math.abs(v - want) / Math.abs(want));
            assertEquals(want, v, REL * Math.abs(want), what + " node " + nodes.get(i).getAs("src"));
        }
        double total = s.get("total").get("value").asDouble();
        double refTotal = ref.get("total").asDouble();
        assertEquals(refTotal, total, REL * Math.abs(refTotal), what + " total");
        assertTrue(Math.abs(ref.get("totalImag").asDouble()) <= 1e-12 * Math.abs(refTotal), "1^T G 1 is real");
        double bound = s.get("total").get("vectorErrorBound").asDouble();
        double vecWorst = 0;
        List<Row> vec = table(out("exact"), "total-communicability");
        assertEquals(N, vec.size(), what);
        for (Row r : vec) {
            JsonNode e = ref.get("vector").get(Long.toString(r.getAs("node")));
            double err = Math.hypot((double) r.getAs("re") - e.get(0).asDouble(),
                    (double) r.getAs("im") - e.get(1).asDouble());
            vecWorst = Math.max(vecWorst, err);
        }
        assertTrue(vecWorst <= bound, what + String.format(Locale.ROOT,
                ": total vector max abs error %.2e > its errorBound %.2e", vecWorst, bound));

        JsonNode est = run("estimates", "communicability", "--graph", g, "--operator", operator, "--beta", b,
                "--subgraph-centrality", "all", "--estrada", "--probes", Integer.toString(PROBES), "--seed",
                Long.toString(SEED), "--partitions", "2", "--distribute", distribute);
        double estrada = est.get("estrada").get("value").asDouble();
        double refEstimator = ref.get("estradaEstimator").asDouble();
        assertEquals(refEstimator, estrada, REL * Math.abs(refEstimator), what + String.format(Locale.ROOT,
                " Estrada estimate (exact tr G %.6e, interval [%.6e, %.6e])", ref.get("estrada").asDouble(),
                est.get("estrada").get("lower95").asDouble(), est.get("estrada").get("upper95").asDouble()));
        double diagMax = 0;
        double diagErr = 0;
        for (Row r : table(out("estimates"), "subgraph-centrality-estimated")) {
            double want = ref.get("diagEstimator").get(Long.toString(r.getAs("node"))).asDouble();
            diagMax = Math.max(diagMax, Math.abs(want));
            diagErr = Math.max(diagErr, Math.abs((double) r.getAs("subgraphCentrality") - want));
        }
        assertTrue(diagErr <= 1e-9 * diagMax, what + String.format(Locale.ROOT,
                ": all-node estimates max abs error %.2e, largest %.2e", diagErr, diagMax));
        // the measured figures (docs/communicability.md), not printed: target/magnetic-communicability.txt
        Files.writeString(Path.of("target/magnetic-communicability.txt"), String.format(Locale.ROOT,
                "%s: pairs resolved %d/15 max rel err %.2e, all within max(1e-10, roundingBound), worst err/allowed %.2f, worst of all %.2e"
                        + " (steps %d); nodes %.2e; total %.2e; vector max abs err"
                        + " %.2e <= bound %.2e; Estrada estimator %.2e (estimate %.6e, exact %.6e, 95%% [%.6e, %.6e]);"
                        + " all-node estimator max abs err / max %.2e%n", what, resolved, worst, worstRatio, worstAll,
                s.get("passes").get(0).get("steps").asInt(), nodeWorst, Math.abs(total - refTotal) / Math.abs(refTotal),
                vecWorst, bound, Math.abs(estrada - refEstimator) / Math.abs(refEstimator), estrada,
                ref.get("estrada").asDouble(), est.get("estrada").get("lower95").asDouble(),
                est.get("estrada").get("upper95").asDouble(), diagErr / diagMax), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /** q = 0: the same pairs, listed centralities and total as the real job on the symmetrized graph. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void chargeZeroEqualsTheRealRunOnTheSymmetrizedGraph(String distribute) throws Exception {
        String g = celegans();
        Map<String, Double> ws = new TreeMap<>();
        for (String[] e : gmlEdges(Path.of(g))) {
            int s = Integer.parseInt(e[0]);
            int d = Integer.parseInt(e[1]);
            ws.merge(Math.min(s, d) + " " + Math.max(s, d), s == d ? Double.parseDouble(e[2])
                    : Double.parseDouble(e[2]) / 2, Double::sum);
        }
        StringBuilder sb = new StringBuilder("# celegans symmetrized (w_pq + w_qp) / 2\n");
        ws.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        Path edges = Files.writeString(tmp.resolve("celegans-sym.txt"), sb);
        Path[] l = lists(11);
        String[] common = {"--beta", "0.05", "--pairs", l[0].toString(), "--subgraph-centrality", l[1].toString(),
            "--total", "--partitions", "2", "--distribute", distribute};
        List<String> real = new ArrayList<>(List.of("communicability", "--graph", edges.toString()));
        real.addAll(List.of(common));
        JsonNode rs = run("real", real.toArray(new String[0]));
        List<String> mag = new ArrayList<>(List.of("communicability", "--graph", g, "--operator",
                "magnetic-adjacency:q=0"));
        mag.addAll(List.of(common));
        JsonNode ms = run("q0", mag.toArray(new String[0]));
        assertEquals(rs.get("n").asInt(), ms.get("n").asInt());
        List<Row> rp = table(out("real"), "pairs");
        List<Row> mp = table(out("q0"), "pairs");
        assertEquals(rp.size(), mp.size());
        for (int i = 0; i < rp.size(); i++) {
            double want = rp.get(i).getAs("value");
            String key = distribute + " pair " + rp.get(i).getAs("src") + " " + rp.get(i).getAs("dst") + ": real "
                    + want + ", q = 0 " + mp.get(i).getAs("re") + " " + mp.get(i).getAs("im") + "i";
            assertEquals((long) rp.get(i).getAs("src"), (long) mp.get(i).getAs("src"), key);
            assertEquals(want, (double) mp.get(i).getAs("re"), 1e-12 * Math.abs(want), key);
            assertTrue(Math.abs((double) mp.get(i).getAs("im")) <= 1e-14 * Math.abs(want), key);
        }
        List<Row> rn = table(out("real"), "subgraph-centrality");
        List<Row> mn = table(out("q0"), "subgraph-centrality");
        for (int i = 0; i < rn.size(); i++) {
            double want = rn.get(i).getAs("value");
            assertEquals(want, (double) mn.get(i).getAs("value"), 1e-12 * Math.abs(want), distribute + " node " + i);
        }
        double t = rs.get("total").get("value").asDouble();
        assertEquals(t, ms.get("total").get("value").asDouble(), 1e-12 * Math.abs(t), distribute + " total");
        Map<Long, Double> rv = new HashMap<>();
        for (Row r : table(out("real"), "total-communicability")) {
            rv.put(r.getAs("node"), r.getAs("totalCommunicability"));
        }
        double bound = rs.get("total").get("vectorErrorBound").asDouble();
        for (Row r : table(out("q0"), "total-communicability")) {
            assertEquals(rv.get((long) r.getAs("node")), (double) r.getAs("re"), 2 * bound, "vector " + r.getAs("node"));
            assertTrue(Math.abs((double) r.getAs("im")) <= 2 * bound, "vector im " + r.getAs("node"));
        }
    }

    /** The reference's edge gradient lines 'g P Q dRe_re dRe_im dIm_re dIm_im' of u^H f(H) v, by "P Q". */
    private static Map<String, double[]> gradientReference(String u, String v) throws Exception {
        Path script = Path.of("src/test/resources/complex/hermitian_reference.py").toAbsolutePath();
        Process p = new ProcessBuilder("python3", script.toString(), "gml", celegans(), "adjacency", "0.25", "exp",
                "0.05", "0", u, v).redirectErrorStream(true).start();
        Map<String, double[]> g = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line, 0, Math.min(200, line.length())).append('\n');
                String[] t = line.trim().split("\\s+");
                if (t[0].equals("g")) {
                    g.put(t[1] + " " + t[2], new double[] {Double.parseDouble(t[3]), Double.parseDouble(t[4]),
                        Double.parseDouble(t[5]), Double.parseDouble(t[6])});
                }
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python3 reference timed out");
        assertEquals(0, p.exitValue(), "python3 reference failed:\n" + all);
        return g;
    }

    /**
     * Sensitivities dF/dRe H_pq and dF/dIm H_pq of the total communicability and of a subgraph centrality on every
     * stored entry p <= q, against the exact Daleckii-Krein gradient of the dense reference (hermitian_reference.py,
     * itself checked against central differences of expm in ComplexBilinearCommandTest): 2-norm relative error over
     * all entries <= 1e-9, as the bilinear test.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void sensitivitiesAgainstTheDaleckiiKreinGradient(String distribute) throws Exception {
        Path nodes = Files.writeString(tmp.resolve("node.txt"), "5\n");
        Path pairs = Files.writeString(tmp.resolve("pair.txt"), "10 1\n");
        JsonNode s = run("sens", "communicability", "--graph", celegans(), "--operator", "magnetic-adjacency:q=0.25",
                "--beta", "0.05", "--total", "--subgraph-centrality", nodes.toString(), "--pairs", pairs.toString(),
                "--sensitivities", "top:5", "--tol", "1e-13", "--partitions", "2", "--distribute", distribute);
        Map<String, Map<String, double[]>> got = new HashMap<>();
        for (Row r : table(out("sens"), "sensitivities")) {
            got.computeIfAbsent(r.getAs("measure"), k -> new HashMap<>()).put(r.getAs("src") + " " + r.getAs("dst"),
                    new double[] {r.getAs("dRe"), r.getAs("dIm")});
        }
        StringBuilder figures = new StringBuilder();
        // pair:1:10:re is d Re G_1,10 (reference columns dRe_re, dIm_re), pair:1:10:im is d Im G_1,10 (dRe_im,
        // dIm_im), for the line "10 1" too (G_10,1 = conj(G_1,10): the measures name the pair by index order)
        for (String[] m : new String[][] {{"total", "ones", "ones", "0"}, {"node:5", "node:5", "node:5", "0"},
            {"pair:1:10:re", "node:1", "node:10", "0"}, {"pair:1:10:im", "node:1", "node:10", "1"}}) {
            Map<String, double[]> ref = gradientReference(m[1], m[2]);
            int c = Integer.parseInt(m[3]);
            Map<String, double[]> g = got.get(m[0]);
            assertEquals(new TreeMap<>(ref).keySet(), new TreeMap<>(g).keySet(), distribute + " " + m[0]
                    + ": one row per stored entry p <= q");
            double diff = 0;
            double norm = 0;
            double imag = 0;
            for (Map.Entry<String, double[]> e : ref.entrySet()) {
                double[] a = g.get(e.getKey());
                double[] b = e.getValue();
                diff += Math.pow(a[0] - b[c], 2) + Math.pow(a[1] - b[2 + c], 2);
                norm += b[c] * b[c] + b[2 + c] * b[2 + c];
                imag = Math.max(imag, Math.max(Math.abs(b[1 - c]), Math.abs(b[3 - c])));
            }
            double err = Math.sqrt(diff / norm);
            String what = String.format(Locale.ROOT, "%s %s: dRe/dIm 2-norm relative error %.2e over %d entries"
                    + " (reference's other parts up to %.1e)", distribute, m[0], err, ref.size(), imag);
            assertTrue(err <= 1e-9, what);
            figures.append(what).append('\n');
        }
        assertEquals(4, s.get("sensitivities").size());
        assertEquals("node:5", s.get("sensitivities").get(0).get("measure").asText());
        Files.writeString(Path.of("target/magnetic-communicability.txt"), figures, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * Estrada-index sensitivities: exact for the estimator the job computes, F = (1/2M) sum_i z_i^T E z_i with its
     * M Rademacher probes of length 2n. Each embedded probe is the complex vector w_p = z_2p + i z_2p+1 and
     * z^T E z = w^H G w, so the reference gradient is (1/2M) sum_i of the Daleckii-Krein gradients of w_i^H G w_i
     * (hermitian_reference.py with file vectors): 2-norm relative error <= 1e-9.
     */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void estradaSensitivitiesAreTheEstimatorsGradient(String distribute) throws Exception {
        int m = 6;
        JsonNode s = run("estrada-sens", "communicability", "--graph", celegans(), "--operator",
                "magnetic-adjacency:q=0.25", "--beta", "0.05", "--estrada", "--probes", Integer.toString(m),
                "--seed", Long.toString(SEED), "--sensitivities", "top:5", "--sensitivities-for", "estrada", "--tol",
                "1e-13", "--partitions", "2", "--distribute", distribute);
        Map<String, double[]> ref = new HashMap<>();
        for (int i = 0; i < m; i++) {
            StringBuilder w = new StringBuilder();
            for (int p = 0; p < N; p++) {
                w.append(p).append(' ').append(ProbeDistribution.RADEMACHER.entry(SEED, i, 2L * p)).append(' ')
                        .append(ProbeDistribution.RADEMACHER.entry(SEED, i, 2L * p + 1)).append('\n');
            }
            Path f = Files.writeString(tmp.resolve("w" + i + ".txt"), w);
            for (Map.Entry<String, double[]> e : gradientReference("file:" + f, "file:" + f).entrySet()) {
                double[] acc = ref.computeIfAbsent(e.getKey(), k -> new double[2]);
                acc[0] += e.getValue()[0] / (2.0 * m);
                acc[1] += e.getValue()[2] / (2.0 * m);
            }
        }
        double diff = 0;
        double norm = 0;
        int rows = 0;
        for (Row r : table(out("estrada-sens"), "sensitivities")) {
            double[] b = ref.get(r.getAs("src") + " " + r.getAs("dst"));
            diff += Math.pow((double) r.getAs("dRe") - b[0], 2) + Math.pow((double) r.getAs("dIm") - b[1], 2);
            norm += b[0] * b[0] + b[1] * b[1];
            rows++;
        }
        assertEquals(ref.size(), rows, "one row per stored entry p <= q");
        double err = Math.sqrt(diff / norm);
        String what = String.format(Locale.ROOT, "%s estrada (M = %d): dRe/dIm 2-norm relative error %.2e against"
                + " the estimator's exact gradient", distribute, m, err);
        assertTrue(err <= 1e-9, what);
        assertEquals("estrada", s.get("sensitivities").get(0).get("measure").asText());
        Files.writeString(Path.of("target/magnetic-communicability.txt"), what + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    /**
     * The same directed records as an edge list ({@code src dst weight}) and as a CSV table with a header
     * ({@code src,dst,weight}): the same pairs, bit for bit, as from the GML file (runs mode).
     */
    @org.junit.jupiter.api.Test
    void edgeListAndCsvGiveTheGmlResults() throws Exception {
        StringBuilder el = new StringBuilder("# celegans directed records\n");
        StringBuilder csv = new StringBuilder("src,dst,weight\n");
        for (String[] e : gmlEdges(Path.of(celegans()))) {
            el.append(e[0]).append(' ').append(e[1]).append(' ').append(e[2]).append('\n');
            csv.append(e[0]).append(',').append(e[1]).append(',').append(e[2]).append('\n');
        }
        Path[] files = {Path.of(celegans()), Files.writeString(tmp.resolve("celegans.txt"), el),
            Files.writeString(tmp.resolve("celegans.csv"), csv)};
        Path[] l = lists(5);
        List<List<Row>> results = new ArrayList<>();
        for (int i = 0; i < files.length; i++) {
            run("in" + i, "communicability", "--graph", files[i].toString(), "--operator", "magnetic-adjacency:q=0.25",
                    "--beta", "0.05", "--pairs", l[0].toString(), "--distribute", "runs");
            results.add(table(out("in" + i), "pairs"));
        }
        for (int i = 1; i < files.length; i++) {
            for (int r = 0; r < results.get(0).size(); r++) {
                Row a = results.get(0).get(r);
                Row b = results.get(i).get(r);
                String what = files[i].getFileName() + " pair " + a.getAs("src") + " " + a.getAs("dst");
                assertEquals((double) a.getAs("re"), (double) b.getAs("re"), 0.0, what);
                assertEquals((double) a.getAs("im"), (double) b.getAs("im"), 0.0, what);
            }
        }
    }

    /** Options the magnetic operators do not support: exit 2, nothing written. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--pair-method|taylor",
        "--pair-method|one-sided",
        "--sensitivities|top:5",
        "--candidates|pairs.txt",
        "--operator|laplacian:q=0.25",
        "--operator|magnetic-adjacency",
        "--format|mtx",
    })
    void unsupportedOptionsAreUsageErrors(String option, String value) throws Exception {
        Path[] l = lists(1);
        List<String> args = new ArrayList<>(List.of("communicability", "--graph", celegans(), "--pairs",
                l[0].toString()));
        if (!option.equals("--operator")) {
            args.addAll(List.of("--operator", "magnetic-laplacian:q=0.25"));
        }
        args.addAll(List.of(option, value, "--output", out("bad").toString()));
        assertEquals(2, MatfunMain.execute(args.toArray(new String[0])), String.join(" ", args));
        assertFalse(Files.exists(out("bad")));
    }

    /** The (source, target, value) records of a Newman GML file. */
    private static List<String[]> gmlEdges(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            String line;
            String[] cur = null;
            while ((line = r.readLine()) != null) {
                String[] t = line.trim().split("\\s+");
                if (t[0].equals("edge")) {
                    cur = new String[] {null, null, "1"};
                } else if (cur != null && t[0].equals("source")) {
                    cur[0] = t[1];
                } else if (cur != null && t[0].equals("target")) {
                    cur[1] = t[1];
                } else if (cur != null && (t[0].equals("value") || t[0].equals("weight"))) {
                    cur[2] = t[1];
                } else if (cur != null && t[0].equals("]")) {
                    out.add(cur);
                    cur = null;
                }
            }
        }
        return out;
    }
}
