package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table inputs ({@code --format parquet|orc|table}) on real data: CA-GrQc (SNAP edge list) and bcsstk13 (Matrix
 * Market) are written by Spark, within the test, as Parquet and ORC edge tables and matrix-entry tables (directories
 * of part files), and every job type, in both execution modes, must give the value and the gradients it gives from
 * the text file, to rounding: |x_table - x_text| <= C eps scale, scale = |F| for values and max |g| over the edges for
 * gradients, C = 64 when the table gives the same internal numbering (the same ids sorted), C = 1e4 for string ids
 * (sorted as strings: another numbering, so another order of every sum). Then the bad tables: each exits 2 with a
 * message naming the file or table, the column and the row, and writes nothing.
 */
class TableInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = Math.ulp(1.0);

    @TempDir
    static Path data;

    @TempDir
    Path tmp;

    private static String grqcText;
    private static String grqcParquet;
    private static String grqcOrc;
    private static String grqcStrings;
    private static String bcsText;
    private static String bcsLower;
    private static String bcsFull0;

    @BeforeAll
    static void writeTables() {
        SparkSession spark = SparkTestSupport.session();
        grqcText = SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString();
        Dataset<Row> edges = spark.read().option("sep", "\t").option("comment", "#").csv(grqcText)
                .select(col("_c0").cast(DataTypes.LongType).as("src"), col("_c1").cast(DataTypes.IntegerType).as("dst"));
        grqcParquet = data.resolve("grqc.parquet").toString();
        grqcOrc = data.resolve("grqc.orc").toString();
        grqcStrings = data.resolve("grqc-strings.parquet").toString();
        edges.repartition(3).write().parquet(grqcParquet);
        edges.repartition(2).write().orc(grqcOrc);
        edges.select(concat(lit("n"), col("src")).as("from"), concat(lit("n"), col("dst")).as("to"))
                .repartition(3).write().parquet(grqcStrings);
        spark.read().parquet(grqcParquet).createOrReplaceTempView("grqc_edges");

        bcsText = SparkTestSupport.sharedData("suitesparse/bcsstk13.mtx.gz").toString();
        LoadedMatrix m = MatrixReader.read(SparkTestSupport.context(), bcsText, InputFormat.MTX, 2);
        StructType lowerSchema = new StructType().add("row", DataTypes.IntegerType).add("col", DataTypes.IntegerType)
                .add("value", DataTypes.DoubleType);
        List<Row> lower = new ArrayList<>();
        List<Row> full = new ArrayList<>();
        for (MatrixEntry e : m.entries().collect()) {
            if (e.row() >= e.col()) {
                lower.add(RowFactory.create((int) e.row() + 1, (int) e.col() + 1, e.value()));
            }
            full.add(RowFactory.create(e.row(), e.col(), e.value()));
        }
        m.unpersist();
        bcsLower = data.resolve("bcsstk13-lower.parquet").toString();
        bcsFull0 = data.resolve("bcsstk13-full0.orc").toString();
        spark.createDataFrame(lower, lowerSchema).repartition(3).write().parquet(bcsLower);
        StructType fullSchema = new StructType().add("i", DataTypes.LongType).add("j", DataTypes.LongType)
                .add("a", DataTypes.DoubleType);
        spark.createDataFrame(full, fullSchema).repartition(2).write().orc(bcsFull0);
    }

    // ------------------------------------------------------------------------------------------------ bilinear

    /** CA-GrQc exp(0.1 A)_{3466,937} and its 14,496 edge gradients from the edge list, Parquet, ORC, a view. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void bilinearEdgeTablesGiveTheTextFilesResult(String mode) throws IOException {
        Result text = bilinear("text", mode, grqcText, "node:3466", "node:937");
        assertEquals(14_496, text.gradient.size());
        for (String[] input : new String[][] {{grqcParquet}, {grqcOrc}, {"grqc_edges", "--format", "table"}}) {
            Result t = bilinear(input[0].replaceAll("\\W", ""), mode, input[0], "node:3466", "node:937",
                    java.util.Arrays.copyOfRange(input, 1, input.length));
            assertSame(text, t, Function.identity(), 64, input[0]);
        }
    }

    /** String ids ("n3466"): the same graph, numbered by the strings' order; results use the strings. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void bilinearStringIdsGiveTheTextFilesResultUnderTheirNames(String mode) throws IOException {
        Result text = bilinear("text", mode, grqcText, "node:3466", "node:937");
        Result t = bilinear("strings", mode, grqcStrings, "node:n3466", "node:n937", "--src-col", "from",
                "--dst-col", "to");
        assertSame(text, t, k -> k.replaceAll("(\\d+) (\\d+)", "n$1 n$2"), 1e4, "string ids");
    }

    /** bcsstk13 u^T exp(-1e-11 A) v, u = ones, v = random:7: Matrix Market, a 1-based lower triangle, 0-based full. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void bilinearMatrixEntryTablesGiveTheMatrixMarketResult(String mode) throws IOException {
        Result text = bilinear("mtx", mode, bcsText, "ones", "random:7", "--function", "exp:beta=-1e-11");
        assertEquals(42_943, text.gradient.size());
        Result lower = bilinear("lower", mode, bcsLower, "ones", "random:7", "--function", "exp:beta=-1e-11");
        assertSame(text, lower, Function.identity(), 64, "lower triangle");
        Result full = bilinear("full0", mode, bcsFull0, "ones", "random:7", "--function", "exp:beta=-1e-11",
                "--row-col", "i", "--col-col", "j", "--value-col", "a", "--index-base", "0");
        assertSame(text, full, TableInputTest::zeroBased, 64, "0-based full");
    }

    /** A vector from Parquet (id, value) against the same vector as a text file. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void vectorTableGivesTheTextVectorsResult(String mode) throws IOException {
        SparkSession spark = SparkTestSupport.session();
        long[] ids = {3466, 937, 24, 22, 13};
        double[] values = {0.5, -2.0, 1.25, 3.0, -0.75};
        StringBuilder lines = new StringBuilder("# id value\n");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            lines.append(ids[i]).append(' ').append(values[i]).append('\n');
            rows.add(RowFactory.create(ids[i], values[i]));
        }
        Path txt = Files.writeString(tmp.resolve("v.txt"), lines);
        String parquet = tmp.resolve("v.parquet").toString();
        spark.createDataFrame(rows, new StructType().add("id", DataTypes.LongType).add("value", DataTypes.DoubleType))
                .repartition(2).write().parquet(parquet);
        Result text = bilinear("vtext", mode, grqcText, "node:3466", "file:" + txt);
        Result table = bilinear("vtable", mode, grqcParquet, "node:3466", "file:" + parquet);
        assertSame(text, table, Function.identity(), 64, "vector table");
    }

    // ------------------------------------------------------------------------------------------------ trace

    /** tr exp(-1e-11 A) and d/dtheta over 8 Rademacher probes: Matrix Market against the 1-based entry table. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void traceOfAnEntryTableIsTheMatrixMarketTrace(String mode) throws IOException {
        JsonNode text = trace("mtx", mode, bcsText);
        JsonNode table = trace("lower", mode, bcsLower);
        double scale = Math.abs(text.get("value").asDouble());
        assertClose(text.get("value").asDouble(), table.get("value").asDouble(), 64 * EPS * scale, "trace");
        assertClose(text.get("standardError").asDouble(), table.get("standardError").asDouble(), 64 * EPS * scale,
                "standard error");
        double g = text.get("components").get(0).get("gradient").get("value").asDouble();
        assertClose(g, table.get("components").get(0).get("gradient").get("value").asDouble(), 64 * EPS * Math.abs(g),
                "d tr / d theta");
        assertEquals(text.get("n").asLong(), table.get("n").asLong());
        assertEquals(text.get("nnz").asLong(), table.get("nnz").asLong());
    }

    private JsonNode trace(String name, String mode, String matrix) throws IOException {
        Path out = tmp.resolve("trace-" + name + "-" + mode);
        assertEquals(0, MatfunMain.execute("trace", "--matrix", matrix, "--function", "exp:beta=-1e-11",
                "--gradient", "theta", "--probes", "8", "--seed", "3", "--tol", "1e-12", "--distribute", mode,
                "--partitions", "3", "--output", out.toString()), name);
        return JSON.readTree(out.resolve("summary.json").toFile());
    }

    // ------------------------------------------------------------------------------------------------ communicability

    /** Pair communicabilities of exp(0.1 A) and the total communicability: edge list + text pairs vs Parquet. */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void communicabilityOfAnEdgeTableIsTheEdgeListsResult(String mode) throws IOException {
        SparkSession spark = SparkTestSupport.session();
        long[][] pairs = {{3466, 937}, {24, 22}, {13, 13}, {3466, 25}};
        StringBuilder lines = new StringBuilder();
        List<Row> rows = new ArrayList<>();
        for (long[] p : pairs) {
            lines.append(p[0]).append(' ').append(p[1]).append('\n');
            rows.add(RowFactory.create(p[0], p[1]));
        }
        Path txt = Files.writeString(tmp.resolve("pairs.txt"), lines);
        String parquet = tmp.resolve("pairs.parquet").toString();
        spark.createDataFrame(rows, new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType))
                .coalesce(1).write().parquet(parquet);
        Map<String, Double> text = new HashMap<>();
        Map<String, Double> table = new HashMap<>();
        double totalText = communicability("text", mode, grqcText, txt.toString(), text);
        double totalTable = communicability("table", mode, grqcParquet, parquet, table);
        assertEquals(pairs.length, text.size());
        assertEquals(text.keySet(), table.keySet());
        for (Map.Entry<String, Double> e : text.entrySet()) {
            assertClose(e.getValue(), table.get(e.getKey()), 64 * EPS * Math.abs(e.getValue()), "pair " + e.getKey());
        }
        assertClose(totalText, totalTable, 64 * EPS * Math.abs(totalText), "total communicability");
    }

    /**
     * String ids ("n3466") in communicability: pairs and nodes listed by string id (a text file and a Parquet table
     * with string columns), outputs carrying the strings; the values are the integer-id graph's. The string order
     * numbers the nodes differently (another order of every sum): |x_strings - x_ints| <= 1e4 eps |x_ints|, and for
     * the total-communicability vector 1e4 eps max_p |x_ints(p)| (its entries' common scale).
     */
    @ParameterizedTest
    @ValueSource(strings = {"rows", "runs"})
    void communicabilityWithStringIdsGivesTheIntegerResultUnderTheStrings(String mode) throws IOException {
        SparkSession spark = SparkTestSupport.session();
        long[][] pairs = {{3466, 937}, {24, 22}, {13, 13}, {3466, 25}};
        StringBuilder ints = new StringBuilder();
        List<Row> named = new ArrayList<>();
        for (long[] p : pairs) {
            ints.append(p[0]).append(' ').append(p[1]).append('\n');
            named.add(RowFactory.create("n" + p[0], "n" + p[1]));
        }
        Path intPairs = Files.writeString(tmp.resolve("int-pairs.txt"), ints);
        String namedPairs = tmp.resolve("named-pairs.parquet").toString();
        spark.createDataFrame(named, new StructType().add("src", DataTypes.StringType)
                .add("dst", DataTypes.StringType)).coalesce(1).write().parquet(namedPairs);
        Path namedNodes = Files.writeString(tmp.resolve("named-nodes.txt"), "n3466\nn13\n");
        Path intNodes = Files.writeString(tmp.resolve("int-nodes.txt"), "3466\n13\n");

        Path outInts = tmp.resolve("comm-ints-" + mode);
        Path outNames = tmp.resolve("comm-names-" + mode);
        assertEquals(0, MatfunMain.execute("communicability", "--graph", grqcParquet, "--beta", "0.1",
                "--pairs", intPairs.toString(), "--subgraph-centrality", intNodes.toString(), "--total",
                "--sensitivities", "top:3", "--sensitivities-for", "total",
                "--distribute", mode, "--output", outInts.toString()));
        assertEquals(0, MatfunMain.execute("communicability", "--graph", grqcStrings, "--src-col", "from",
                "--dst-col", "to", "--beta", "0.1", "--pairs", namedPairs, "--subgraph-centrality",
                namedNodes.toString(), "--total", "--sensitivities", "top:3", "--sensitivities-for", "total",
                "--distribute", mode, "--output", outNames.toString()));

        for (String table : new String[] {"pairs", "subgraph-centrality"}) {
            Dataset<Row> byName = spark.read().parquet(outNames.resolve(table).toString());
            assertEquals(DataTypes.StringType, byName.schema().apply("src").dataType(), table);
            Map<String, Double> expected = new HashMap<>();
            for (Row r : spark.read().parquet(outInts.resolve(table).toString()).collectAsList()) {
                expected.put("n" + r.getLong(0) + " n" + r.getLong(1), r.getDouble(2));
            }
            Map<String, Double> actual = new HashMap<>();
            for (Row r : byName.collectAsList()) {
                actual.put(r.getString(0) + " " + r.getString(1), r.getDouble(2));
            }
            assertEquals(expected.keySet(), actual.keySet(), table);
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                assertClose(e.getValue(), actual.get(e.getKey()), 1e4 * EPS * Math.abs(e.getValue()),
                        table + " " + e.getKey());
            }
        }

        Map<String, Double> vector = new HashMap<>();
        double scale = 0.0;
        for (Row r : spark.read().parquet(outInts.resolve("total-communicability").toString()).collectAsList()) {
            vector.put("n" + r.getLong(0), r.getDouble(1));
            scale = Math.max(scale, Math.abs(r.getDouble(1)));
        }
        Dataset<Row> namedVector = spark.read().parquet(outNames.resolve("total-communicability").toString());
        assertEquals(DataTypes.StringType, namedVector.schema().apply("node").dataType());
        List<Row> rows = namedVector.collectAsList();
        assertEquals(vector.size(), rows.size());
        for (Row r : rows) {
            assertClose(vector.get(r.getString(0)), r.getDouble(1), 1e4 * EPS * scale, "node " + r.getString(0));
        }
        double totalInts = JSON.readTree(outInts.resolve("summary.json").toFile()).get("total").get("value")
                .asDouble();
        JsonNode summary = JSON.readTree(outNames.resolve("summary.json").toFile());
        assertClose(totalInts, summary.get("total").get("value").asDouble(), 1e4 * EPS * Math.abs(totalInts),
                "total communicability");
        assertTrue(summary.get("total").get("topNodes").get(0).get("node").asText().startsWith("n"),
                summary.toString());

        // edge sensitivities of the total: the same edges (unordered pairs) and values, 1e4 eps max |g|
        Map<String, Double> grad = new HashMap<>();
        double gScale = 0.0;
        for (Row r : spark.read().parquet(outInts.resolve("sensitivities").toString()).collectAsList()) {
            grad.put(edgeKey("n" + r.getLong(1), "n" + r.getLong(2)), r.getDouble(3));
            gScale = Math.max(gScale, Math.abs(r.getDouble(3)));
        }
        Dataset<Row> namedGrad = spark.read().parquet(outNames.resolve("sensitivities").toString());
        assertEquals(DataTypes.StringType, namedGrad.schema().apply("src").dataType());
        List<Row> gradRows = namedGrad.collectAsList();
        assertEquals(grad.size(), gradRows.size());
        for (Row r : gradRows) {
            String key = edgeKey(r.getString(1), r.getString(2));
            assertTrue(grad.containsKey(key), key);
            assertClose(grad.get(key), r.getDouble(3), 1e4 * EPS * gScale, "sensitivity " + key);
        }
        assertTrue(summary.get("sensitivities").get(0).get("top").get(0).get("src").asText().startsWith("n"),
                summary.toString());
    }

    private static String edgeKey(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    private double communicability(String name, String mode, String graph, String pairs, Map<String, Double> values)
            throws IOException {
        Path out = tmp.resolve("comm-" + name + "-" + mode);
        assertEquals(0, MatfunMain.execute("communicability", "--graph", graph, "--beta", "0.1", "--pairs", pairs,
                "--total", "--distribute", mode, "--output", out.toString()), name);
        for (Row r : SparkTestSupport.session().read().parquet(out.resolve("pairs").toString()).collectAsList()) {
            values.put(r.getLong(0) + " " + r.getLong(1), r.getDouble(2));
        }
        return JSON.readTree(out.resolve("summary.json").toFile()).get("total").get("value").asDouble();
    }

    // ------------------------------------------------------------------------------------------------ bad tables

    @Test
    void missingColumnNamesTheFileAndTheColumn() throws IOException {
        String t = table("cols.parquet", new StructType().add("a", DataTypes.LongType).add("b", DataTypes.LongType),
                RowFactory.create(1L, 2L));
        CommandLineRun.fails(tmp, bilinearArgs(t), "cols.parquet", "no column 'src'", "--src-col", "a bigint");
        CommandLineRun.fails(tmp, bilinearArgs(t, "--src-col", "a", "--dst-col", "b", "--weight-col", "w"),
                "cols.parquet", "no column 'w'", "--weight-col");
        CommandLineRun.fails(tmp, bilinearArgs(t, "--row-col", "a"), "cols.parquet", "no column 'col'",
                "--col-col");
        CommandLineRun.fails(tmp, bilinearArgs("no_such_table", "--format", "table"), "table no_such_table",
                "cannot read as table");
        CommandLineRun.fails(tmp, bilinearArgs(tmp.resolve("missing.parquet").toString()), "missing.parquet",
                "file not found");
    }

    @Test
    void wrongTypesNameTheColumnAndItsType() throws IOException {
        String d = table("double-ids.parquet", new StructType().add("src", DataTypes.DoubleType)
                .add("dst", DataTypes.LongType), RowFactory.create(1.0, 2L));
        CommandLineRun.fails(tmp, bilinearArgs(d), "double-ids.parquet", "column 'src' has type double",
                "expected an integer type");
        String w = table("string-weight.orc", new StructType().add("src", DataTypes.LongType)
                .add("dst", DataTypes.LongType).add("weight", DataTypes.StringType), RowFactory.create(1L, 2L, "x"));
        CommandLineRun.fails(tmp, bilinearArgs(w), "string-weight.orc", "column 'weight' has type string",
                "expected a numeric type");
        String mixed = table("mixed.parquet", new StructType().add("src", DataTypes.StringType)
                .add("dst", DataTypes.LongType), RowFactory.create("a", 2L));
        CommandLineRun.fails(tmp, bilinearArgs(mixed), "mixed.parquet", "column 'dst' has type bigint",
                "string ids like the other id column");
        String entries = table("string-rows.parquet", new StructType().add("row", DataTypes.StringType)
                .add("col", DataTypes.LongType), RowFactory.create("1", 1L));
        CommandLineRun.fails(tmp, bilinearArgs(entries), "string-rows.parquet", "column 'row' has type string",
                "for matrix indices");
    }

    @Test
    void nullAndNonFiniteValuesNameTheRow() throws IOException {
        StructType s = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType)
                .add("weight", DataTypes.DoubleType);
        String nul = table("null.parquet", s, RowFactory.create(1L, 2L, 1.0), RowFactory.create(7L, null, 1.0));
        CommandLineRun.fails(tmp, bilinearArgs(nul), "null.parquet", "column 'dst' is null", "src = 7");
        String nan = table("nan.parquet", s, RowFactory.create(1L, 2L, 1.0), RowFactory.create(3L, 4L, Double.NaN));
        CommandLineRun.fails(tmp, bilinearArgs(nan), "nan.parquet", "column 'weight' is NaN", "src = 3, dst = 4",
                "expected a finite weight");
        String inf = table("inf.orc", s, RowFactory.create(5L, 6L, Double.POSITIVE_INFINITY),
                RowFactory.create(1L, 2L, 1.0));
        CommandLineRun.fails(tmp, bilinearArgs(inf), "inf.orc", "column 'weight' is Infinity", "src = 5, dst = 6");
        StructType e = new StructType().add("row", DataTypes.LongType).add("col", DataTypes.LongType)
                .add("value", DataTypes.FloatType);
        String neg = table("neginf.parquet", e, RowFactory.create(1L, 1L, Float.NEGATIVE_INFINITY));
        CommandLineRun.fails(tmp, bilinearArgs(neg), "neginf.parquet", "column 'value' is -Infinity",
                "row = 1, col = 1");
    }

    /**
     * Conflicting duplicate edges and an asymmetric matrix-entry table: the message names the ids (or positions),
     * both values and, for each, the first row giving it, as a 0-based row index within its file (Spark's
     * {@code _metadata.row_index}) and the row's values.
     */
    @Test
    void conflictsAndAsymmetryNameTheRows() throws IOException {
        StructType s = new StructType().add("src", DataTypes.LongType).add("dst", DataTypes.LongType)
                .add("weight", DataTypes.DoubleType);
        String conflict = table("conflict.parquet", s, RowFactory.create(1L, 2L, 1.0),
                RowFactory.create(5L, 6L, 1.0), RowFactory.create(2L, 1L, 2.0));
        CommandLineRun.fails(tmp, bilinearArgs(conflict), "conflict.parquet", "edge {1, 2} has weight 1.0 in row 0 of"
                        + " part-", "(src = 1, dst = 2, weight = 1.0) and weight 2.0 in row 2 of part-",
                "(src = 2, dst = 1, weight = 2.0)", "row numbers are 0-based within each file", "one weight");
        String orc = table("conflict.orc", s, RowFactory.create(3L, 4L, 1.0), RowFactory.create(4L, 3L, 2.0));
        CommandLineRun.fails(tmp, bilinearArgs(orc), "conflict.orc", "edge {3, 4} has weight 1.0 in row 0 of part-",
                "(src = 3, dst = 4, weight = 1.0) and weight 2.0 in row 1 of part-", "(src = 4, dst = 3, weight = 2.0)");
        StructType names = new StructType().add("src", DataTypes.StringType).add("dst", DataTypes.StringType)
                .add("weight", DataTypes.DoubleType);
        String strings = table("conflict-strings.parquet", names, RowFactory.create("a", "b", 1.0),
                RowFactory.create("b", "a", 3.0));
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", strings, "--function", "exp:beta=0.1", "--u",
                        "ones"), "conflict-strings.parquet", "edge {'a', 'b'} has weight 1.0 in row 0 of part-",
                "weight 3.0 in row 1 of part-", "(src = 'b', dst = 'a', weight = 3.0)");

        StructType e = new StructType().add("row", DataTypes.IntegerType).add("col", DataTypes.IntegerType)
                .add("value", DataTypes.DoubleType);
        String asym = table("asym.parquet", e, RowFactory.create(1, 1, 1.0), RowFactory.create(1, 2, 3.0),
                RowFactory.create(2, 1, 4.0));
        CommandLineRun.fails(tmp, bilinearArgs(asym), "asym.parquet", "not symmetric",
                "A(1,2) = 3.0 (first given in row 1 of part-", "(row = 1, col = 2, value = 3.0)",
                "A(2,1) = 4.0 (first given in row 2 of part-", "1-based positions; row numbers are 0-based");
        String missing = table("asym0.parquet", e, RowFactory.create(0, 1, 3.0), RowFactory.create(2, 0, 1.0));
        CommandLineRun.fails(tmp, bilinearArgs(missing, "--index-base", "0"), "asym0.parquet",
                "A(1,2) = 3.0 (first given in row 0 of part-", "(row = 0, col = 1, value = 3.0)",
                "A(2,1) = not stored (0)");
    }

    @Test
    void indexOutOfRangeNamesTheRowAndTheBase() throws IOException {
        StructType e = new StructType().add("row", DataTypes.IntegerType).add("col", DataTypes.IntegerType)
                .add("value", DataTypes.DoubleType);
        String zero = table("zero.parquet", e, RowFactory.create(1, 1, 2.0), RowFactory.create(2, 0, -1.0));
        CommandLineRun.fails(tmp, bilinearArgs(zero), "zero.parquet", "column 'col' is 0, out of range",
                "--index-base 1", "row = 2, col = 0");
        String neg = table("neg.orc", e, RowFactory.create(-1, 0, 2.0));
        CommandLineRun.fails(tmp, bilinearArgs(neg, "--index-base", "0"), "neg.orc", "column 'row' is -1",
                "--index-base 0");
    }

    @Test
    void stringIdsAreNamesNotNumbers() throws IOException {
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", grqcStrings, "--src-col", "from", "--dst-col", "to",
                "--function", "exp:beta=0.1", "--u", "node:3466"), "node:3466 is not in", "strings");
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", grqcParquet, "--function", "exp:beta=0.1",
                "--u", "node:n3466"), "'n3466' is not an integer");
        Path intPairs = Files.writeString(tmp.resolve("int-pairs.txt"), "3466 937\n");
        CommandLineRun.fails(tmp, List.of("communicability", "--graph", grqcStrings, "--src-col", "from",
                "--dst-col", "to", "--pairs", intPairs.toString()), "int-pairs.txt", "line 1",
                "node '3466' is not a node of", "strings");
        String intTable = table("int-pairs.parquet", new StructType().add("src", DataTypes.LongType)
                .add("dst", DataTypes.LongType), RowFactory.create(3466L, 937L));
        CommandLineRun.fails(tmp, List.of("communicability", "--graph", grqcStrings, "--src-col", "from",
                "--dst-col", "to", "--pairs", intTable), "int-pairs.parquet", "column 'src' has integer ids",
                "expected string node ids");
    }

    @Test
    void badVectorAndPairTablesNameTheFileColumnAndRow() throws IOException {
        StructType v = new StructType().add("id", DataTypes.LongType).add("value", DataTypes.DoubleType);
        String nul = table("vnull.parquet", v, RowFactory.create(3466L, null));
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", grqcParquet, "--function", "exp:beta=0.1",
                "--u", "file:" + nul), "vnull.parquet", "column 'value' is null", "id = 3466");
        String unknown = table("vunknown.parquet", v, RowFactory.create(3466L, 1.0), RowFactory.create(-5L, 1.0));
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", grqcParquet, "--function", "exp:beta=0.1",
                "--u", "file:" + unknown), "vunknown.parquet", "id = -5", "is not a node of");
        String twice = table("vtwice.parquet", v, RowFactory.create(3466L, 1.0), RowFactory.create(3466L, 2.0));
        CommandLineRun.fails(tmp, List.of("bilinear", "--matrix", grqcParquet, "--function", "exp:beta=0.1",
                "--u", "file:" + twice), "vtwice.parquet", "id 3466 is in 2 rows");
        String pairs = table("pairs-bad.parquet", new StructType().add("p", DataTypes.LongType)
                .add("dst", DataTypes.LongType), RowFactory.create(3466L, 937L));
        CommandLineRun.fails(tmp, List.of("communicability", "--graph", grqcParquet, "--pairs", pairs),
                "pairs-bad.parquet", "no column 'src'");
        String far = table("pairs-far.parquet", new StructType().add("src", DataTypes.LongType)
                .add("dst", DataTypes.LongType), RowFactory.create(3466L, 99999999L));
        CommandLineRun.fails(tmp, List.of("communicability", "--graph", grqcParquet, "--pairs", far),
                "pairs-far.parquet", "src = 3466, dst = 99999999", "is not a node of");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A bilinear run's value and gradient by "src dst". */
    private record Result(double value, Map<String, Double> gradient) {
    }

    private Result bilinear(String name, String mode, String matrix, String u, String v, String... extra)
            throws IOException {
        Path out = tmp.resolve("bilinear-" + name + "-" + mode);
        List<String> args = new ArrayList<>(List.of("bilinear", "--matrix", matrix, "--u", u, "--v", v,
                "--gradient", "edges", "--tol", "1e-12", "--partitions", "3", "--distribute", mode,
                "--output", out.toString()));
        if (!List.of(extra).contains("--function")) {
            args.add("--function");
            args.add("exp:beta=0.1");
        }
        args.addAll(List.of(extra));
        CommandLineRun r = CommandLineRun.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + "\n" + r.err());
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("CONVERGED", s.get("termination").asText());
        assertEquals(mode, s.get("run").get("distribution").asText());
        Map<String, Double> g = new HashMap<>();
        for (Row row : SparkTestSupport.session().read().parquet(out.resolve("gradient").toString()).collectAsList()) {
            g.put(row.get(0) + " " + row.get(1), row.getDouble(2));
        }
        return new Result(s.get("value").asDouble(), g);
    }

    /** "i j" of 1-based row numbers to the 0-based ids of the same entry. */
    private static String zeroBased(String key) {
        String[] f = key.split(" ");
        return (Long.parseLong(f[0]) - 1) + " " + (Long.parseLong(f[1]) - 1);
    }

    /**
     * Same value to c eps |F| and same gradient on the same edges to c eps max|g|; {@code key} maps the reference's
     * "src dst" to the table run's.
     */
    private static void assertSame(Result ref, Result got, Function<String, String> key, double c, String what) {
        assertClose(ref.value, got.value, c * EPS * Math.abs(ref.value), what + ": value");
        assertEquals(ref.gradient.size(), got.gradient.size(), what + ": edges");
        double scale = 0;
        for (double g : ref.gradient.values()) {
            scale = Math.max(scale, Math.abs(g));
        }
        double worst = 0;
        for (Map.Entry<String, Double> e : ref.gradient.entrySet()) {
            String k = key.apply(e.getKey());
            Double g = got.gradient.get(k);
            if (g == null) {
                // an edge is stored once with src <= dst: for string ids the order of the two names may differ
                String[] f = k.split(" ");
                g = got.gradient.get(f[1] + " " + f[0]);
            }
            assertTrue(g != null, what + ": edge " + k + " missing");
            worst = Math.max(worst, Math.abs(g - e.getValue()));
        }
        assertTrue(worst <= c * EPS * scale, what + ": worst gradient difference " + worst + " > " + c + " eps * "
                + scale);
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        assertTrue(Math.abs(expected - actual) <= tolerance, what + ": " + actual + " vs " + expected + " (difference "
                + Math.abs(expected - actual) + ", tolerance " + tolerance + ")");
    }

    private List<String> bilinearArgs(String matrix, String... extra) {
        List<String> a = new ArrayList<>(List.of("bilinear", "--matrix", matrix, "--function", "exp:beta=0.1",
                "--u", "ones"));
        a.addAll(List.of(extra));
        return a;
    }

    /** Writes rows as a small Parquet or ORC table (by the name's extension) in the test directory. */
    private String table(String name, StructType schema, Row... rows) {
        String path = tmp.resolve(name).toString();
        Dataset<Row> df = SparkTestSupport.session().createDataFrame(List.of(rows), schema).coalesce(1);
        if (name.endsWith(".orc")) {
            df.write().orc(path);
        } else {
            df.write().parquet(path);
        }
        return path;
    }
}
