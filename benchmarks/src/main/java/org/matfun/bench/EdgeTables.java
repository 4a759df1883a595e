package org.matfun.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.trim;

/**
 * Writes the same graph as a Parquet edge table for the table-input benchmark (benchmarks/tables.sh,
 * docs/benchmarks-tables.md): reads a SNAP edge list ({@code #} comments, whitespace, {@code .gz}) or a Matrix
 * Market pattern file (RmatGraph's output) and writes {@code src, dst} (bigint) to a Parquet directory with Spark
 * ({@code local[2]}, {@code --files F} part files); for a Matrix Market input it can also write the same edges as a
 * SNAP-style {@code .txt.gz} edge list ({@code --txt-gz FILE}), the text baseline.
 *
 * <p>Usage: {@code EdgeTables --in FILE [--txt-gz FILE] --parquet DIR [--files 4]}
 */
public final class EdgeTables {

    private EdgeTables() {
    }

    public static void main(String[] args) throws IOException {
        String in = null;
        String parquet = null;
        String txtGz = null;
        int files = 4;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--in" -> in = args[i + 1];
                case "--parquet" -> parquet = args[i + 1];
                case "--txt-gz" -> txtGz = args[i + 1];
                case "--files" -> files = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("EdgeTables: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (in == null || parquet == null) {
            System.err.println("usage: EdgeTables --in FILE [--txt-gz FILE] --parquet DIR [--files 4]");
            System.exit(2);
        }
        boolean mtx = in.replace(".gz", "").endsWith(".mtx");
        String text = in;
        if (mtx && txtGz != null) {
            toEdgeList(Paths.get(in), Paths.get(txtGz));
            text = txtGz;
        }
        SparkSession spark = SparkSession.builder().master("local[2]").appName("edge-tables")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> lines = spark.read().text(text)
                .filter(trim(col("value")).notEqual("").and(col("value").startsWith("#").unary_$bang())
                        .and(col("value").startsWith("%").unary_$bang()));
        Dataset<Row> fields = lines.select(split(trim(col("value")), "\\s+").as("f"));
        Dataset<Row> edges = fields.select(col("f").getItem(0).cast(DataTypes.LongType).as("src"),
                col("f").getItem(1).cast(DataTypes.LongType).as("dst"));
        if (mtx && txtGz == null) {
            throw new IllegalArgumentException("a Matrix Market input needs --txt-gz (its size line is not an edge)");
        }
        edges.repartition(files).write().mode("overwrite").parquet(parquet);
        System.out.println("wrote " + spark.read().parquet(parquet).count() + " edges to " + parquet);
        spark.stop();
    }

    /** The entries of a Matrix Market pattern file (after the size line) as "row col" lines, gzip-compressed. */
    static void toEdgeList(Path mtx, Path out) throws IOException {
        InputStream raw = Files.newInputStream(mtx);
        InputStream in = mtx.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
             Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out),
                     1 << 16), StandardCharsets.US_ASCII), 1 << 16)) {
            boolean sizeSeen = false;
            w.write("# R-MAT edge list from " + mtx.getFileName() + "\n");
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("%") || line.isBlank()) {
                    continue;
                }
                if (!sizeSeen) {
                    sizeSeen = true;
                    continue;
                }
                w.write(line);
                w.write('\n');
            }
        }
    }
}
