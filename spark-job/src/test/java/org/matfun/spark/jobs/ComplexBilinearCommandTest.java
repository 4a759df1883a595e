package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun bilinear} on complex Hermitian operators (issue 14), through {@link MatfunMain#execute}, against an
 * independent dense reference (numpy/scipy in a python3 subprocess: {@code complex/hermitian_reference.py} builds H
 * from the file itself, {@code eigh}, and the exact gradient by the Daleckii-Krein formula, which it checks against
 * central differences of {@code scipy.linalg.expm}). Real data from ../shared/data: the magnetic adjacency and
 * Laplacian of C. elegans (directed, weighted, q = 0.25), and a complex hermitian Matrix Market file written here
 * from bcsstk01 with seeded phases. Values: relative error <= 1e-12 once converged; edge gradients: 2-norm relative
 * error <= 1e-9 over all stored entries p <= q; the parameter gradient <= 1e-9.
 */
class ComplexBilinearCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSupport.session();
    }

    /** The dense reference's output. */
    record Reference(double re, double im, double norm, double[] dparam, Map<String, double[]> gradient, double fd) {
    }

    static Reference reference(String... args) throws IOException, InterruptedException {
        Path script = Path.of("src/test/resources/complex/hermitian_reference.py").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        double re = 0;
        double im = 0;
        double norm = 0;
        double fd = Double.NaN;
        double[] dparam = null;
        Map<String, double[]> g = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line, 0, Math.min(line.length(), 200)).append('\n');
                String[] t = line.trim().split("\\s+");
                switch (t[0]) {
                    case "value" -> {
                        re = Double.parseDouble(t[1]);
                        im = Double.parseDouble(t[2]);
                    }
                    case "norm" -> norm = Double.parseDouble(t[1]);
                    case "dparam" -> dparam = new double[] {Double.parseDouble(t[1]), Double.parseDouble(t[2])};
                    case "fd" -> fd = Double.parseDouble(t[1]);
                    case "g" -> g.put(t[1] + " " + t[2], new double[] {Double.parseDouble(t[3]),
                            Double.parseDouble(t[4]), Double.parseDouble(t[5]), Double.parseDouble(t[6])});
                    default -> { }
                }
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python3 reference timed out");
        assertEquals(0, p.exitValue(), "python3 reference failed:\n" + all);
        return new Reference(re, im, norm, dparam, g, fd);
    }

    private JsonNode run(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(tmp.resolve(name).toString());
        CommandLineRun r = CommandLineRun.run(all);
        assertEquals(0, r.code(), String.join(" ", all) + "\n" + r.err());
        return JSON.readTree(tmp.resolve(name).resolve("summary.json").toFile());
    }

    private Map<String, double[]> gradient(String name) {
        Map<String, double[]> m = new HashMap<>();
        for (Row r : SparkTestSupport.session().read().parquet(tmp.resolve(name).resolve("gradient").toString())
                .collectAsList()) {
            m.put(r.getAs("src") + " " + r.getAs("dst"), new double[] {r.getAs("dRe_re"), r.getAs("dRe_im"),
                r.getAs("dIm_re"), r.getAs("dIm_im")});
        }
        return m;
    }

    static double valueError(JsonNode s, Reference ref) {
        double dr = s.get("value").get("re").asDouble() - ref.re();
        double di = s.get("value").get("im").asDouble() - ref.im();
        return Math.hypot(dr, di) / Math.hypot(ref.re(), ref.im());
    }

    static double gradientError(Map<String, double[]> got, Map<String, double[]> ref) {
        assertEquals(new TreeMap<>(ref).keySet(), new TreeMap<>(got).keySet(), "the same stored entries p <= q");
        double diff = 0;
        double norm = 0;
        for (Map.Entry<String, double[]> e : ref.entrySet()) {
            double[] a = got.get(e.getKey());
            for (int c = 0; c < 4; c++) {
                diff += Math.pow(a[c] - e.getValue()[c], 2);
                norm += Math.pow(e.getValue()[c], 2);
            }
        }
        return Math.sqrt(diff / norm);
    }

    private static String celegans() {
        return SparkTestSupport.sharedData("networks/celegansneural.gml.gz").toString();
    }

    @Test
    void celegansMagneticAdjacencyExpiAgainstDense() throws Exception {
        String g = celegans();
        String[][] pairs = {{"node:1", "node:10"}, {"node:5", "node:5"}};
        for (String[] uv : pairs) {
            String name = "expi-" + uv[0].substring(5) + "-" + uv[1].substring(5);
            JsonNode s = run(name, "bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                    "--function", "expi:t=0.5", "--u", uv[0], "--v", uv[1], "--gradient", "edges",
                    "--tol", "1e-12");
            Reference ref = reference("gml", g, "adjacency", "0.25", "expi", "0.5", uv[0], uv[1], "fd");
            assertEquals("CONVERGED", s.get("termination").asText(), s.toString());
            assertEquals("runs", s.get("run").get("distribution").asText());
            assertEquals("magnetic-adjacency:q=0.25", s.get("operator").asText());
            assertEquals(297, s.get("n").asInt());
            double ev = valueError(s, ref);
            double eg = gradientError(gradient(name), ref.gradient());
            String what = String.format(Locale.ROOT, "celegans H q=0.25 expi:t=0.5 (t||H|| = %.1f) u=%s v=%s: %d steps,"
                    + " value rel err %.2e, edge gradient rel err %.2e (reference FD self-check %.1e)",
                    0.5 * ref.norm(), uv[0], uv[1], s.get("steps").asInt(), ev, eg, ref.fd());
            assertTrue(ref.fd() < 1e-5, "the reference's gradient formula against central differences: " + what);
            assertTrue(ev <= 1e-12, what);
            assertTrue(eg <= 1e-9, what);
            assertEquals(Math.hypot(ref.re(), ref.im()), s.get("abs").asDouble(), 1e-12 * s.get("abs").asDouble());
        }
    }

    @Test
    void celegansMagneticLaplacianComplexBetaAndParameterGradient() throws Exception {
        String g = celegans();
        JsonNode s = run("lap", "bilinear", "--matrix", g, "--operator", "magnetic-laplacian:q=0.25",
                "--function", "exp:beta=-0.002-0.01i", "--u", "node:3", "--gradient", "parameter", "--tol", "1e-12");
        Reference ref = reference("gml", g, "laplacian", "0.25", "exp", "-0.002", "-0.01", "node:3", "node:3");
        double ev = valueError(s, ref);
        JsonNode gp = s.get("gradientParameter");
        double ep = Math.hypot(gp.get("re").asDouble() - ref.dparam()[0], gp.get("im").asDouble() - ref.dparam()[1])
                / Math.hypot(ref.dparam()[0], ref.dparam()[1]);
        String what = String.format(Locale.ROOT, "celegans L q=0.25 exp:beta=-0.002-0.01i: %d steps, value rel err"
                + " %.2e, dF/dbeta rel err %.2e", s.get("steps").asInt(), ev, ep);
        assertEquals("CONVERGED", s.get("termination").asText());
        assertEquals("beta", s.get("gradientParameterName").asText());
        assertTrue(ev <= 1e-12, what);
        assertTrue(ep <= 1e-9, what);
    }

    @Test
    void complexHermitianMatrixMarketFromBcsstk01() throws Exception {
        Path mtx = tmp.resolve("bcsstk01-phases.mtx");
        writeWithPhases(SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz"), mtx, 14L);
        JsonNode s = run("mtx", "bilinear", "--matrix", mtx.toString(), "--function", "expi:t=2",
                "--u", "node:3", "--v", "random:5", "--gradient", "edges", "--tol", "1e-12");
        Reference ref = reference("mtx", mtx.toString(), "expi", "2", "node:3", "random:5", "fd");
        double ev = valueError(s, ref);
        double eg = gradientError(gradient("mtx"), ref.gradient());
        String what = String.format(Locale.ROOT, "bcsstk01 with seeded phases, expi:t=2 (t||A|| = %.1f): %d steps, value"
                + " rel err %.2e, edge gradient rel err %.2e (reference FD self-check %.1e)", 2 * ref.norm(),
                s.get("steps").asInt(), ev, eg, ref.fd());
        assertEquals("CONVERGED", s.get("termination").asText());
        assertEquals(48, s.get("n").asInt());
        assertTrue(ref.fd() < 1e-5, "the reference's gradient formula against central differences: " + what);
        assertTrue(ev <= 1e-12, what);
        assertTrue(eg <= 1e-9, what);
    }

    @Test
    void complexFunctionOnARealSymmetricMatrixWithAComplexFileVector() throws Exception {
        Path mtx = tmp.resolve("bcsstk01-real.mtx");
        writeWithPhases(SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz"), mtx, -1L);
        Path u = tmp.resolve("u.txt");
        Files.writeString(u, "# ID RE [IM]\n3 0.5 0.25\n10 -1\n48 0 2\n");
        JsonNode s = run("real-expi", "bilinear", "--matrix", mtx.toString(), "--function", "expi:t=3",
                "--u", "file:" + u, "--v", "ones", "--gradient", "edges", "--tol", "1e-12");
        Reference ref = reference("mtx", mtx.toString(), "expi", "3", "file:" + u, "ones");
        double ev = valueError(s, ref);
        double eg = gradientError(gradient("real-expi"), ref.gradient());
        String what = String.format(Locale.ROOT, "real bcsstk01 (scaled), expi:t=3, u from a complex file: %d steps,"
                + " value rel err %.2e, edge gradient rel err %.2e", s.get("steps").asInt(), ev, eg);
        assertEquals("CONVERGED", s.get("termination").asText(), what);
        assertTrue(ev <= 1e-12, what);
        assertTrue(eg <= 1e-9, what);
    }

    /**
     * The lower triangle of a real symmetric file, scaled to max |a_ij| = 1, off-diagonal entries times e^{i phi}
     * (phases from {@code new Random(seed)}); seed < 0: a real symmetric file, no phases.
     */
    static void writeWithPhases(Path in, Path out, long seed) throws IOException {
        List<String[]> entries = new ArrayList<>();
        String size = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(in)),
                StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("%") || line.isBlank()) {
                    continue;
                }
                if (size == null) {
                    size = line.trim();
                } else {
                    entries.add(line.trim().split("\\s+"));
                }
            }
        }
        double max = 0;
        for (String[] e : entries) {
            max = Math.max(max, Math.abs(Double.parseDouble(e[2])));
        }
        Random rnd = new Random(Math.abs(seed));
        boolean real = seed < 0;
        StringBuilder sb = new StringBuilder(real ? "%%MatrixMarket matrix coordinate real symmetric\n% bcsstk01"
                + " scaled\n" + size + "\n" : "%%MatrixMarket matrix coordinate complex hermitian\n% bcsstk01 with"
                + " seeded phases\n" + size + "\n");
        for (String[] e : entries) {
            int i = Integer.parseInt(e[0]);
            int j = Integer.parseInt(e[1]);
            double x = Double.parseDouble(e[2]) / max;
            double phi = i == j ? 0 : 2 * Math.PI * rnd.nextDouble();
            if (real) {
                sb.append(String.format(Locale.ROOT, "%d %d %.17e%n", Math.max(i, j), Math.min(i, j), x));
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%d %d %.17e %.17e%n", Math.max(i, j), Math.min(i, j),
                    x * Math.cos(phi), i == j ? 0.0 : x * Math.sin(phi)));
        }
        Files.writeString(out, sb.toString(), StandardCharsets.US_ASCII);
    }

    @Test
    void chargeZeroEqualsTheRealRunOnTheSymmetrizedGraph() throws Exception {
        String g = celegans();
        // the symmetrized graph (w_pq + w_qp) / 2 as an undirected edge list, each pair once
        Map<String, Double> ws = new TreeMap<>();
        Map<String, int[]> ends = new HashMap<>();
        for (String[] e : gmlEdges(Path.of(g))) {
            int s = Integer.parseInt(e[0]);
            int d = Integer.parseInt(e[1]);
            String key = Math.min(s, d) + " " + Math.max(s, d);
            ws.merge(key, s == d ? Double.parseDouble(e[2]) : Double.parseDouble(e[2]) / 2, Double::sum);
            ends.put(key, new int[] {Math.min(s, d), Math.max(s, d)});
        }
        StringBuilder sb = new StringBuilder("# celegans symmetrized\n");
        for (Map.Entry<String, Double> e : ws.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Path edges = tmp.resolve("celegans-sym.txt");
        Files.writeString(edges, sb.toString());
        JsonNode real = run("real", "bilinear", "--matrix", edges.toString(), "--function", "exp:beta=0.01",
                "--u", "node:1", "--v", "node:10", "--tol", "1e-12");
        JsonNode cplx = run("q0", "bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0",
                "--function", "exp:beta=0.01", "--u", "node:1", "--v", "node:10", "--tol", "1e-12");
        double r = real.get("value").asDouble();
        double re = cplx.get("value").get("re").asDouble();
        double im = cplx.get("value").get("im").asDouble();
        String what = String.format(Locale.ROOT, "q = 0: real %.17e, complex %.17e %+.3ei", r, re, im);
        assertEquals(r, re, 1e-12 * Math.abs(r), what);
        assertTrue(Math.abs(im) <= 1e-14 * Math.abs(r), what);
    }

    /** The (source, target, value) records of a Newman GML file, one key per line. */
    private static List<String[]> gmlEdges(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            String line;
            String[] cur = null;
            while ((line = r.readLine()) != null) {
                String[] t = line.trim().split("\\s+");
                switch (t[0]) {
                    case "edge" -> cur = new String[] {null, null, "1"};
                    case "source" -> cur[0] = t[1];
                    case "target" -> cur[1] = t[1];
                    case "value" -> cur[2] = t[1];
                    case "]" -> {
                        if (cur != null) {
                            out.add(cur);
                            cur = null;
                        }
                    }
                    default -> { }
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void nonRealDiagonalNamesTheFileAndLine() throws IOException {
        Path m = tmp.resolve("diag.mtx");
        Files.writeString(m, "%%MatrixMarket matrix coordinate complex hermitian\n2 2 3\n1 1 2.0 0.0\n"
                + "2 1 0.5 0.5\n2 2 1.0 0.25\n");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", m.toString(), "--function", "expi:t=1",
                "--u", "node:1"), "diag.mtx", "line 5", "not real", "real diagonal");
    }

    @Test
    void complexSymmetricAndSkewBannersAreRefused() throws IOException {
        for (String sym : new String[] {"symmetric", "skew-symmetric"}) {
            Path m = tmp.resolve(sym + ".mtx");
            Files.writeString(m, "%%MatrixMarket matrix coordinate complex " + sym + "\n2 2 1\n1 1 2.0 0.0\n");
            CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", m.toString(), "--function", "expi:t=1",
                    "--u", "node:1"), sym + ".mtx", "line 1", "'" + sym + "'", "expected hermitian or general");
        }
    }

    @Test
    void complexGeneralMustBeHermitianOrSymmetrized() throws Exception {
        Path m = tmp.resolve("general.mtx");
        Files.writeString(m, "%%MatrixMarket matrix coordinate complex general\n2 2 3\n1 1 2.0 0.0\n"
                + "2 1 0.5 0.5\n2 2 1.0 0.0\n");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", m.toString(), "--function", "expi:t=1",
                "--u", "node:1"), "general.mtx", "not Hermitian", "--symmetrize");
        JsonNode s = run("sym", "bilinear", "--matrix", m.toString(), "--function", "expi:t=1", "--u", "node:1",
                "--symmetrize");
        assertEquals(2, s.get("n").asInt());
        assertTrue(s.get("run").get("symmetrize").asBoolean());
    }

    @Test
    void rowsDistributionAndUnsupportedFunctionsAreUsageErrors() throws IOException {
        String g = celegans();
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=1", "--u", "node:1", "--distribute", "rows"), "--distribute rows",
                "real-only", "magnetic-adjacency:q=0.25");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "power:p=2", "--u", "node:1"), "--function 'power:p=2'", "complex Hermitian operator",
                "expi:t=");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic:q=1",
                "--function", "expi:t=1", "--u", "node:1"), "--operator 'magnetic:q=1'", "magnetic-laplacian:q=Q");
    }
}
