package org.matfun.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.jobs.MatfunMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two execution modes (DESIGN 3.1b) give the same results on real data from ../shared/data, and auto chooses
 * as documented. Bilinear runs stop at the same step in both modes (one run, the same stopping rule), so values
 * and gradients agree to rounding: 1e3 eps relative (values), 1e3 eps max|g| (gradients). A communicability group
 * of the runs mode stops when its own items converge, a block-row pass when all of its items have: those values
 * agree to the tolerance, 100 tol relative (tol = 1e-10 here); trace probe values are the same runs, to rounding.
 */
class ExecutionModesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = Math.ulp(1.0);

    @TempDir
    Path tmp;

    private JsonNode run(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--output");
        all.add(tmp.resolve(name).toString());
        assertEquals(0, MatfunMain.execute(all.toArray(new String[0])), String.join(" ", all));
        return JSON.readTree(tmp.resolve(name).resolve("summary.json").toFile());
    }

    private Map<String, Double> table(String dir, String sub, int keyColumns, int valueColumn) {
        Map<String, Double> m = new HashMap<>();
        for (Row r : SparkTestSupport.session().read().parquet(tmp.resolve(dir).resolve(sub).toString())
                .collectAsList()) {
            StringBuilder key = new StringBuilder();
            for (int c = 0; c < keyColumns; c++) {
                key.append(r.get(c)).append(' ');
            }
            m.put(key.toString(), r.getDouble(valueColumn));
        }
        return m;
    }

    private static void assertClose(Map<String, Double> a, Map<String, Double> b, double relToMax, String what) {
        assertEquals(a.keySet(), b.keySet(), what + ": the same rows");
        double max = 0.0;
        for (double v : a.values()) {
            max = Math.max(max, Math.abs(v));
        }
        for (Map.Entry<String, Double> e : a.entrySet()) {
            assertEquals(e.getValue(), b.get(e.getKey()), relToMax * max, what + " " + e.getKey());
        }
    }

    @Test
    void bilinearGivesTheSameValueGradientsAndStepsInBothModes() throws IOException {
        SparkTestSupport.session();
        String grqc = SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString();
        String bcsstk = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        String[][] cases = {
            {"bilinear", "--matrix", grqc, "--function", "exp:beta=0.1", "--u", "node:3466", "--v", "node:937",
                "--gradient", "edges"},
            {"bilinear", "--matrix", grqc, "--function", "exp:beta=0.1", "--u", "node:3466", "--gradient", "edges"},
            {"bilinear", "--matrix", bcsstk, "--function", "exp:beta=-1e-11", "--u", "random:3", "--gradient",
                "parameter"},
        };
        for (int c = 0; c < cases.length; c++) {
            JsonNode[] s = new JsonNode[2];
            String[] modes = {"rows", "runs"};
            for (int m = 0; m < 2; m++) {
                String[] args = java.util.Arrays.copyOf(cases[c], cases[c].length + 2);
                args[args.length - 2] = "--distribute";
                args[args.length - 1] = modes[m];
                s[m] = run("b" + c + modes[m], args);
                assertEquals(modes[m], s[m].get("run").get("distribution").asText());
            }
            String what = String.join(" ", cases[c]);
            double v = s[0].get("value").asDouble();
            assertEquals(v, s[1].get("value").asDouble(), 1e3 * EPS * Math.abs(v), what);
            assertEquals(s[0].get("steps").asInt(), s[1].get("steps").asInt(), what);
            assertEquals(s[0].get("termination").asText(), s[1].get("termination").asText(), what);
            if (s[0].has("gradientParameter")) {
                double g = s[0].get("gradientParameter").asDouble();
                assertEquals(g, s[1].get("gradientParameter").asDouble(), 1e3 * EPS * Math.abs(g), what);
            }
            if (s[0].get("gradient").asText().equals("edges")) {
                assertEquals(s[0].get("gradientEdges").asLong(), s[1].get("gradientEdges").asLong());
                assertClose(table("b" + c + "rows", "gradient", 2, 2), table("b" + c + "runs", "gradient", 2, 2),
                        1e3 * EPS, what + " dF/dw");
            }
            assertTrue(s[1].get("run").get("tasks").get("count").asInt() == 1, "one task for one run");
        }
    }

    @Test
    void communicabilityGivesTheSameResultsInBothModes() throws IOException {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/dolphins.gml.gz").toString();
        Path pairs = Files.writeString(tmp.resolve("pairs.txt"), "0 1\n3 40\n7 7\n12 61\n20 35\n");
        Path nodes = Files.writeString(tmp.resolve("nodes.txt"), "5\n14\n");
        Path cand = Files.writeString(tmp.resolve("cand.txt"), "0 2\n10 50\n");
        for (String method : new String[] {"auto", "one-sided", "taylor"}) {
            JsonNode[] s = new JsonNode[2];
            String[] modes = {"rows", "runs"};
            for (int m = 0; m < 2; m++) {
                s[m] = run("c" + method + modes[m], "communicability", "--graph", graph, "--pairs", pairs.toString(),
                        "--subgraph-centrality", method.equals("one-sided") ? "all" : nodes.toString(), "--total",
                        "--estrada", "--probes", "12", "--seed", "3", "--sensitivities", "top:5", "--sensitivities-for",
                        method.equals("one-sided") ? "total,estrada"
                                : method.equals("taylor") ? "total,nodes,estrada" : "total,pairs,nodes,estrada", "--candidates", cand.toString(), "--pair-method", method,
                        "--tol", "1e-10", "--distribute", modes[m]);
                assertEquals(modes[m], s[m].get("run").get("distribution").asText());
            }
            double tol = 100 * 1e-10;
            String r = "c" + method + "rows";
            String u = "c" + method + "runs";
            assertClose(table(r, "pairs", 2, 2), table(u, "pairs", 2, 2), tol, method + " pairs");
            if (method.equals("one-sided")) {
                assertClose(table(r, "subgraph-centrality-estimated", 1, 1), table(u, "subgraph-centrality-estimated",
                        1, 1), tol, method + " diagonal estimator");
            } else {
                assertClose(table(r, "subgraph-centrality", 2, 2), table(u, "subgraph-centrality", 2, 2), tol,
                        method + " subgraph centrality");
            }
            assertClose(table(r, "total-communicability", 1, 1), table(u, "total-communicability", 1, 1), tol,
                    method + " total communicability vector");
            assertClose(table(r, "sensitivities", 3, 3), table(u, "sensitivities", 3, 3), 1e-6,
                    method + " sensitivities");
            assertClose(table(r, "candidates", 3, 3), table(u, "candidates", 3, 3), 1e-6, method + " candidates");
            for (String measure : new String[] {"total", "estrada"}) {
                double v = s[0].get(measure).get("value").asDouble();
                assertEquals(v, s[1].get(measure).get("value").asDouble(), tol * Math.abs(v), method + " " + measure);
            }
        }
    }

    @Test
    void traceGivesTheSameEstimateInBothModes() throws IOException {
        SparkTestSupport.session();
        String m = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        JsonNode[] s = new JsonNode[2];
        String[] modes = {"rows", "runs"};
        for (int i = 0; i < 2; i++) {
            // blocks of 2 probes in both modes (the runs mode's tasks hold 2 probes): the same runs, the same stops
            s[i] = run("t" + modes[i], "trace", "--matrix", m, "--matrix-theta", "1e-11", "--component", "identity",
                    "--theta", "0.5", "--function", "exp:beta=-1", "--gradient", "theta", "--probes", "20", "--seed",
                    "4", "--block-size", "2", "--tol", "1e-12", "--distribute", modes[i]);
            assertEquals(modes[i], s[i].get("run").get("distribution").asText());
        }
        double v = s[0].get("value").asDouble();
        assertEquals(v, s[1].get("value").asDouble(), 1e3 * EPS * Math.abs(v));
        double se = s[0].get("standardError").asDouble();
        assertEquals(se, s[1].get("standardError").asDouble(), 1e-9 * se);
        for (int c = 0; c < 2; c++) {
            double g = s[0].get("components").get(c).get("gradient").get("value").asDouble();
            assertEquals(g, s[1].get("components").get(c).get("gradient").get("value").asDouble(), 1e-10 * Math.abs(g));
        }
        assertEquals(20, s[1].get("probes").asInt());
        assertEquals(s[0].get("steps").asInt(), s[1].get("steps").asInt());
    }

    @Test
    void autoPicksRunsWhenTheOperatorFitsAndRowsWhenItDoesNot() throws IOException {
        SparkTestSupport.session();
        JsonNode s = run("auto", "bilinear", "--matrix", SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString(),
                "--function", "exp:beta=0.1", "--u", "node:3466", "--v", "node:937", "--gradient", "edges");
        assertEquals("runs", s.get("run").get("distribution").asText());
        assertTrue(s.get("run").get("predictedBytes").asLong() <= 0.5 * s.get("run").get("availableBytes").asLong());
        // CA-GrQc's numbers against a 1 MB executor: rows, with the reason
        DistributionChoice small = DistributionChoice.choose(Distribution.AUTO, 5242, 28_980, 8L * 5242 * 2 * 304,
                1_000_000L, 1, false);
        assertEquals(Distribution.ROWS, small.mode());
        assertTrue(small.reason().contains("does not fit"), small.reason());
        assertEquals(Distribution.RUNS, DistributionChoice.choose(Distribution.RUNS, 5242, 28_980, 0, 1, 1, false)
                .mode(), "an explicit runs is kept");
    }
}
