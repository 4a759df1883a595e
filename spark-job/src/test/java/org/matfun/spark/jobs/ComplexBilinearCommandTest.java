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
 *
 * <p>The block-row plan ({@code --distribute rows}, the real embedding of order 2n) against the runs mode: the same
 * steps and termination, matvecs + B (its pipelined start), values within 1e3 eps max(|F|, ||u|| ||v||), edge
 * gradients within 1e3 eps max |g|, on 1 to 64 blocks (empty ones included); and against the dense reference at
 * the tolerances above, and against central differences of the value.
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

    /** The same directed graph as a CSV edge table with a header line gives the GML run's value (runs and rows). */
    @Test
    void csvEdgeTableEqualsTheGmlRun() throws Exception {
        String g = celegans();
        StringBuilder sb = new StringBuilder("src,dst,weight\n");
        for (String[] e : gmlEdges(Path.of(g))) {
            sb.append(e[0]).append(',').append(e[1]).append(',').append(e[2]).append('\n');
        }
        Path csv = tmp.resolve("celegans-directed.csv");
        Files.writeString(csv, sb.toString());
        JsonNode gml = run("gml", "bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=0.5", "--u", "node:1", "--v", "node:10", "--tol", "1e-12");
        for (String mode : List.of("runs", "rows")) {
            JsonNode t = run("csv-" + mode, "bilinear", "--matrix", csv.toString(), "--format", "csv",
                    "--operator", "magnetic-adjacency:q=0.25", "--function", "expi:t=0.5", "--u", "node:1",
                    "--v", "node:10", "--tol", "1e-12", "--distribute", mode);
            double scale = gml.get("abs").asDouble();
            for (String part : List.of("re", "im")) {
                double a = gml.get("value").get(part).asDouble();
                double b = t.get("value").get(part).asDouble();
                assertEquals(a, b, 1e3 * EPS * scale, mode + " " + part + ": gml " + a + ", csv " + b);
            }
        }
        Path bad = tmp.resolve("celegans-bad.csv");
        Files.writeString(bad, "src,dst,weight\n1,2,1\n3,x,1\n");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", bad.toString(), "--format", "csv",
                "--operator", "magnetic-adjacency:q=0.25", "--function", "expi:t=0.5", "--u", "node:1",
                "--v", "node:2"), bad.toString(), "line 3", "node ids must be integers");
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

    // ---------------------------------------------------------------- the block-row plan (--distribute rows)

    private static final double EPS = Math.ulp(1.0);

    /** Rows against runs: same steps and termination, value within 1e3 eps relative (u = v or unit vectors). */
    private static String sameRun(JsonNode runs, JsonNode rows, String what) {
        return sameRun(runs, rows, what, 0.0);
    }

    /**
     * Rows against runs: same steps and termination, value within 1e3 eps max(|F|, uvNorm): where the polarization
     * cancels (|F| below ||u|| ||v||) the two recurrences' roundings differ by eps ||u|| ||v|| absolute (README,
     * "Accuracy"), not relatively.
     */
    private static String sameRun(JsonNode runs, JsonNode rows, String what, double uvNorm) {
        assertEquals("runs", runs.get("run").get("distribution").asText(), what);
        assertEquals("rows", rows.get("run").get("distribution").asText(), what);
        assertEquals(runs.get("steps").asInt(), rows.get("steps").asInt(), what + ": steps");
        assertEquals(runs.get("termination").asText(), rows.get("termination").asText(), what + ": termination");
        // the block-row recurrence is pipelined: its starting job J_0 applies M once to the B starts
        assertEquals(runs.get("matvecs").asLong() + rows.get("run").get("startingVectors").asLong(),
                rows.get("matvecs").asLong(), what + ": matvecs (rows = runs + B for the starting job)");
        double dr = runs.get("value").get("re").asDouble() - rows.get("value").get("re").asDouble();
        double di = runs.get("value").get("im").asDouble() - rows.get("value").get("im").asDouble();
        double rel = Math.hypot(dr, di) / Math.max(runs.get("abs").asDouble(), uvNorm);
        String w = String.format(Locale.ROOT, "%s: %d steps, |F| = %.3e, rows vs runs value diff %.2e relative to"
                + " max(|F|, ||u|| ||v|| = %.1f) (%.1f eps)", what, rows.get("steps").asInt(),
                runs.get("abs").asDouble(), rel, uvNorm, rel / EPS);
        assertTrue(rel <= 1e3 * EPS, w);
        return w;
    }

    /** Rows against runs on every entry and column: max |diff| <= 1e3 eps max |g|. */
    private static double gradientDiff(Map<String, double[]> runs, Map<String, double[]> rows) {
        assertEquals(new TreeMap<>(runs).keySet(), new TreeMap<>(rows).keySet(), "the same stored entries p <= q");
        double max = 0;
        double diff = 0;
        for (Map.Entry<String, double[]> e : runs.entrySet()) {
            double[] b = rows.get(e.getKey());
            for (int c = 0; c < 4; c++) {
                max = Math.max(max, Math.abs(e.getValue()[c]));
                diff = Math.max(diff, Math.abs(e.getValue()[c] - b[c]));
            }
        }
        return diff / max;
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    private JsonNode run(String name, List<String> args) throws IOException {
        return run(name, args.toArray(new String[0]));
    }

    @Test
    void celegansRowsEqualsRunsAndDenseWithEdgeAndParameterGradients() throws Exception {
        String g = celegans();
        String[][] pairs = {{"node:1", "node:10"}, {"node:5", "node:5"}};
        for (String[] uv : pairs) {
            String tag = uv[0].substring(5) + "-" + uv[1].substring(5);
            List<String> base = List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                    "--function", "expi:t=0.5", "--u", uv[0], "--v", uv[1], "--tol", "1e-12");
            Reference ref = reference("gml", g, "adjacency", "0.25", "expi", "0.5", uv[0], uv[1]);
            // edge gradients
            JsonNode runs = run("runs-e-" + tag, with(base, "--gradient", "edges", "--distribute", "runs"));
            JsonNode rows = run("rows-e-" + tag, with(base, "--gradient", "edges", "--distribute", "rows",
                    "--partitions", "3"));
            String what = sameRun(runs, rows, "celegans H q=0.25 expi:t=0.5 u=" + uv[0] + " v=" + uv[1] + " edges",
                    1.0);
            double dg = gradientDiff(gradient("runs-e-" + tag), gradient("rows-e-" + tag));
            double ev = valueError(rows, ref);
            double eg = gradientError(gradient("rows-e-" + tag), ref.gradient());
            what += String.format(Locale.ROOT, "; edge gradient rows vs runs %.2e max|g| (%.1f eps), rows vs dense:"
                    + " value %.2e, gradient %.2e", dg, dg / EPS, ev, eg);
            assertEquals("CONVERGED", rows.get("termination").asText(), what);
            assertTrue(dg <= 1e3 * EPS, what);
            assertTrue(ev <= 1e-12, what);
            assertTrue(eg <= 1e-9, what);
            assertEquals(uv[0].equals(uv[1]) ? 1 : 4, rows.get("run").get("startingVectors").asInt());
            assertEquals(3, rows.get("run").get("partitions").asInt());
            assertEquals(2 * 297, rows.get("run").get("embedding").get("order").asInt());
            long halo = rows.get("run").get("haloEntries").asLong();
            assertTrue(halo > 0 && halo % 2 == 0, "the halo of M is A's with every node doubled: " + halo);
            assertEquals(8L * rows.get("run").get("startingVectors").asInt() * halo,
                    rows.get("run").get("haloBytesPerStep").asLong());
            assertEquals((rows.get("steps").asLong() + 1) * rows.get("run").get("haloBytesPerStep").asLong(),
                    rows.get("run").get("haloBytes").asLong(), "halo bytes: one exchange per step and the start's");
            // parameter gradient dF/dt, at --tol 1e-10: at 1e-12 the value's stopping test sits on its rounding
            // floor and the two recurrences' roundings can move the stop by one 10-step gradient window
            List<String> baseP = with(base.subList(0, base.size() - 2), "--tol", "1e-10");
            JsonNode runsP = run("runs-p-" + tag, with(baseP, "--gradient", "parameter", "--distribute", "runs"));
            JsonNode rowsP = run("rows-p-" + tag, with(baseP, "--gradient", "parameter", "--distribute", "rows",
                    "--partitions", "2"));
            String whatP = sameRun(runsP, rowsP, "celegans expi:t=0.5 u=" + uv[0] + " v=" + uv[1] + " dF/dt", 1.0);
            JsonNode a = runsP.get("gradientParameter");
            JsonNode b = rowsP.get("gradientParameter");
            double scale = Math.hypot(a.get("re").asDouble(), a.get("im").asDouble());
            double dp = Math.hypot(a.get("re").asDouble() - b.get("re").asDouble(),
                    a.get("im").asDouble() - b.get("im").asDouble()) / scale;
            double ep = Math.hypot(b.get("re").asDouble() - ref.dparam()[0], b.get("im").asDouble() - ref.dparam()[1])
                    / Math.hypot(ref.dparam()[0], ref.dparam()[1]);
            whatP += String.format(Locale.ROOT, "; dF/dt rows vs runs %.2e, rows vs dense %.2e", dp, ep);
            assertEquals("t", rowsP.get("gradientParameterName").asText());
            assertTrue(dp <= 1e3 * EPS, whatP);
            assertTrue(ep <= 1e-9, whatP);
        }
    }

    @Test
    void bcsstk01WithPhasesRowsEqualsRunsForAnyPartitioning() throws Exception {
        Path mtx = tmp.resolve("bcsstk01-phases.mtx");
        writeWithPhases(SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz"), mtx, 14L);
        List<String> base = List.of("bilinear", "--matrix", mtx.toString(), "--function", "expi:t=2",
                "--u", "node:3", "--v", "random:5", "--gradient", "edges", "--tol", "1e-12");
        Reference ref = reference("mtx", mtx.toString(), "expi", "2", "node:3", "random:5");
        JsonNode runs = run("b-runs", with(base, "--distribute", "runs"));
        // 1 block, 4 blocks, and 64 blocks for 48 nodes (empty blocks)
        for (String p : new String[] {"1", "4", "64"}) {
            JsonNode rows = run("b-rows-" + p, with(base, "--distribute", "rows", "--partitions", p));
            String what = sameRun(runs, rows, "bcsstk01 with phases expi:t=2, " + p + " blocks");
            double dg = gradientDiff(gradient("b-runs"), gradient("b-rows-" + p));
            double ev = valueError(rows, ref);
            double eg = gradientError(gradient("b-rows-" + p), ref.gradient());
            what += String.format(Locale.ROOT, "; edge gradient rows vs runs %.2e max|g|; rows vs dense: value %.2e,"
                    + " gradient %.2e", dg, ev, eg);
            assertTrue(dg <= 1e3 * EPS, what);
            assertTrue(ev <= 1e-12, what);
            assertTrue(eg <= 1e-9, what);
        }
        // complex beta, u = v, on the Laplacian-free matrix: the P/R fold with a real coefficient and complex H
        List<String> beta = List.of("bilinear", "--matrix", mtx.toString(), "--function", "exp:beta=0.1-2i",
                "--u", "random:7", "--gradient", "edges", "--tol", "1e-12");
        JsonNode r1 = run("beta-runs", with(beta, "--distribute", "runs"));
        JsonNode r2 = run("beta-rows", with(beta, "--distribute", "rows", "--partitions", "3"));
        String what = sameRun(r1, r2, "bcsstk01 with phases exp:beta=0.1-2i u = v");
        double dg = gradientDiff(gradient("beta-runs"), gradient("beta-rows"));
        assertTrue(dg <= 1e3 * EPS, what + String.format(Locale.ROOT, "; gradient rows vs runs %.2e", dg));
    }

    /**
     * The rows mode's edge gradient against central differences of the value (runs mode) on four entries of
     * bcsstk01 with seeded phases: Re and Im of two off-diagonal entries and a diagonal entry, u != v (four runs,
     * complex coefficients and complex H): checks the signs of the embedding's Im positions and the P/R split
     * without the numpy reference.
     */
    @Test
    void rowsEdgeGradientAgainstCentralDifferences() throws Exception {
        Path mtx = tmp.resolve("fd-base.mtx");
        writeWithPhases(SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz"), mtx, 14L);
        List<String> lines = Files.readAllLines(mtx);
        String[] fn = {"--function", "expi:t=1.5", "--u", "node:2", "--v", "node:9", "--tol", "1e-13"};
        JsonNode rows = run("fd-rows", with(with(List.of("bilinear", "--matrix", mtx.toString(), "--gradient",
                "edges", "--distribute", "rows", "--partitions", "3"), fn)));
        Map<String, double[]> g = gradient("fd-rows");
        double scale = Math.exp(rows.get("logScale").asDouble());
        // the two off-diagonal entries and the diagonal entry with the largest |dF/dRe| (central differences of
        // small derivatives drown in the value's rounding)
        List<String> off = new ArrayList<>();
        List<String> diag = new ArrayList<>();
        for (String k : g.keySet()) {
            String[] pq = k.split(" ");
            (pq[0].equals(pq[1]) ? diag : off).add(k);
        }
        java.util.Comparator<String> bySize = java.util.Comparator.comparingDouble(k -> -Math.hypot(g.get(k)[0],
                g.get(k)[1]));
        off.sort(bySize);
        diag.sort(bySize);
        List<String> picked = List.of(off.get(0), off.get(1), diag.get(0));
        double gmax = scale * Math.hypot(g.get(off.get(0))[0], g.get(off.get(0))[1]);
        int checked = 0;
        double h = 1e-4;
        for (int li = 3; li < lines.size(); li++) {
            String[] t = lines.get(li).trim().split("\\s+");
            int i = Integer.parseInt(t[0]);
            int j = Integer.parseInt(t[1]);
            boolean diagonal = i == j;
            if (!picked.contains(Math.min(i, j) + " " + Math.max(i, j))) {
                continue;
            }
            String key = Math.min(i, j) + " " + Math.max(i, j);
            for (int part = 0; part < (diagonal ? 1 : 2); part++) {
                double[] fp = perturbed(lines, li, part, h, "fd+" + li + "-" + part, fn);
                double[] fm = perturbed(lines, li, part, -h, "fd-" + li + "-" + part, fn);
                double re = (fp[0] - fm[0]) / (2 * h);
                double im = (fp[1] - fm[1]) / (2 * h);
                // the file stores A_ij with i > j; the table has p = j < q = i, A_pq = conj(A_ij): d/dIm(A_ij)
                // = -d/dIm(A_pq)
                double[] got = g.get(key);
                double gr = scale * (part == 0 ? got[0] : -got[2]);
                double gi = scale * (part == 0 ? got[1] : -got[3]);
                // relative to max |dF/dRe| over the entries (a central difference has an absolute error)
                double err = Math.hypot(gr - re, gi - im) / gmax;
                String what = String.format(Locale.ROOT, "entry (%d, %d) %s: rows %.12e %+.12ei, central difference"
                        + " %.12e %+.12ei, error %.2e max|dF/dRe|", i, j, part == 0 ? "Re" : "Im", gr, gi, re, im, err);
                assertTrue(err <= 1e-6, what);
            }
            checked++;
        }
        assertEquals(3, checked);
    }

    /** F (re, im) of the runs mode with the file's line {@code li} changed by delta in its real or imaginary part. */
    private double[] perturbed(List<String> lines, int li, int part, double delta, String name, String[] fn)
            throws IOException {
        List<String> copy = new ArrayList<>(lines);
        String[] t = copy.get(li).trim().split("\\s+");
        double re = Double.parseDouble(t[2]) + (part == 0 ? delta : 0);
        double im = Double.parseDouble(t[3]) + (part == 1 ? delta : 0);
        copy.set(li, String.format(Locale.ROOT, "%s %s %.17e %.17e", t[0], t[1], re, im));
        Path m = tmp.resolve(name + ".mtx");
        Files.write(m, copy);
        JsonNode s = run(name, with(List.of("bilinear", "--matrix", m.toString(), "--distribute", "runs"), fn));
        return new double[] {s.get("value").get("re").asDouble(), s.get("value").get("im").asDouble()};
    }

    @Test
    void celegansLaplacianRowsWithCheckpointsAndAuto() throws Exception {
        String g = celegans();
        List<String> base = List.of("bilinear", "--matrix", g, "--operator", "magnetic-laplacian:q=0.25",
                "--function", "exp:beta=-0.002-0.01i", "--u", "node:3", "--gradient", "parameter", "--tol", "1e-12");
        JsonNode auto = run("lap-auto", base);
        assertEquals("runs", auto.get("run").get("distribution").asText());
        assertTrue(auto.get("run").get("distributionReason").asText().contains("real embedding of order 2n = 594"),
                auto.get("run").get("distributionReason").asText());
        Path dir = tmp.resolve("ckpt");
        // a run cut short by its step budget keeps its checkpoint; the rerun resumes from it
        JsonNode cut = run("lap-cut", with(base, "--checkpoint-dir", dir.toString(), "--checkpoint-interval", "5",
                "--max-steps", "10"));
        assertEquals("STEP_BUDGET", cut.get("termination").asText());
        assertTrue(Files.exists(dir.resolve("lanczos").resolve("driver.json")), "the checkpoint is kept");
        JsonNode rows = run("lap-ckpt", with(base, "--checkpoint-dir", dir.toString(), "--checkpoint-interval", "5"));
        assertEquals(10, rows.get("run").get("resumedAtStep").asInt(), "resumed from the step-10 checkpoint");
        assertEquals("rows", rows.get("run").get("distribution").asText(), "auto with --checkpoint-dir");
        assertTrue(rows.get("run").get("distributionReason").asText().contains("--checkpoint-dir"));
        String what = sameRun(auto, rows, "celegans L q=0.25 exp:beta=-0.002-0.01i");
        Reference ref = reference("gml", g, "laplacian", "0.25", "exp", "-0.002", "-0.01", "node:3", "node:3");
        double ev = valueError(rows, ref);
        JsonNode gp = rows.get("gradientParameter");
        double ep = Math.hypot(gp.get("re").asDouble() - ref.dparam()[0], gp.get("im").asDouble() - ref.dparam()[1])
                / Math.hypot(ref.dparam()[0], ref.dparam()[1]);
        what += String.format(Locale.ROOT, "; rows vs dense: value %.2e, dF/dbeta %.2e", ev, ep);
        assertTrue(ev <= 1e-12, what);
        assertTrue(ep <= 1e-9, what);
        assertTrue(!Files.exists(dir.resolve("lanczos")), "the checkpoint is removed after success");
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
    void unsupportedOptionsAndBadVectorsAreUsageErrorsInBothModes() throws IOException {
        String g = celegans();
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=1", "--u", "node:1", "--distribute", "rows", "--stop", "bound"),
                "--stop bound", "real-only");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=1", "--u", "node:99999", "--distribute", "rows"), "node 99999",
                "not in the graph");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "power:p=2", "--u", "node:1"), "--function 'power:p=2'", "complex Hermitian operator",
                "expi:t=");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic:q=1",
                "--function", "expi:t=1", "--u", "node:1"), "--operator 'magnetic:q=1'", "magnetic-laplacian:q=Q");
    }
}
