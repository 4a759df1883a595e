package org.matfun.spark.communicability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.core.lanczos.Termination;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.MatfunMain;
import org.matfun.spark.lanczos.DistributedLanczos;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edge sensitivities of {@code matfun communicability}: against the exact Daleckii-Krein formula (eigh, in
 * communicability_reference.py) on karate for a pair, a node and the total communicability, stored edges and
 * candidate non-edges; and against central finite differences of the value (perturb one edge weight, rerun) on the
 * 20 most sensitive edges of karate (pair 1-34) and dolphins (subgraph centrality of node 14).
 */
class CommunicabilitySensitivityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void karateSensitivitiesMatchTheExactFormula(String distribute) throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        Path pairs = Files.writeString(tmp.resolve("pairs.txt"), "1 34\n");
        Path nodes = Files.writeString(tmp.resolve("nodes.txt"), "1\n");
        Path cand = Files.writeString(tmp.resolve("cand.txt"), "1 10\n5 20\n17 34\n");
        Path out = tmp.resolve("out");
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--pairs", pairs.toString(),
                "--subgraph-centrality", nodes.toString(), "--total", "--sensitivities", "top:5",
                "--sensitivities-for", "total,pairs,nodes", "--candidates", cand.toString(), "--partitions", "3",
                "--distribute", distribute, "--output", out.toString()));
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(3, s.get("sensitivities").size(), "three measures");
        for (String measure : List.of("pair:1:34", "node:1", "total")) {
            Path refFile = tmp.resolve(measure.replace(':', '_') + ".json");
            CommunicabilityCommandTest.runReference(refFile, "--graph", graph, "--format", "mtx", "--gradient",
                    measure, "--gradient-at", cand.toString());
            JsonNode ref = JSON.readTree(refFile.toFile()).get("gradient");
            Map<String, Double> exact = new HashMap<>();
            double scale = 0;
            for (JsonNode e : ref.get("edges")) {
                exact.put(e.get(0).asLong() + " " + e.get(1).asLong(), e.get(2).asDouble());
                scale = Math.max(scale, Math.abs(e.get(2).asDouble()));
            }
            List<Row> rows = SparkTestSupport.session().read().parquet(out.resolve("sensitivities").toString())
                    .where(col("measure").equalTo(measure)).collectAsList();
            assertEquals(exact.size(), rows.size(), measure + ": one row per edge");
            for (Row r : rows) {
                Double g = exact.get(r.getLong(1) + " " + r.getLong(2));
                assertTrue(g != null, measure + ": edge " + r.getLong(1) + " " + r.getLong(2));
                assertTrue(Math.abs(r.getDouble(3) - g) <= 1e-10 * scale, measure + " edge " + r.getLong(1) + " "
                        + r.getLong(2) + ": " + r.getDouble(3) + " vs exact " + g);
            }
            List<Row> cands = SparkTestSupport.session().read().parquet(out.resolve("candidates").toString())
                    .where(col("measure").equalTo(measure)).collectAsList();
            assertEquals(3, cands.size());
            for (int i = 0; i < 3; i++) {
                JsonNode e = ref.get("at").get(i);
                Row r = cands.stream().filter(x -> x.getLong(1) == e.get(0).asLong() && x.getLong(2) == e.get(1)
                        .asLong()).findFirst().orElseThrow();
                assertTrue(Math.abs(r.getDouble(3) - e.get(2).asDouble()) <= 1e-10 * scale, measure + " candidate "
                        + e + ": " + r.getDouble(3));
            }
            JsonNode top = null;
            for (JsonNode m : s.get("sensitivities")) {
                if (m.get("measure").asText().equals(measure)) {
                    top = m.get("top");
                }
            }
            assertEquals(5, top.size());
            assertTrue(Math.abs(Math.abs(top.get(0).get("sensitivity").asDouble()) - scale) <= 1e-10 * scale,
                    measure + ": the first of the top list is the largest |dF/dw|");
        }
    }

    /**
     * Estrada-index sensitivities (Hutchinson with M probes, c = 1/M, through the same forward-only gradient) on
     * karate: (a) against the exact Daleckii-Krein gradient of the estimator with those very probes,
     * (1/M) sum_i z_i^T exp(A) z_i, E = Z Z^T / M (probes written from ProbeDistribution here, so the comparison is
     * deterministic): absolute error <= 1e-10 x max |dF/dw|; (b) against the exact Estrada gradient 2 exp(A)_pq
     * (E = I): the estimator's error, loose (relative 0.5 in the 2-norm over all edges with M = 50).
     */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void karateEstradaSensitivitiesMatchTheExactFormula(String distribute) throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        int m = 50;
        long seed = 7;
        Path out = tmp.resolve("out");
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--estrada", "--probes",
                Integer.toString(m), "--seed", Long.toString(seed), "--sensitivities", "top:5",
                "--sensitivities-for", "estrada", "--partitions", "2", "--distribute", distribute,
                "--output", out.toString()));
        StringBuilder z = new StringBuilder();
        for (int row = 0; row < 34; row++) {  // karate.mtx: node id = row + 1
            for (int i = 0; i < m; i++) {
                z.append(i == 0 ? "" : " ").append(org.matfun.core.trace.ProbeDistribution.RADEMACHER
                        .entry(seed, i, row));
            }
            z.append('\n');
        }
        Path probes = Files.writeString(tmp.resolve("probes.txt"), z);
        List<Row> rows = SparkTestSupport.session().read().parquet(out.resolve("sensitivities").toString())
                .where(col("measure").equalTo("estrada")).collectAsList();
        Map<String, Double> exactEstimator = gradient(graph, "probes:" + probes, "probes");
        Map<String, Double> exactTrace = gradient(graph, "estrada", "estrada");
        double scale = exactEstimator.values().stream().mapToDouble(Math::abs).max().orElseThrow();
        assertEquals(exactEstimator.size(), rows.size(), "one row per edge");
        double num = 0;
        double den = 0;
        for (Row r : rows) {
            String key = r.getLong(1) + " " + r.getLong(2);
            double g = exactEstimator.get(key);
            assertTrue(Math.abs(r.getDouble(3) - g) <= 1e-10 * scale, "estrada edge " + key + ": "
                    + r.getDouble(3) + " vs the estimator's exact gradient " + g);
            double t = exactTrace.get(key);
            num += (r.getDouble(3) - t) * (r.getDouble(3) - t);
            den += t * t;
        }
        assertTrue(Math.sqrt(num / den) <= 0.5, "estimated against exact Estrada gradient: relative 2-norm error "
                + Math.sqrt(num / den));
    }

    private Map<String, Double> gradient(String graph, String measure, String name) throws Exception {
        Path refFile = tmp.resolve(name + ".json");
        CommunicabilityCommandTest.runReference(refFile, "--graph", graph, "--format", "mtx", "--gradient", measure);
        Map<String, Double> exact = new HashMap<>();
        for (JsonNode e : JSON.readTree(refFile.toFile()).get("gradient").get("edges")) {
            exact.put(e.get(0).asLong() + " " + e.get(1).asLong(), e.get(2).asDouble());
        }
        return exact;
    }

    @Test
    void karatePairSensitivitiesMatchFiniteDifferences() throws Exception {
        checkFiniteDifferences("networks/karate.mtx.gz", "1 34\n", null, 1, 34);
    }

    @Test
    void dolphinsNodeSensitivitiesMatchFiniteDifferences() throws Exception {
        checkFiniteDifferences("networks/dolphins.gml.gz", null, "14\n", 14, 14);
    }

    /**
     * Runs the command with sensitivities, then reruns the Lanczos quadrature on 2 x 20 perturbed graphs, each
     * with one edge weight changed by +-h. The 40 perturbed copies are the disconnected components of one
     * matrix and every copy gets its own starting vectors, so that one batched pass reruns them all (each
     * Krylov space stays inside its component: the values are those of separate runs).
     */
    private void checkFiniteDifferences(String file, String pairsText, String nodesText, long p, long q)
            throws Exception {
        SparkTestSupport.session();
        String graph = SparkTestSupport.sharedData(file).toString();
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("communicability", "--graph", graph, "--sensitivities",
                "top:20", "--tol", "1e-13", "--partitions", "2", "--output", out.toString()));
        String measure;
        if (pairsText != null) {
            args.addAll(List.of("--pairs", Files.writeString(tmp.resolve("pairs.txt"), pairsText).toString()));
            measure = "pair:" + p + ":" + q;
        } else {
            args.addAll(List.of("--subgraph-centrality",
                    Files.writeString(tmp.resolve("nodes.txt"), nodesText).toString()));
            measure = "node:" + p;
        }
        assertEquals(0, MatfunMain.execute(args.toArray(new String[0])));
        List<Row> top = SparkTestSupport.session().read().parquet(out.resolve("sensitivities").toString())
                .where(col("measure").equalTo(measure)).orderBy(abs(col("sensitivity")).desc()).limit(20)
                .collectAsList();
        assertEquals(20, top.size());

        JavaSparkContext sc = SparkTestSupport.context();
        LoadedMatrix m = MatrixReader.read(sc, graph, InputFormat.detect(graph), 2);
        List<MatrixEntry> entries = m.entries().collect();
        Map<Long, Long> index = new HashMap<>();
        for (Tuple2<Long, Long> t : m.idToIndex().collect()) {
            index.put(t._1(), t._2());
        }
        long n = m.n();
        double h = 1e-4;
        int copies = 2 * top.size();
        List<MatrixEntry> all = new ArrayList<>();
        List<ColumnSpec> cols = new ArrayList<>();
        List<BatchQuadrature.Item> items = new ArrayList<>();
        long pi = index.get(p);
        long qi = index.get(q);
        for (int c = 0; c < copies; c++) {
            Row edge = top.get(c / 2);
            long i = index.get(edge.getLong(1));
            long j = index.get(edge.getLong(2));
            double delta = c % 2 == 0 ? h : -h;
            long off = c * n;
            for (MatrixEntry e : entries) {
                boolean hit = e.row() == i && e.col() == j || e.row() == j && e.col() == i;
                all.add(new MatrixEntry(e.row() + off, e.col() + off, e.value() + (hit ? delta : 0.0)));
            }
            if (pi == qi) {
                items.add(new BatchQuadrature.Item(new int[] {cols.size()}, new double[] {1.0}));
                cols.add(ColumnSpec.node(pi + off));
            } else {
                items.add(new BatchQuadrature.Item(new int[] {cols.size(), cols.size() + 1},
                        new double[] {0.25, -0.25}));
                cols.add(ColumnSpec.plus(pi + off, qi + off));
                cols.add(ColumnSpec.minus(pi + off, qi + off));
            }
        }
        List<Tuple2<Long, Long>> ids = new ArrayList<>();
        for (long k = 0; k < copies * n; k++) {
            ids.add(new Tuple2<>(k, k));
        }
        LoadedMatrix big = new LoadedMatrix("perturbed copies", copies * n, all.size(), sc.parallelize(all, 2),
                sc.parallelizePairs(ids, 2), true);
        DistributedCsr a = DistributedCsr.build(big, 2);
        DistributedLanczos l = DistributedLanczos.start(a, ColumnSpec.block(a, cols), cols.size(),
                Reorthogonalization.NONE, false, DistributedLanczos.DEFAULT_CHECKPOINT_INTERVAL);
        BatchQuadrature.Result res = new BatchQuadrature(MatrixFunction.exp(1.0), 200, 1e-14).run(l, items, null);
        l.release();
        double scale = Math.abs(top.get(0).getDouble(3));
        for (int e = 0; e < top.size(); e++) {
            BatchQuadrature.ItemResult plus = res.items().get(2 * e);
            BatchQuadrature.ItemResult minus = res.items().get(2 * e + 1);
            assertTrue(plus.termination() != Termination.STEP_BUDGET && minus.termination() != Termination.STEP_BUDGET);
            double fd = (plus.value().value() - minus.value().value()) / (2 * h);
            double g = top.get(e).getDouble(3);
            // central difference: truncation ~ h^2 |F'''| / 6, rounding ~ eps |F| / h
            assertTrue(Math.abs(fd - g) <= 1e-6 * scale, measure + " edge " + top.get(e).getLong(1) + " "
                    + top.get(e).getLong(2) + ": dF/dw = " + g + ", finite difference " + fd);
        }
    }
}
