package org.matfun.spark.communicability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.jobs.MatfunMain;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code matfun communicability} end to end on the classic networks, against networkx 3.x and a cancellation-free
 * Taylor-series reference computed by src/test/python/communicability_reference.py.
 */
class CommunicabilityCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Relative agreement required for exact quantities (issue 5). */
    private static final double REL = 1e-10;

    @TempDir
    Path tmp;

    private static final double EPS = Math.ulp(1.0);
    /** Allowance of the references inside the certified intervals, in units of eps times their magnitude. */
    private static final double INTERVAL_REF = 256;

    /**
     * Pairs (15 random, one diagonal, one per row of a random edge), 5 listed nodes and the total communicability
     * vector at beta = 1 with networkx's unweighted semantics; lesmis also with its weights (Taylor reference only:
     * networkx binarizes).
     */
    @ParameterizedTest
    @CsvSource({
        "networks/karate.mtx.gz, mtx, ignore, 2, polarization, rows",
        "networks/karate.mtx.gz, mtx, ignore, 2, polarization, runs",
        "networks/dolphins.gml.gz, gml, ignore, 3, auto, rows",
        "networks/dolphins.gml.gz, gml, ignore, 3, auto, runs",
        "networks/lesmis.gml.gz, gml, ignore, 1, polarization, rows",
        "networks/lesmis.gml.gz, gml, use, 2, one-sided, rows",
        "networks/lesmis.gml.gz, gml, use, 2, one-sided, runs",
        "networks/polbooks.gml.gz, gml, ignore, 2, taylor, rows",
        "networks/polbooks.gml.gz, gml, ignore, 2, taylor, runs",
        "networks/football.gml.gz, gml, ignore, 4, one-sided, rows",
    })
    void pairsNodesAndTotalMatchNetworkxAndTaylor(String file, String format, String weights, int partitions,
                                                  String pairMethod, String distribute) throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData(file).toString();
        Path ref0 = tmp.resolve("ids.json");
        runReference(ref0, "--graph", graph, "--format", format, "--weights", weights, "--total");
        JsonNode ids0 = JSON.readTree(ref0.toFile()).get("totalVector");
        List<Long> ids = new ArrayList<>();
        ids0.fieldNames().forEachRemaining(s -> ids.add(Long.parseLong(s)));
        Random rnd = new Random(ids.size() * 31L + partitions);
        StringBuilder pairs = new StringBuilder("# p q\n");
        for (int i = 0; i < 15; i++) {
            pairs.append(ids.get(rnd.nextInt(ids.size()))).append(' ').append(ids.get(rnd.nextInt(ids.size())))
                    .append('\n');
        }
        long d = ids.get(rnd.nextInt(ids.size()));
        pairs.append(d).append(' ').append(d).append('\n');
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            nodes.append(ids.get(rnd.nextInt(ids.size()))).append('\n');
        }
        Path pairsFile = Files.writeString(tmp.resolve("pairs.txt"), pairs);
        Path nodesFile = Files.writeString(tmp.resolve("nodes.txt"), nodes);
        Path out = tmp.resolve("out");
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--weights", weights,
                "--pairs", pairsFile.toString(), "--subgraph-centrality", nodesFile.toString(), "--total",
                "--partitions", Integer.toString(partitions), "--block-size", "16", "--pair-method", pairMethod,
                "--distribute", distribute, "--output", out.toString()));
        Path refFile = tmp.resolve("ref.json");
        runReference(refFile, "--graph", graph, "--format", format, "--weights", weights, "--pairs",
                pairsFile.toString(), "--nodes", nodesFile.toString(), "--total", "--networkx");
        JsonNode ref = JSON.readTree(refFile.toFile());
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(ref.get("n").asLong(), s.get("n").asLong(), "n");
        assertEquals(ref.get("nnz").asLong(), s.get("nnz").asLong(), "nnz");
        assertTrue(s.get("passes").size() >= 2, "16 pairs and 5 nodes in blocks of 16 need several passes");
        assertEquals(distribute, s.get("run").get("distribution").asText());

        Map<String, Double> taylor = byKey(ref.get("pairs"), 2);
        Map<String, Double> networkx = weights.equals("ignore") ? byKey(ref.get("networkx").get("pairs"), 2) : null;
        List<Row> rows = SparkTestSupport.session().read().parquet(out.resolve("pairs").toString()).collectAsList();
        assertEquals(16, rows.size(), "one row per input line");
        for (Row r : rows) {
            String key = r.getLong(0) + " " + r.getLong(1);
            double v = r.getDouble(2);
            assertEquals("CONVERGED", r.getString(7), key);
            assertRelative(taylor.get(key), v, "pair " + key + " vs Taylor");
            assertInside(taylor.get(key), r, "pair " + key);
            if (networkx != null) {
                assertRelative(networkx.get(key), v, "pair " + key + " vs nx.communicability");
            }
        }
        Map<String, Double> nodeRef = byKey(weights.equals("ignore") ? ref.get("networkx").get("nodes")
                : ref.get("nodes"), 1);
        List<Row> nodeRows = SparkTestSupport.session().read().parquet(out.resolve("subgraph-centrality").toString())
                .collectAsList();
        assertEquals(5, nodeRows.size());
        for (Row r : nodeRows) {
            assertRelative(nodeRef.get(Long.toString(r.getLong(0))), r.getDouble(2), "subgraph centrality "
                    + r.getLong(0));
            assertInside(nodeRef.get(Long.toString(r.getLong(0))), r, "subgraph centrality " + r.getLong(0));
        }
        JsonNode tv = ref.get("totalVector");
        List<Row> total = SparkTestSupport.session().read().parquet(out.resolve("total-communicability").toString())
                .collectAsList();
        assertEquals(ref.get("n").asInt(), total.size());
        for (Row r : total) {
            assertRelative(tv.get(Long.toString(r.getLong(0))).asDouble(), r.getDouble(1), "total communicability"
                    + " of node " + r.getLong(0));
        }
        assertRelative(ref.get("total").asDouble(), s.get("total").get("value").asDouble(), "1^T exp(A) 1");
        double exactTotal = ref.get("total").asDouble();
        double m = INTERVAL_REF * EPS * exactTotal;
        assertTrue(s.get("total").get("lower").asDouble() <= exactTotal + m
                && exactTotal - m <= s.get("total").get("upper").asDouble(), "1^T exp(A) 1 = " + exactTotal
                + " outside [" + s.get("total").get("lower") + ", " + s.get("total").get("upper") + "]");
        // certified, or (with a Gershgorin end far above lambda_max, where the Radau node's weight is known only to
        // |QL - Christoffel| |f(z)|, QuadratureBounds) uncertified with the width named and still below 1e-6
        JsonNode totalSummary = s.get("total");
        assertTrue(totalSummary.get("certified").asBoolean()
                || totalSummary.get("certificate").asText().contains("relative width")
                && (totalSummary.get("upper").asDouble() - totalSummary.get("lower").asDouble()) <= 1e-6 * exactTotal,
                "total communicability certified or a named, narrow width: " + totalSummary);
    }

    /**
     * Issue 16: a Lanczos-computed entry (polarization or diagonal) has a certified interval [lower, upper] that
     * contains the reference; the reference (a Taylor series of nonnegative terms, or networkx's expm) is allowed
     * {@value #INTERVAL_REF} eps times its magnitude. Taylor and one-sided entries have no interval (null).
     */
    private static void assertInside(Double exact, Row r, String what) {
        String method = r.getAs("method");
        Object lo = r.getAs("lower");
        Object hi = r.getAs("upper");
        if (!method.equals("polarization") && !method.equals("diagonal")) {
            assertTrue(lo == null && hi == null, what + " (" + method + "): no interval expected");
            return;
        }
        assertTrue(lo != null && hi != null, what + ": interval missing");
        double m = INTERVAL_REF * EPS * Math.abs(exact);
        assertTrue((Double) lo <= exact + m && exact - m <= (Double) hi, what + ": " + exact + " outside [" + lo
                + ", " + hi + "]");
    }

    /**
     * The default pair method (auto) on a graph where polarization cannot work: a path of 40 nodes (bipartite:
     * every other Taylor term of a pair is 0) and a separate triangle. exp(A)_{1,40} ~ 1/39! is 1e-46 of its
     * nodes' subgraph centralities (polarization gives rounding noise, flagged by roundingBound), and pairs across
     * the two components are exactly 0. Those pairs must be recomputed by the Taylor series (method "taylor"),
     * the close pair stays polarization; all within 1e-10 of the Taylor reference, the zeros exactly 0.
     */
    @Test
    void autoPairMethodRecomputesFarAndDisconnectedPairsByTaylor() throws Exception {
        SparkTestSupport.session();
        StringBuilder edges = new StringBuilder("# path 1..40 and triangle 100 101 102\n");
        for (int i = 1; i < 40; i++) {
            edges.append(i).append(' ').append(i + 1).append('\n');
        }
        edges.append("100 101\n101 102\n100 102\n");
        Path out = tmp.resolve("path-out");
        Map<String, Double> taylor = pairsWithTaylorReference("path", edges, "1 40\n1 25\n20 21\n1 100\n102 7\n", out);
        Map<String, String> methods = new HashMap<>();
        for (Row r : SparkTestSupport.session().read().parquet(out.resolve("pairs").toString()).collectAsList()) {
            String key = r.getLong(0) + " " + r.getLong(1);
            methods.put(key, r.getString(9));
            double expected = taylor.get(key);
            if (expected == 0.0) {
                assertEquals(0.0, r.getDouble(2), key + ": different components");
                assertEquals("INVARIANT_SUBSPACE", r.getString(7), key);
            } else {
                assertEquals("CONVERGED", r.getString(7), key);
                assertRelative(expected, r.getDouble(2), "pair " + key + " vs Taylor");
            }
        }
        assertEquals("taylor", methods.get("1 40"));
        assertEquals("taylor", methods.get("1 100"));
        assertEquals("taylor", methods.get("102 7"));
        assertEquals("polarization", methods.get("20 21"));
        assertTrue(taylor.get("1 40") < 1e-44, "the far pair is tiny: " + taylor.get("1 40"));
    }

    /**
     * A pair whose own Taylor terms fall off long before the walks through a distant dense part of the graph reach
     * it (found in review): a complete graph K_120 with a chain of 12 nodes hanging from one of its nodes, the last
     * two chain nodes. exp(A)_{1011,1012} = 74.667 (Taylor reference), of which the direct chain walks give only
     * 1.378; a stopping test on the entry's own last terms stopped at term 19 with 1.378. The tail bound over the
     * whole column (||A||_inf = 120) must carry the sum to the reference within 1e-10.
     */
    @Test
    void taylorPairsWaitForTheWalksThroughADistantClique() throws Exception {
        SparkTestSupport.session();
        StringBuilder edges = new StringBuilder("# K_120 on 1..120, chain 1 - 1001 - ... - 1012\n");
        for (int i = 1; i <= 120; i++) {
            for (int j = i + 1; j <= 120; j++) {
                edges.append(i).append(' ').append(j).append('\n');
            }
        }
        int prev = 1;
        for (int c = 1001; c <= 1012; c++) {
            edges.append(prev).append(' ').append(c).append('\n');
            prev = c;
        }
        Path out = tmp.resolve("clique-chain-out");
        Map<String, Double> taylor = pairsWithTaylorReference("clique-chain", edges, "1011 1012\n1001 1012\n", out);
        assertTrue(taylor.get("1011 1012") > 70, "the clique's walks dominate: " + taylor.get("1011 1012"));
        for (Row r : SparkTestSupport.session().read().parquet(out.resolve("pairs").toString()).collectAsList()) {
            String key = r.getLong(0) + " " + r.getLong(1);
            assertEquals("CONVERGED", r.getString(7), key);
            assertRelative(taylor.get(key), r.getDouble(2), "pair " + key + " (" + r.getString(9) + ") vs Taylor");
        }
    }

    /** Estrada index by SLQ: the exact value (networkx) lies in the reported 95% interval for >= 19 of 20 seeds. */
    @Test
    void estradaIntervalsCoverTheExactValue() throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/dolphins.gml.gz").toString();
        Path refFile = tmp.resolve("ref.json");
        runReference(refFile, "--graph", graph, "--format", "gml", "--weights", "ignore", "--networkx");
        JsonNode ref = JSON.readTree(refFile.toFile());
        double exact = ref.get("networkx").get("estrada").asDouble();
        assertRelative(ref.get("estradaEig").asDouble(), exact, "networkx against eigvalsh");
        int inside = 0;
        for (int seed = 1; seed <= 20; seed++) {
            Path out = tmp.resolve("seed" + seed);
            assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--estrada", "--probes", "100",
                    "--seed", Integer.toString(seed), "--partitions", "1", "--output", out.toString()));
            JsonNode e = JSON.readTree(out.resolve("summary.json").toFile()).get("estrada");
            assertTrue(e.get("standardError").asDouble() > 0);
            if (e.get("lower95").asDouble() <= exact && exact <= e.get("upper95").asDouble()) {
                inside++;
            }
        }
        assertTrue(inside >= 19, "exact Estrada index inside the 95% interval for " + inside + " of 20 seeds");
    }

    /**
     * Every node's subgraph centrality by the diagonal estimator (100 probes): networkx's exact values lie in the
     * reported per-node 95% intervals for at least 80% of the nodes (per-node coverage is below 95% for skewed
     * probe samples; see docs/communicability.md), and the estimates sum to the Estrada estimate's scale.
     */
    @Test
    void allSubgraphCentralitiesHaveHonestErrorBars() throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        Path refFile = tmp.resolve("ref.json");
        runReference(refFile, "--graph", graph, "--format", "mtx", "--weights", "ignore", "--networkx");
        JsonNode sc = JSON.readTree(refFile.toFile()).get("networkx").get("subgraphCentrality");
        Path out = tmp.resolve("all");
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--subgraph-centrality", "all",
                "--probes", "100", "--seed", "3", "--partitions", "2", "--output", out.toString()));
        List<Row> rows = SparkTestSupport.session().read()
                .parquet(out.resolve("subgraph-centrality-estimated").toString()).collectAsList();
        assertEquals(34, rows.size());
        int inside = 0;
        for (Row r : rows) {
            double exact = sc.get(Long.toString(r.getLong(0))).asDouble();
            assertTrue(r.getDouble(2) > 0, "standard error of node " + r.getLong(0));
            if (r.getDouble(3) <= exact && exact <= r.getDouble(4)) {
                inside++;
            }
        }
        assertTrue(inside >= 28, "exact subgraph centrality inside the 95% interval for " + inside + " of 34 nodes");
    }

    /** Bad inputs: exit code 2 and nothing written. */
    @Test
    void badInputExitsWithCode2AndWritesNothing() throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        Path out = tmp.resolve("bad");
        Path pairs = Files.writeString(tmp.resolve("p.txt"), "1 2\n1 35\n");
        assertEquals(2, MatfunMain.execute("communicability", "--graph", graph, "--pairs", pairs.toString(),
                "--output", out.toString()));
        assertEquals(2, MatfunMain.execute("communicability", "--graph", graph, "--total", "--operator",
                "laplacian", "--sensitivities", "top:3", "--output", out.toString()));
        assertEquals(2, MatfunMain.execute("communicability", "--graph", graph, "--output", out.toString()));
        Path gml = Files.writeString(tmp.resolve("g.gml"), "graph [\n node [ id 1 ]\n node [ id 2 ]\n"
                + " edge [ source 1 target 3 ]\n]\n");
        assertEquals(2, MatfunMain.execute("communicability", "--graph", gml.toString(), "--total",
                "--output", out.toString()));
        Path gml2 = Files.writeString(tmp.resolve("h.gml"), "graph [\n node [ id 1 ]\n node [ id x ]\n]\n");
        assertEquals(2, MatfunMain.execute("communicability", "--graph", gml2.toString(), "--total",
                "--output", out.toString()));
        assertFalse(Files.exists(out));
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith(".")));
    }

    /**
     * Writes the edge list and the pairs under {@code name}, runs {@code communicability --pairs} with the default
     * method into {@code out} (exit 0 asserted) and returns the Taylor reference of the pairs, keyed "p q".
     */
    private Map<String, Double> pairsWithTaylorReference(String name, CharSequence edges, String pairs, Path out)
            throws Exception {
        Path graph = Files.writeString(tmp.resolve(name + ".txt"), edges);
        Path pairsFile = Files.writeString(tmp.resolve(name + "-pairs.txt"), pairs);
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph.toString(), "--pairs",
                pairsFile.toString(), "--partitions", "2", "--output", out.toString()));
        Path refFile = tmp.resolve(name + "-ref.json");
        runReference(refFile, "--graph", graph.toString(), "--format", "edgelist", "--pairs", pairsFile.toString());
        return byKey(JSON.readTree(refFile.toFile()).get("pairs"), 2);
    }

    static void assertRelative(Double expected, double actual, String what) {
        assertTrue(expected != null, what + ": no reference");
        double err = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(err <= REL, what + ": " + actual + " vs " + expected + ", relative error " + err);
    }

    private static Map<String, Double> byKey(JsonNode rows, int keys) {
        Map<String, Double> m = new HashMap<>();
        for (JsonNode r : rows) {
            StringBuilder k = new StringBuilder();
            for (int i = 0; i < keys; i++) {
                k.append(i == 0 ? "" : " ").append(r.get(i).asLong());
            }
            m.put(k.toString(), r.get(keys).asDouble());
        }
        return m;
    }

    static void runReference(Path json, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3",
                Paths.get("src/test/python/communicability_reference.py").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        cmd.add("--out-json");
        cmd.add(json.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target/communicability_reference.log")))
                .start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "reference script timed out");
        assertEquals(0, p.exitValue(), "reference script failed, see target/communicability_reference.log");
        assertTrue(Files.readString(json, StandardCharsets.UTF_8).startsWith("{"));
    }
}
