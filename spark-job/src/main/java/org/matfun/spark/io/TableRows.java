package org.matfun.spark.io;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.List;

import scala.jdk.javaapi.CollectionConverters;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Where in a table the rows behind a conflict are, for the messages of {@link EdgeListLoader#fromPairs} (an edge
 * with two weights) and {@link MatrixMarketLoader#checkPairs} (an asymmetric matrix, an overflowing sum). Runs only
 * on the failure path: one small filter query ({@code limit}) per row looked up, on the driver.
 *
 * <p>A row is named by its file and its <b>0-based row index within that file</b> (Spark's hidden
 * {@code _metadata.file_name} and {@code _metadata.row_index} columns: the index Parquet readers such as pyarrow use;
 * the first row of a file is row 0), followed by its id and weight columns, e.g. {@code row 3 of
 * part-00001-c2d1.snappy.parquet (src = 2, dst = 1, weight = 2.0)}. ORC files have no {@code row_index} in Spark: the
 * index is then counted over that one file ({@link #rowIndex}). Where neither is possible (a catalog table of
 * another format) only the file is named, and where Spark cannot give the file (a view of a non-file source) only
 * the values.
 */
final class TableRows {

    /** Said once per message, after the rows. */
    static final String NUMBERING = "row numbers are 0-based within each file";

    /** Name of the row-index column of {@link #rowIndex}. */
    private static final String INDEX = "__matfun_row_index";

    private final Dataset<Row> df;
    private final InputFormat format;
    private final List<StructField> shown;
    /** Index to string id for string-id edge tables, else null. */
    private final JavaPairRDD<Long, String> labels;
    /** Subtracted from a 1-based matrix position to give the table's index (matrix-entry tables). */
    private final long base;

    TableRows(Dataset<Row> df, InputFormat format, List<StructField> shown, JavaPairRDD<Long, String> labels,
              long base) {
        this.df = df;
        this.format = format;
        this.shown = shown;
        this.labels = labels;
        this.base = base;
    }

    /** @return the ids of an edge's ends as the table gives them: {@code {1, 2}} or {@code {'a', 'b'}} */
    String pair(long lo, long hi) {
        if (labels == null) {
            return "{" + lo + ", " + hi + "}";
        }
        return "{" + TableFiles.quoted(label(lo)) + ", " + TableFiles.quoted(label(hi)) + "}";
    }

    /**
     * The first row (by file, then row index) giving the edge {a, b} in either direction with weight {@code weight}.
     *
     * @param a, b the ends, ids of the table (or indices of the labels for string ids)
     */
    String edgeRow(long a, long b, double weight) {
        Column s = col(TableFiles.q(shown.get(0)));
        Column d = col(TableFiles.q(shown.get(1)));
        Object x = labels == null ? (Object) a : label(a);
        Object y = labels == null ? (Object) b : label(b);
        Column match = s.equalTo(lit(x)).and(d.equalTo(lit(y))).or(s.equalTo(lit(y)).and(d.equalTo(lit(x))));
        if (shown.size() > 2) {
            match = match.and(col(TableFiles.q(shown.get(2))).cast(DataTypes.DoubleType).equalTo(lit(weight)));
        }
        return first(match);
    }

    /** The first row giving the matrix entry at 1-based position (i, j) (exactly that orientation). */
    String entryRow(long i, long j) {
        Column r = col(TableFiles.q(shown.get(0))).cast(DataTypes.LongType);
        Column c = col(TableFiles.q(shown.get(1))).cast(DataTypes.LongType);
        return first(r.equalTo(lit(i - 1 + base)).and(c.equalTo(lit(j - 1 + base))));
    }

    private String label(long index) {
        List<String> found = labels.lookup(index);
        return found.isEmpty() ? String.valueOf(index) : found.get(0);
    }

    /** The first matching row (by file and row index where known), described. */
    private String first(Column match) {
        Column[] values = new Column[shown.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = col(TableFiles.q(shown.get(i)));
        }
        // level 2: file and row index from Spark (Parquet); 1: the file (ORC: row index counted here); 0: neither.
        // The level is read off the plan's hidden _metadata struct: asking for a field it lacks would fail analysis,
        // and Spark's query listeners log such a failure with its stack trace.
        StructType metadata = metadataFields();
        int level = metadata == null || !hasField(metadata, "file_name") || !hasField(metadata, "file_path") ? 0
                : hasField(metadata, "row_index") ? 2 : 1;
        Column[] select = new Column[(level == 0 ? 0 : 2) + values.length];
        if (level >= 1) {
            select[0] = col("_metadata.file_name");
            select[1] = level == 2 ? col("_metadata.row_index") : col("_metadata.file_path");
        }
        System.arraycopy(values, 0, select, level == 0 ? 0 : 2, values.length);
        Dataset<Row> hits = df.filter(match).select(select);
        if (level >= 1) {
            hits = hits.orderBy(col("file_name"), col(level == 2 ? "row_index" : "file_path"));
        }
        List<Row> rows = hits.limit(1).collectAsList();
        if (rows.isEmpty()) {
            return "a row";
        }
        Row r = rows.get(0);
        int offset = level == 0 ? 0 : 2;
        Long index = level == 2 ? (Long) r.getLong(1) : level == 1 ? rowIndex(r.getString(1), match) : null;
        return describe(r, offset, level == 0 ? null : r.getString(0), index);
    }

    /** The fields of the source's hidden {@code _metadata} column (file sources), or null where it has none. */
    private StructType metadataFields() {
        for (Attribute a : CollectionConverters.asJava(df.queryExecution().analyzed().metadataOutput())) {
            if (a.name().equals("_metadata") && a.dataType() instanceof StructType st) {
                return st;
            }
        }
        return null;
    }

    private static boolean hasField(StructType struct, String name) {
        return java.util.Arrays.asList(struct.fieldNames()).contains(name);
    }

    /**
     * The 0-based index of the first row matching {@code match} in one file, counted in file order (one job over the
     * file, failure path only: for sources whose reader gives no {@code _metadata.row_index}, e.g. ORC), or null.
     * IMPLEMENTATION NOTES: the file's splits are read in offset order (Spark packs equal-size splits of one file
     * in order; the shorter last split comes last), so {@code zipWithIndex} numbers the rows as the file stores them.
     */
    private Long rowIndex(String filePath, Column match) {
        if (format != InputFormat.ORC && format != InputFormat.PARQUET) {
            return null;
        }
        SparkSession spark = df.sparkSession();
        Dataset<Row> file = spark.read().format(format.name().toLowerCase(java.util.Locale.ROOT))
                .load(new org.apache.hadoop.fs.Path(java.net.URI.create(filePath)).toString());
        StructType schema = file.schema().add(INDEX, DataTypes.LongType, false);
        JavaRDD<Row> indexed = file.javaRDD().zipWithIndex().map(t -> {
            Object[] v = new Object[t._1().size() + 1];
            for (int i = 0; i < v.length - 1; i++) {
                v[i] = t._1().get(i);
            }
            v[v.length - 1] = t._2();
            return RowFactory.create(v);
        });
        List<Row> found = spark.createDataFrame(indexed, schema).filter(match).select(col(INDEX))
                .orderBy(col(INDEX)).limit(1).collectAsList();
        return found.isEmpty() ? null : found.get(0).getLong(0);
    }

    private String describe(Row row, int offset, String fileName, Long index) {
        StringBuilder sb = new StringBuilder();
        if (index != null) {
            sb.append("row ").append(index).append(" of ").append(fileName).append(' ');
        } else if (fileName != null) {
            sb.append("a row of ").append(fileName).append(' ');
        } else {
            sb.append("the row ");
        }
        sb.append('(');
        for (int i = 0; i < shown.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shown.get(i).name()).append(" = ")
                    .append(row.isNullAt(offset + i) ? "null" : TableFiles.quoted(row.get(offset + i)));
        }
        return sb.append(')').toString();
    }
}
