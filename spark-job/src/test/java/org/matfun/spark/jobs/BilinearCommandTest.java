package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun bilinear} end to end through the command line on real data (CA-GrQc, bcsstk13), checked
 * against an independent dense reference computed by numpy/scipy (src/test/python/bilinear_reference.py:
 * eigh and the Daleckii-Krein formula), and its error handling (exit code 2, nothing written).
 */
class BilinearCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** CA-GrQc, exp(0.1 A)_{pq} for an edge (3466, 937), all 14,496 edge gradients. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void caGrQcValueAndEdgeGradientsMatchScipy(String distribute) throws Exception {
        String matrix = SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString();
        checkAgainstReference(matrix, "edgelist", "exp:beta=0.1", "node:3466", "node:937", "3", 14_496, distribute);
    }

    /** bcsstk13 (SPD stiffness, n = 2003), heat kernel u^T exp(-1e-11 A) v with u = ones, v = random:7. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void bcsstk13ValueAndEdgeGradientsMatchScipy(String distribute) throws Exception {
        String matrix = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        checkAgainstReference(matrix, "mtx", "exp:beta=-1e-11", "ones", "random:7", "4", 42_943, distribute);
    }

    private void checkAgainstReference(String matrix, String format, String function, String u, String v,
                                       String partitions, long edges, String distribute) throws Exception {
        SparkTestSupport.session();
        Path out = tmp.resolve("result");
        int code = MatfunMain.execute("bilinear", "--matrix", matrix, "--function", function, "--u", u, "--v", v,
                "--gradient", "edges", "--tol", "1e-12", "--partitions", partitions, "--distribute", distribute,
                "--output", out.toString());
        assertEquals(0, code, "exit code");
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("CONVERGED", s.get("termination").asText());
        assertEquals(edges, s.get("gradientEdges").asLong());
        assertEquals(distribute, s.get("run").get("distribution").asText());
        assertTrue(Files.readAllLines(out.resolve("convergence.csv")).size() == s.get("steps").asInt() + 1);
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith(".")),
                "no staging directory left behind");

        Path refJson = tmp.resolve("ref.json");
        Path refCsv = tmp.resolve("ref.csv");
        runReference(matrix, format, function, u, v, refJson, refCsv);
        JsonNode ref = JSON.readTree(refJson.toFile());
        double expected = ref.get("value").asDouble();
        double value = s.get("value").asDouble();
        assertEquals(expected, value, 1e-10 * Math.abs(expected), "value against scipy");
        assertEquals(ref.get("n").asLong(), s.get("n").asLong());
        assertEquals(ref.get("nnz").asLong(), s.get("nnz").asLong());

        Map<String, Double> reference = new HashMap<>();
        double scale = 0;
        List<String> lines = Files.readAllLines(refCsv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double g = Double.parseDouble(f[2]);
            reference.put(f[0] + " " + f[1], g);
            scale = Math.max(scale, Math.abs(g));
        }
        List<Row> rows = SparkTestSupport.session().read().parquet(out.resolve("gradient").toString()).collectAsList();
        assertEquals(reference.size(), rows.size(), "edge count against scipy");
        double worst = 0;
        for (Row r : rows) {
            Double g = reference.get(r.getLong(0) + " " + r.getLong(1));
            assertTrue(g != null, "edge " + r.getLong(0) + " " + r.getLong(1) + " not in the reference");
            worst = Math.max(worst, Math.abs(g - r.getDouble(2)));
        }
        // dense eigh is backward stable: its gradient entries carry errors ~ n eps max|G|
        assertTrue(worst <= 1e-9 * scale, "worst edge-gradient error " + worst + " relative to max |G| " + scale);
    }

    private static void runReference(String matrix, String format, String function, String u, String v,
                                     Path json, Path csv) throws IOException, InterruptedException {
        Path script = Paths.get("src/test/python/bilinear_reference.py").toAbsolutePath();
        Process p = new ProcessBuilder("python3", script.toString(), "--matrix", matrix, "--format", format,
                "--function", function, "--u", u, "--v", v, "--gradient", "edges", "--out-json", json.toString(),
                "--out-gradient", csv.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/bilinear_reference.log")))
                .start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "reference script timed out");
        assertEquals(0, p.exitValue(), "reference script failed, see target/bilinear_reference.log");
    }

    /** An unknown node, a bad function and an existing output directory: exit code 2, clear message, no output. */
    @Test
    void badInputExitsWithCode2AndWritesNothing() throws Exception {
        SparkTestSupport.session();
        String matrix = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        Path out = tmp.resolve("bad");
        assertEquals(2, MatfunMain.execute("bilinear", "--matrix", matrix, "--function", "exp:beta=1",
                "--u", "node:35", "--output", out.toString()));
        assertFalse(Files.exists(out));
        assertEquals(2, MatfunMain.execute("bilinear", "--matrix", matrix, "--function", "cosh",
                "--u", "node:1", "--output", out.toString()));
        assertEquals(2, MatfunMain.execute("bilinear", "--matrix", matrix, "--function", "log",
                "--u", "node:1", "--gradient", "parameter", "--output", out.toString()));
        assertFalse(Files.exists(out));
        Files.createDirectories(out);
        assertEquals(2, MatfunMain.execute("bilinear", "--matrix", matrix, "--function", "exp:beta=1",
                "--u", "node:1", "--output", out.toString()));
        assertEquals(0, Files.list(out).count(), "existing directory untouched");
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith(".")));
    }

    /** karate: parameter gradient dF/dbeta of exp(beta A)_{1,34} against a central difference of the value. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void parameterGradientMatchesCentralDifference(String distribute) throws Exception {
        SparkTestSupport.session();
        String matrix = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        double beta = 0.3;
        double h = 1e-5;
        double g = summary(matrix, "exp:beta=" + beta, "parameter", "g", distribute).get("gradientParameter").asDouble();
        double plus = summary(matrix, "exp:beta=" + (beta + h), "none", "p", distribute).get("value").asDouble();
        double minus = summary(matrix, "exp:beta=" + (beta - h), "none", "m", distribute).get("value").asDouble();
        double fd = (plus - minus) / (2 * h);
        assertEquals(fd, g, 1e-7 * Math.abs(g));
    }

    private JsonNode summary(String matrix, String f, String gradient, String name, String distribute)
            throws IOException {
        Path out = tmp.resolve(name);
        assertEquals(0, MatfunMain.execute("bilinear", "--matrix", matrix, "--function", f, "--u", "node:1",
                "--v", "node:34", "--gradient", gradient, "--tol", "1e-13", "--distribute", distribute,
                "--output", out.toString()));
        return JSON.readTree(out.resolve("summary.json").toFile());
    }
}
