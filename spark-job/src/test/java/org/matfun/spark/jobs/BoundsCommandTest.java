package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.spark.SparkTestSupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 through the command line, in both execution modes, against scipy's dense eigh
 * (src/test/python/bilinear_reference.py): the exact value lies inside the interval of summary.json and inside the
 * interval of every row of convergence.csv; --stop bound never stops with the value outside, says certified: false
 * with the reason when the budget ends (bcsstk13 sqrt, 1138_bus log), and certified: true when the interval met the
 * tolerance (karate exp). The reference is allowed n eps times its scale |F| (dense eigh is backward stable).
 */
class BoundsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = Math.ulp(1.0);
    private static final Map<String, Double> REFERENCES = new ConcurrentHashMap<>();

    @TempDir
    Path tmp;

    /** bcsstk13 sqrt converges only at k = n: with 300 steps the budget ends, and the interval must hold. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void bcsstk13SqrtStopsUncertifiedAtBudgetWithExactInside(String mode) throws Exception {
        String m = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        JsonNode s = run(mode, m, "sqrt", "ones", "ones", "--stop", "bound", "--max-steps", "300", "--tol", "1e-8");
        assertEquals("STEP_BUDGET", s.get("termination").asText());
        assertEquals("bound", s.get("stop").asText());
        assertFalse(s.get("certified").asBoolean());
        assertTrue(s.get("certificate").asText().contains("step budget"), s.get("certificate").asText());
        assertEquals(0.0, s.get("spectrum").get("lower").asDouble(), "sqrt: psd-assumed lower end");
        double exact = reference(m, "mtx", "sqrt", "ones", "ones");
        checkInside(s, exact, 2003);
    }

    /** log on 1138_bus: Gershgorin has no positive lower end, so --stop bound is refused; with --spectrum it runs. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void busLogNeedsPositiveLowerEnd(String mode) throws Exception {
        String m = SparkTestSupport.sharedData("suitesparse/1138_bus.mtx.gz").toString();
        SparkTestSupport.session();
        Path out = tmp.resolve("refused");
        int code = MatfunMain.execute("bilinear", "--matrix", m, "--function", "log", "--u", "ones", "--stop",
                "bound", "--distribute", mode, "--output", out.toString());
        assertEquals(2, code);
        assertFalse(Files.exists(out), "nothing written");
        // the default (auto) falls back to the estimate and reports a one-sided interval
        JsonNode auto = run(mode, m, "log", "ones", "ones", "--max-steps", "100");
        assertEquals("estimate", auto.get("stop").asText());
        assertFalse(auto.get("certified").asBoolean());
        assertTrue(auto.get("certificate").asText().startsWith("no lower bound"), auto.get("certificate").asText());
        double exact = reference(m, "mtx", "log", "ones", "ones");
        double upper = auto.get("bounds").get("upper").asDouble();
        assertTrue(exact <= upper + 1138 * EPS * Math.abs(exact), "exact " + exact + " above upper " + upper);
        // lambda_min = 0.0035168...: an asserted interval with a positive lower end gives both sides
        JsonNode s = run(mode, m, "log", "ones", "ones", "--stop", "bound", "--spectrum", "0.0017:40367",
                "--max-steps", "200");
        assertEquals("user", s.get("spectrum").get("source").asText());
        assertEquals("STEP_BUDGET", s.get("termination").asText());
        assertFalse(s.get("certified").asBoolean());
        checkInside(s, exact, 1138);
    }

    /** karate exp(A) from node 1, u = v and u != v: --stop auto is bound, certified, the exact value inside. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void karateExpCertified(String mode) throws Exception {
        String m = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        for (String v : new String[] {"node:1", "node:34"}) {
            JsonNode s = run(mode, m, "exp:beta=1", "node:1", v, "--tol", "1e-9");
            assertEquals("bound", s.get("stop").asText());
            assertEquals("CONVERGED", s.get("termination").asText());
            double exact = reference(m, "mtx", "exp:beta=1", "node:1", v);
            checkInside(s, exact, 34);
            if (v.equals("node:1")) {
                assertTrue(s.get("certified").asBoolean(), s.toString());
                assertTrue(s.get("bounds").get("relativeWidth").asDouble() <= 1e-9);
            }
        }
    }

    /**
     * Email-Enron exp(0.55 A) between nodes 0 and 1: the Radau node at the Gershgorin end (max degree 1383, lambda_max
     * about 118) keeps the polarization interval around 0 (e^(0.55 (1383 - 118)) swamps it). --stop auto lets the
     * estimate decide after its patience (converged, certified: false, the reason given) instead of running to the
     * budget as --stop bound does; the value against scipy's expm_multiply (1e-9 relative, tol 1e-10).
     */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void autoStopLetsTheEstimateDecideWhenTheIntervalContainsZero(String mode) throws Exception {
        String m = SparkTestSupport.sharedData("snap/Email-Enron.txt.gz").toString();
        JsonNode auto = run(mode, m, "exp:beta=0.55", "node:0", "node:1");
        assertEquals("CONVERGED", auto.get("termination").asText());
        assertEquals("bound", auto.get("stop").asText());
        assertTrue(auto.get("steps").asInt() <= 60, "steps " + auto.get("steps"));
        assertFalse(auto.get("certified").asBoolean());
        // the estimate decided (window without progress) or the interval reached its rounding margin: never certified
        assertTrue(auto.get("certificate").asText().contains("relative width Infinity"), auto.get("certificate").asText());
        double exact = scipyExp(m, 0.55, 0, 1);
        assertEquals(exact, auto.get("value").asDouble(), 1e-9 * Math.abs(exact));
        JsonNode strict = run(mode, m, "exp:beta=0.55", "node:0", "node:1", "--stop", "bound", "--max-steps", "60");
        // strict: it stops only at the budget or at the rules' rounding margin (which the fixed node's weight makes
        // wide here), and never certifies
        assertFalse(strict.get("certified").asBoolean(), strict.toString());
    }

    /** e_u^T exp(beta A) e_v of a SNAP graph by scipy's expm_multiply (benchmarks/python/sweep_scipy.py). */
    private static double scipyExp(String graph, double beta, long u, long v) throws Exception {
        Path json = Files.createTempFile("scipy-exp", ".json");
        Path script = Paths.get("../benchmarks/python/sweep_scipy.py").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("python3", script.toString(), graph, Long.toString(u), Long.toString(v),
                Double.toString(beta / 2), Double.toString(beta), "2")
                .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/scipy_reference.log")))
                .redirectOutput(json.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "scipy reference timed out");
        assertEquals(0, p.exitValue(), "scipy reference failed, see target/scipy_reference.log");
        return JSON.readTree(json.toFile()).get("scipySingleValue").asDouble();
    }

    /** The value's interval in summary.json and in every row of convergence.csv contains the exact value. */
    private void checkInside(JsonNode s, double exact, int n) throws Exception {
        double margin = n * EPS * Math.abs(exact);
        JsonNode b = s.get("bounds");
        assertTrue(b.isObject(), "bounds " + b);
        double lo = b.get("lower").asDouble();
        double hi = b.get("upper").asDouble();
        assertTrue(lo <= exact + margin && exact - margin <= hi, "exact " + exact + " outside [" + lo + ", " + hi + "]");
        List<String> lines = Files.readAllLines(tmp.resolve("result").resolve("convergence.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        int l = header.indexOf("lowerBound");
        int u = header.indexOf("upperBound");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (!f[l].isEmpty()) {
                assertTrue(Double.parseDouble(f[l]) <= exact + margin, "step " + f[0] + ": lower " + f[l] + " > " + exact);
            }
            if (!f[u].isEmpty()) {
                assertTrue(exact - margin <= Double.parseDouble(f[u]), "step " + f[0] + ": upper " + f[u] + " < " + exact);
            }
        }
        assertEquals(s.get("steps").asInt() + 1, lines.size());
    }

    private JsonNode run(String mode, String matrix, String f, String u, String v, String... extra) throws Exception {
        SparkTestSupport.session();
        Path out = tmp.resolve("result");
        String[] base = {"bilinear", "--matrix", matrix, "--function", f, "--u", u, "--v", v, "--distribute", mode,
            "--output", out.toString(), "--overwrite"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        assertEquals(0, MatfunMain.execute(args), "exit code");
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    private double reference(String matrix, String format, String f, String u, String v) {
        return REFERENCES.computeIfAbsent(String.join(" ", matrix, f, u, v), k -> {
            try {
                Path json = Files.createTempFile("bounds-ref", ".json");
                Path script = Paths.get("src/test/python/bilinear_reference.py").toAbsolutePath();
                Process p = new ProcessBuilder("python3", script.toString(), "--matrix", matrix, "--format", format,
                        "--function", f, "--u", u, "--v", v, "--gradient", "none", "--out-json", json.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/bounds_reference.log")))
                        .start();
                assertTrue(p.waitFor(10, TimeUnit.MINUTES), "reference script timed out");
                assertEquals(0, p.exitValue(), "reference script failed, see target/bounds_reference.log");
                return JSON.readTree(json.toFile()).get("value").asDouble();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
