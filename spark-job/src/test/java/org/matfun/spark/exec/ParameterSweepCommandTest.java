package org.matfun.spark.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.jobs.MatfunMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bilinear --function exp:beta=V1,V2,...} (issue 14): one Lanczos pass, one result per value, in both execution
 * modes on real data. Each value's result equals the single-value job's (same steps and termination; value 1e3 eps
 * relative, dF/dbeta 1e3 eps relative, edge gradient 1e3 eps of its max), the edge gradient Parquet has the parameter
 * column with one row per edge and value, and convergence.csv one column group per value.
 */
class ParameterSweepCommandTest {

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

    private static String[] with(String[] base, String... more) {
        String[] out = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, out, base.length, more.length);
        return out;
    }

    /** (src dst) -> gradient of the rows whose parameter is p (all rows when p is NaN). */
    private Map<String, Double> gradients(String dir, double p) {
        Dataset<Row> df = SparkTestSupport.session().read().parquet(tmp.resolve(dir).resolve("gradient").toString());
        Map<String, Double> m = new HashMap<>();
        boolean sweep = Arrays.asList(df.columns()).contains("parameter");
        for (Row r : df.collectAsList()) {
            if (sweep && r.getDouble(2) != p) {
                continue;
            }
            m.put(r.get(0) + " " + r.get(1), r.getDouble(sweep ? 3 : 2));
        }
        return m;
    }

    @Test
    void edgeGradientSweepEqualsSingleValueRunsInBothModes() throws IOException {
        SparkTestSupport.session();
        String grqc = SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString();
        String[] base = {"bilinear", "--matrix", grqc, "--u", "node:3466", "--v", "node:937", "--gradient", "edges"};
        double[] betas = {0.05, 0.1, 0.2};
        JsonNode[] single = new JsonNode[betas.length];
        for (int i = 0; i < betas.length; i++) {
            single[i] = run("single" + i, with(base, "--function", "exp:beta=" + betas[i], "--distribute", "rows"));
        }
        for (String mode : new String[] {"rows", "runs"}) {
            String dir = "sweep-" + mode;
            JsonNode s = run(dir, with(base, "--function", "exp:beta=0.05,0.1,0.2", "--distribute", mode));
            assertEquals(mode, s.get("run").get("distribution").asText());
            assertEquals("exp:beta=0.05,0.1,0.2", s.get("function").asText());
            assertEquals("beta", s.get("parameterName").asText());
            assertFalse(s.has("value"), "a sweep has its values in 'values' only");
            JsonNode values = s.get("values");
            assertEquals(betas.length, values.size());
            int longest = 0;
            for (int i = 0; i < betas.length; i++) {
                JsonNode e = values.get(i);
                String what = mode + " beta=" + betas[i];
                assertEquals(betas[i], e.get("parameter").asDouble(), 0.0, what);
                double v = single[i].get("value").asDouble();
                assertEquals(v, e.get("value").asDouble(), 1e3 * EPS * Math.abs(v), what);
                assertEquals(single[i].get("steps").asInt(), e.get("steps").asInt(), what);
                assertEquals(single[i].get("termination").asText(), e.get("termination").asText(), what);
                assertEquals(single[i].get("certified").asBoolean(), e.get("certified").asBoolean(), what);
                longest = Math.max(longest, e.get("steps").asInt());
                Map<String, Double> a = gradients("single" + i, Double.NaN);
                Map<String, Double> b = gradients(dir, betas[i]);
                assertEquals(a.keySet(), b.keySet(), what);
                double max = 0;
                for (double x : a.values()) {
                    max = Math.max(max, Math.abs(x));
                }
                for (Map.Entry<String, Double> x : a.entrySet()) {
                    assertEquals(x.getValue(), b.get(x.getKey()), 1e3 * EPS * max, what + " edge " + x.getKey());
                }
            }
            assertEquals(longest, s.get("steps").asInt(), "the pass runs until the last value stops");
            long edges = single[0].get("gradientEdges").asLong();
            assertEquals(edges * betas.length, s.get("gradientEdges").asLong());
            Dataset<Row> df = SparkTestSupport.session().read().parquet(tmp.resolve(dir).resolve("gradient").toString());
            assertArrayEquals(new String[] {"src", "dst", "parameter", "gradient"}, df.columns());
            // rows of an edge follow the order the values were given
            List<Row> first = df.limit(3).collectAsList();
            for (int i = 0; i < 3; i++) {
                assertEquals(betas[i], first.get(i).getDouble(2), 0.0, mode + " row " + i);
            }
            List<String> csv = Files.readAllLines(tmp.resolve(dir).resolve("convergence.csv"));
            assertTrue(csv.get(0).startsWith("step,matvecs,elapsedSeconds,value[beta=0.05],"), csv.get(0));
            assertTrue(csv.get(0).contains("value[beta=0.2]"), csv.get(0));
            assertEquals(longest + 1, csv.size(), "one line per step of the pass");
        }
    }

    @Test
    void parameterGradientSweepEqualsSingleValueRunsInBothModes() throws IOException {
        SparkTestSupport.session();
        String bcsstk = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        String[] base = {"bilinear", "--matrix", bcsstk, "--u", "random:3", "--gradient", "parameter"};
        String[] betas = {"-1e-11", "-5e-12"};
        JsonNode[] single = new JsonNode[betas.length];
        for (int i = 0; i < betas.length; i++) {
            single[i] = run("p" + i, with(base, "--function", "exp:beta=" + betas[i], "--distribute", "runs"));
        }
        for (String mode : new String[] {"rows", "runs"}) {
            JsonNode s = run("psweep-" + mode, with(base, "--function", "exp:beta=-1e-11,-5e-12", "--distribute", mode));
            for (int i = 0; i < betas.length; i++) {
                JsonNode e = s.get("values").get(i);
                String what = mode + " beta=" + betas[i];
                double v = single[i].get("value").asDouble();
                assertEquals(v, e.get("value").asDouble(), 1e3 * EPS * Math.abs(v), what);
                double g = single[i].get("gradientParameter").asDouble();
                assertEquals(g, e.get("gradientParameter").asDouble(), 1e3 * EPS * Math.abs(g), what);
                assertEquals(single[i].get("steps").asInt(), e.get("steps").asInt(), what);
                assertEquals("beta", e.get("gradientParameterName").asText());
            }
        }
    }
}
