package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun bilinear} on complex Hermitian operators with a list or range of parameter values (issue 14): one
 * Lanczos pass, summary.json 'values', convergence.csv column groups, gradient/ with a parameter column; each value
 * against the numpy/scipy dense reference ({@code complex/hermitian_reference.py}, see
 * {@link ComplexBilinearCommandTest}) and equal to the single-value job's. Real data: C. elegans magnetic adjacency and
 * Laplacian (q = 0.25), bcsstk01 with seeded phases.
 */
class ComplexSweepCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSupport.session();
    }

    private JsonNode run(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(tmp.resolve(name).toString());
        CommandLineRun r = CommandLineRun.run(all);
        assertEquals(0, r.code(), String.join(" ", all) + "\n" + r.err());
        return JSON.readTree(tmp.resolve(name).resolve("summary.json").toFile());
    }

    /** gradient/ rows of one parameter value, by "src dst". */
    private Map<String, double[]> gradient(String name, double parameter) {
        Map<String, double[]> m = new HashMap<>();
        for (Row r : SparkTestSupport.session().read().parquet(tmp.resolve(name).resolve("gradient").toString())
                .collectAsList()) {
            if ((double) r.getAs("parameter") == parameter) {
                String key = r.getAs("src") + " " + r.getAs("dst");
                assertNull(m.put(key, new double[] {r.getAs("dRe_re"), r.getAs("dRe_im"), r.getAs("dIm_re"),
                    r.getAs("dIm_im")}), "one row per entry and value: " + key);
            }
        }
        return m;
    }

    private static double relative(JsonNode z, double re, double im) {
        return Math.hypot(z.get("re").asDouble() - re, z.get("im").asDouble() - im) / Math.hypot(re, im);
    }

    private static String celegans() {
        return SparkTestSupport.sharedData("networks/celegansneural.gml.gz").toString();
    }

    /** expi:t list with edge gradients on C. elegans H: every value against the dense reference and its single job. */
    @Test
    void celegansExpiListWithEdgeGradients() throws Exception {
        String g = celegans();
        String[] ts = {"0.1", "0.5", "1", "2"};
        JsonNode s = run("list", "bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=" + String.join(",", ts), "--u", "node:1", "--v", "node:10",
                "--gradient", "edges", "--tol", "1e-12");
        assertEquals("CONVERGED", s.get("termination").asText(), s.toString());
        assertEquals("t", s.get("parameterName").asText());
        assertEquals(ts.length, s.get("values").size());
        assertEquals(ts.length, s.get("parameters").size());
        assertEquals("runs", s.get("run").get("distribution").asText());
        assertNull(s.get("value"), "a list has no top-level value");
        int longest = 0;
        StringBuilder report = new StringBuilder();
        for (int i = 0; i < ts.length; i++) {
            double t = Double.parseDouble(ts[i]);
            JsonNode e = s.get("values").get(i);
            assertEquals(t, e.get("parameter").asDouble(), 0.0);
            assertEquals(t, s.get("parameters").get(i).asDouble(), 0.0);
            assertEquals("CONVERGED", e.get("termination").asText());
            ComplexBilinearCommandTest.Reference ref = ComplexBilinearCommandTest.reference("gml", g, "adjacency",
                    "0.25", "expi", ts[i], "node:1", "node:10");
            double ev = relative(e.get("value"), ref.re(), ref.im());
            double eg = ComplexBilinearCommandTest.gradientError(gradient("list", t), ref.gradient());
            String what = String.format(Locale.ROOT, "celegans H expi:t=%s (t||H|| = %.1f): %d steps, value rel err"
                    + " %.2e, edge gradient rel err %.2e", ts[i], t * ref.norm(), e.get("steps").asInt(), ev, eg);
            report.append(what).append('\n');
            assertTrue(ev <= 1e-12, what);
            assertTrue(eg <= 1e-9, what);
            // the single-value job: the same value, steps and termination (one pass shares T_k only)
            JsonNode one = run("one-" + i, "bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                    "--function", "expi:t=" + ts[i], "--u", "node:1", "--v", "node:10", "--gradient", "edges",
                    "--tol", "1e-12");
            assertNull(one.get("values"), "a single value keeps today's summary");
            assertEquals(one.get("value"), e.get("value"), what);
            assertEquals(one.get("steps"), e.get("steps"), what);
            assertEquals(one.get("errorEstimate"), e.get("errorEstimate"), what);
            assertEquals(one.get("termination"), e.get("termination"), what);
            longest = Math.max(longest, e.get("steps").asInt());
        }
        assertEquals(longest, s.get("steps").asInt(), report.toString());
        assertTrue(s.get("values").get(0).get("steps").asInt() < longest, "values stop at their own step: " + report);
        List<String> csv = Files.readAllLines(tmp.resolve("list").resolve("convergence.csv"));
        assertTrue(csv.get(0).startsWith("step,matvecs,re[t=0.1],im[t=0.1],abs[t=0.1],errorEstimate[t=0.1]"),
                csv.get(0));
        assertTrue(csv.get(0).contains("re[t=2]"), csv.get(0));
        assertEquals(longest + 1, csv.size(), "one line per step of the pass");
    }

    /**
     * The expi:t list in the block-row plan (3 row blocks of the real embedding). With edge gradients at --tol
     * 1e-12, every value meets the dense reference as in the runs mode (value 1e-12, edge gradient 1e-9) and the
     * two modes' values agree to 1e-12: at that tolerance a value's stop (and the gradient estimate, checked every
     * 10 steps) sits on its rounding floor, where the two recurrences, equal to rounding, can stop some steps apart
     * (measured: t = 0.1 at 32 vs 30 steps; the pass 110 vs 100 with edge gradients at 1e-10). Away from the floor
     * (--tol 1e-8, no gradient) each value has the runs mode's steps and termination, and its value within 1e3 eps
     * (unit u, v: max(|F|, ||u|| ||v||) = 1) plus the two error estimates times |F|: once the Lanczos vectors lose
     * orthogonality the recurrences' rounding differences are amplified (t = 2: 5.5e-11 apart at step 52, error
     * estimates 9e-10 and 3e-10 relative). Block-row fields in the summary.
     */
    @Test
    void celegansExpiListRowsEqualsRuns() throws Exception {
        String g = celegans();
        String[] ts = {"0.1", "1", "2"};
        List<String> base = List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=" + String.join(",", ts), "--u", "node:1", "--v", "node:10");
        JsonNode runs = run("sweep-runs", with(base, "--gradient", "edges", "--tol", "1e-12", "--distribute", "runs"));
        JsonNode rows = run("sweep-rows", with(base, "--gradient", "edges", "--tol", "1e-12", "--distribute", "rows",
                "--partitions", "3"));
        assertEquals("rows", rows.get("run").get("distribution").asText());
        assertEquals(3, rows.get("run").get("partitions").asInt());
        assertTrue(rows.get("run").get("haloBytes").asLong() > 0, rows.get("run").toString());
        for (int i = 0; i < ts.length; i++) {
            double t = Double.parseDouble(ts[i]);
            JsonNode a = runs.get("values").get(i);
            JsonNode b = rows.get("values").get(i);
            String what = "expi:t=" + ts[i] + " runs " + a + " rows " + b;
            assertEquals("CONVERGED", b.get("termination").asText(), what);
            assertTrue(relative(b.get("value"), a.get("value").get("re").asDouble(),
                    a.get("value").get("im").asDouble()) <= 1e-12, what);
            ComplexBilinearCommandTest.Reference ref = ComplexBilinearCommandTest.reference("gml", g, "adjacency",
                    "0.25", "expi", ts[i], "node:1", "node:10");
            double ev = relative(b.get("value"), ref.re(), ref.im());
            double eg = ComplexBilinearCommandTest.gradientError(gradient("sweep-rows", t), ref.gradient());
            assertTrue(ev <= 1e-12, what + ": value rel err " + ev);
            assertTrue(eg <= 1e-9, what + ": edge gradient rel err " + eg);
        }
        JsonNode runs8 = run("sweep-runs-8", with(base, "--tol", "1e-8", "--distribute", "runs"));
        JsonNode rows8 = run("sweep-rows-8", with(base, "--tol", "1e-8", "--distribute", "rows", "--partitions", "3"));
        assertEquals(runs8.get("steps"), rows8.get("steps"));
        double eps = Math.ulp(1.0);
        for (int i = 0; i < ts.length; i++) {
            JsonNode a = runs8.get("values").get(i);
            JsonNode b = rows8.get("values").get(i);
            String what = "tol 1e-8, expi:t=" + ts[i] + " runs " + a + " rows " + b;
            assertEquals(a.get("steps"), b.get("steps"), what);
            assertEquals(a.get("termination"), b.get("termination"), what);
            // the two recurrences agree to rounding, which the loss of orthogonality of an oscillatory run (t = 2:
            // 52 steps, t ||H|| ~ 95) amplifies: the values at the same step agree within their error estimates
            double scale = Math.max(1.0, a.get("abs").asDouble());
            double allowed = 1e3 * eps * scale + (a.get("errorEstimate").asDouble() + b.get("errorEstimate").asDouble())
                    * a.get("abs").asDouble();
            double diff = Math.hypot(a.get("value").get("re").asDouble() - b.get("value").get("re").asDouble(),
                    a.get("value").get("im").asDouble() - b.get("value").get("im").asDouble());
            assertTrue(diff <= allowed, what + ": |rows - runs| = " + diff + " > " + allowed);
        }
    }

    private static String[] with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /**
     * A t range on bcsstk01 with seeded phases, dF/dt per value against the reference. At --tol 1e-12 the value
     * t = 7.5 runs to the step budget, alone as in the list (its value and dF/dt change estimates stay at the
     * rounding level, 5e-12 and 3e-10, above 1e-12; true errors 6e-14 and 2e-12); hence 1e-11 here.
     */
    @Test
    void bcsstk01RangeWithParameterGradient() throws Exception {
        Path mtx = tmp.resolve("bcsstk01-phases.mtx");
        ComplexBilinearCommandTest.writeWithPhases(SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz"), mtx,
                14L);
        JsonNode s = run("range", "bilinear", "--matrix", mtx.toString(), "--function", "expi:t=2.5:2.5:10",
                "--u", "node:3", "--v", "random:5", "--gradient", "parameter", "--tol", "1e-11");
        JsonNode p = s.get("parameters");
        assertEquals(4, p.size());
        assertEquals("t", s.get("gradientParameterName").asText());
        double[] expected = {2.5, 5, 7.5, 10};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], p.get(i).asDouble(), 0.0);
            JsonNode e = s.get("values").get(i);
            String t = Double.toString(expected[i]);
            ComplexBilinearCommandTest.Reference ref = ComplexBilinearCommandTest.reference("mtx", mtx.toString(),
                    "expi", t, "node:3", "random:5");
            double ev = relative(e.get("value"), ref.re(), ref.im());
            double ep = relative(e.get("gradientParameter"), ref.dparam()[0], ref.dparam()[1]);
            String what = String.format(Locale.ROOT, "bcsstk01 expi:t=%s: %d steps, value rel err %.2e, dF/dt rel err"
                    + " %.2e", t, e.get("steps").asInt(), ev, ep);
            assertEquals("CONVERGED", e.get("termination").asText(), what);
            assertTrue(ev <= 1e-12, what);
            assertTrue(ep <= 1e-9, what);
            assertEquals(Math.hypot(ref.re(), ref.im()), e.get("abs").asDouble(), 1e-12 * e.get("abs").asDouble());
            assertEquals(Math.atan2(ref.im(), ref.re()), e.get("arg").asDouble(), 1e-11);
        }
    }

    /** Complex beta list on the magnetic Laplacian: parameters as {re, im}, dF/dbeta, gradient/ parameterIm. */
    @Test
    void celegansLaplacianComplexBetaList() throws Exception {
        String g = celegans();
        String[][] betas = {{"-0.002", "-0.01"}, {"0", "-0.005"}, {"-0.001", "0"}};
        JsonNode s = run("beta", "bilinear", "--matrix", g, "--operator", "magnetic-laplacian:q=0.25",
                "--function", "exp:beta=-0.002-0.01i,-0.005i,-0.001", "--u", "node:3", "--gradient", "parameter",
                "--tol", "1e-12");
        assertEquals("beta", s.get("parameterName").asText());
        for (int i = 0; i < betas.length; i++) {
            JsonNode e = s.get("values").get(i);
            assertEquals(Double.parseDouble(betas[i][0]), e.get("parameter").get("re").asDouble(), 0.0);
            assertEquals(Double.parseDouble(betas[i][1]), e.get("parameter").get("im").asDouble(), 0.0);
            ComplexBilinearCommandTest.Reference ref = ComplexBilinearCommandTest.reference("gml", g, "laplacian",
                    "0.25", "exp", betas[i][0], betas[i][1], "node:3", "node:3");
            double ev = relative(e.get("value"), ref.re(), ref.im());
            double ep = relative(e.get("gradientParameter"), ref.dparam()[0], ref.dparam()[1]);
            String what = String.format(Locale.ROOT, "celegans L beta=(%s, %s): %d steps, value rel err %.2e,"
                    + " dF/dbeta rel err %.2e", betas[i][0], betas[i][1], e.get("steps").asInt(), ev, ep);
            assertEquals("CONVERGED", e.get("termination").asText(), what);
            assertTrue(ev <= 1e-12, what);
            assertTrue(ep <= 1e-9, what);
        }
        // edge gradients of a beta list carry Re and Im of beta
        run("beta-edges", "bilinear", "--matrix", g, "--operator", "magnetic-laplacian:q=0.25",
                "--function", "exp:beta=-0.002-0.01i,-0.001", "--u", "node:3", "--gradient", "edges", "--tol", "1e-10");
        List<String> columns = List.of(SparkTestSupport.session().read()
                .parquet(tmp.resolve("beta-edges").resolve("gradient").toString()).columns());
        assertEquals(List.of("src", "dst", "parameter", "parameterIm", "dRe_re", "dRe_im", "dIm_re", "dIm_im"),
                columns);
    }

    @Test
    void badListsAreUsageErrors() throws IOException {
        String g = celegans();
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=0.1,0.2i", "--u", "node:1"), "--function 'expi:t=0.1,0.2i'", "must be real");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=0:0:1", "--u", "node:1"), "STEP is 0");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", g, "--operator", "magnetic-adjacency:q=0.25",
                "--function", "expi:t=1,2", "--u", "node:99999", "--distribute", "rows"), "node 99999",
                "not in the graph");
        assertFalse(ComplexSweep.isList("expi:t=0.5"));
        assertTrue(ComplexSweep.isList("expi:t=0.5,1"));
        assertTrue(ComplexBilinear.complexFunction("expi:t=0.1:0.1:1"));
        assertTrue(ComplexBilinear.complexFunction("exp:beta=-0.5i,0.1-2i,1"));
        assertFalse(ComplexBilinear.complexFunction("exp:beta=0.1,0.5"));
    }
}
