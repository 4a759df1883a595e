package org.matfun.spark.io;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.matfun.spark.SparkTestSupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the real files of shared/data and compares every entry with an independent parse of the gzip text
 * (java.util.zip, plain string splitting), plus the published sizes from shared/data/README.md.
 */
class SharedDataReadTest {

    private static JavaSparkContext sc() {
        return SparkTestSupport.context();
    }

    private static String data(String relative) {
        return SparkTestSupport.sharedData(relative).toString();
    }

    // ---------------------------------------------------------------- SNAP edge lists

    @Test
    void caGrQcIsUndirectedWithSnapIds() throws IOException {
        String path = data("snap/CA-GrQc.txt.gz");
        LoadedMatrix m = MatrixReader.read(sc(), path, InputFormat.EDGELIST, 2);
        try {
            assertEquals(path, m.source());
            assertTrue(m.graph());
            assertEquals(5242, m.n());
            assertEquals(2 * 14484 + 12, m.nnz());
            assertEquals(List.of(0L), m.idToIndex().lookup(13L));
            assertEquals(List.of(5241L), m.idToIndex().lookup(26196L));
            assertGraphMatches(path, m);
        } finally {
            m.unpersist();
        }
    }

    @Test
    void facebookEdgesListedOnceAreMirrored() throws IOException {
        String path = data("snap/facebook_combined.txt.gz");
        LoadedMatrix m = MatrixReader.read(sc(), path);
        try {
            assertEquals(4039, m.n());
            assertEquals(2 * 88234, m.nnz());
            assertEquals(List.of(4038L), m.idToIndex().lookup(4038L));
            assertGraphMatches(path, m);
        } finally {
            m.unpersist();
        }
    }

    @Test
    void resultDoesNotDependOnPartitioning() {
        String path = data("snap/CA-GrQc.txt.gz");
        LoadedMatrix one = MatrixReader.read(sc(), path, InputFormat.EDGELIST, 1);
        LoadedMatrix many = MatrixReader.read(sc(), path, InputFormat.EDGELIST, 7);
        try {
            assertEquals(one.nnz(), many.nnz());
            assertEquals(new HashSet<>(one.entries().collect()), new HashSet<>(many.entries().collect()));
            assertEquals(one.idToIndex().collectAsMap(), many.idToIndex().collectAsMap());
        } finally {
            one.unpersist();
            many.unpersist();
        }
    }

    /** Every loaded entry, mapped back to SNAP ids, is an edge of the file with weight 1, and vice versa. */
    private static void assertGraphMatches(String path, LoadedMatrix m) throws IOException {
        Set<String> pairs = new HashSet<>();
        TreeSet<Long> ids = new TreeSet<>();
        for (String line : gunzipLines(path)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            long a = Long.parseLong(t[0]);
            long b = Long.parseLong(t[1]);
            ids.add(a);
            ids.add(b);
            pairs.add(Math.min(a, b) + "," + Math.max(a, b));
        }
        long loops = pairs.stream().filter(p -> p.split(",")[0].equals(p.split(",")[1])).count();
        assertEquals(ids.size(), m.n());
        assertEquals(2 * (pairs.size() - loops) + loops, m.nnz());

        Map<Long, Long> idToIndex = m.idToIndex().collectAsMap();
        assertEquals(ids.size(), idToIndex.size());
        long[] indexToId = new long[ids.size()];
        long expectedIndex = 0;
        for (long id : ids) {
            assertEquals(expectedIndex, idToIndex.get(id), "index of id " + id);
            indexToId[(int) expectedIndex] = id;
            expectedIndex++;
        }
        Map<String, Double> full = toMap(m.entries().collect());
        assertEquals(m.nnz(), full.size(), "no duplicate positions");
        for (Map.Entry<String, Double> e : full.entrySet()) {
            String[] rc = e.getKey().split(",");
            long a = indexToId[Integer.parseInt(rc[0])];
            long b = indexToId[Integer.parseInt(rc[1])];
            assertTrue(pairs.contains(Math.min(a, b) + "," + Math.max(a, b)), "edge " + a + "-" + b);
            assertEquals(1.0, e.getValue());
            assertEquals(e.getValue(), full.get(rc[1] + "," + rc[0]), "symmetric at " + e.getKey());
        }
    }

    // ---------------------------------------------------------------- Matrix Market

    @Test
    void bcsstk13RealSymmetric() throws IOException {
        assertMatrixMarketMatches(data("suitesparse/bcsstk13.mtx.gz"), 2003, 83883);
    }

    @Test
    void bus1138RealSymmetric() throws IOException {
        assertMatrixMarketMatches(data("suitesparse/1138_bus.mtx.gz"), 1138, 4054);
    }

    @Test
    void karatePatternSymmetric() throws IOException {
        assertMatrixMarketMatches(data("networks/karate.mtx.gz"), 34, 156);
    }

    private static void assertMatrixMarketMatches(String path, long n, long nnz) throws IOException {
        LoadedMatrix m = MatrixReader.read(sc(), path, InputFormat.MTX, 3);
        try {
            assertFalse(m.graph());
            assertEquals(n, m.n());
            assertEquals(nnz, m.nnz());
            assertEquals(List.of(0L), m.idToIndex().lookup(1L));
            assertEquals(List.of(n - 1), m.idToIndex().lookup(n));
            assertEquals(n, m.idToIndex().count());

            Map<String, Double> expected = independentMtxParse(path);
            Map<String, Double> loaded = toMap(m.entries().collect());
            assertEquals(nnz, expected.size());
            assertEquals(expected.size(), loaded.size(), "no duplicate positions");
            assertEquals(expected, loaded);
            for (Map.Entry<String, Double> e : loaded.entrySet()) {
                String[] rc = e.getKey().split(",");
                assertEquals(e.getValue(), loaded.get(rc[1] + "," + rc[0]), "symmetric at " + e.getKey());
            }
            double sum = m.entries().mapToDouble(MatrixEntry::value).sum();
            double expectedSum = 0;
            for (double v : expected.values()) {
                expectedSum += v;
            }
            assertEquals(expectedSum, sum, 1e-12 * Math.max(1.0, Math.abs(expectedSum)) * nnz);
        } finally {
            m.unpersist();
        }
    }

    /** The full (mirrored) matrix of a symmetric Matrix Market file, keyed "row,col" with 0-based indices. */
    private static Map<String, Double> independentMtxParse(String path) throws IOException {
        List<String> lines = gunzipLines(path);
        assertTrue(lines.get(0).toLowerCase().startsWith("%%matrixmarket matrix coordinate"));
        boolean pattern = lines.get(0).toLowerCase().contains("pattern");
        assertTrue(lines.get(0).toLowerCase().endsWith("symmetric"));
        Map<String, Double> full = new HashMap<>();
        boolean sizeSeen = false;
        for (String line : lines) {
            if (line.startsWith("%") || line.isBlank()) {
                continue;
            }
            if (!sizeSeen) {
                sizeSeen = true;
                continue;
            }
            String[] t = line.trim().split("\\s+");
            int i = Integer.parseInt(t[0]) - 1;
            int j = Integer.parseInt(t[1]) - 1;
            double v = pattern ? 1.0 : Double.parseDouble(t[2]);
            full.put(i + "," + j, v);
            full.put(j + "," + i, v);
        }
        return full;
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, Double> toMap(List<MatrixEntry> entries) {
        Map<String, Double> map = new HashMap<>();
        for (MatrixEntry e : entries) {
            map.put(e.row() + "," + e.col(), e.value());
        }
        return map;
    }

    private static List<String> gunzipLines(String path) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(Path.of(path))), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }
}
