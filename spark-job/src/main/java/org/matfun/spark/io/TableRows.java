package org.matfun.spark.io;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.List;

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
 * part-00001-c2d1.snappy.parquet (src = 2, dst = 1, weight = 2.0)}. Where Spark cannot give the row index (sources
 * without it) only the file is named, and where it cannot give the file (some catalog tables) only the values.
 */
final class TableRows {

    /** Said once per message, after the rows. */
    static final String NUMBERING = "row numbers are 0-based within each file";

    private final Dataset<Row> df;
    private final List<StructField> shown;
    /** Index to string id for string-id edge tables, else null. */
    private final JavaPairRDD<Long, String> labels;
    /** Subtracted from a 1-based matrix position to give the table's index (matrix-entry tables). */
    private final long base;

    TableRows(Dataset<Row> df, List<StructField> shown, JavaPairRDD<Long, String> labels, long base) {
        this.df = df;
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
        for (int level = 2; level >= 0; level--) {
            Dataset<Row> hits;
            try {
                Column[] select = new Column[level + values.length];
                if (level >= 1) {
                    select[0] = col("_metadata.file_name");
                }
                if (level == 2) {
                    select[1] = col("_metadata.row_index");
                }
                System.arraycopy(values, 0, select, level, values.length);
                hits = df.filter(match).select(select); // analysed here: a missing hidden column fails now
                if (level >= 1) {
                    hits = level == 2 ? hits.orderBy(col("file_name"), col("row_index"))
                            : hits.orderBy(col("file_name"));
                }
            } catch (Exception e) {
                if (e instanceof AnalysisException) {
                    continue; // this source has no such hidden column: try with less
                }
                throw e;
            }
            List<Row> rows = hits.limit(1).collectAsList();
            return rows.isEmpty() ? "a row" : describe(rows.get(0), level);
        }
        return "a row";
    }

    private String describe(Row row, int level) {
        StringBuilder sb = new StringBuilder();
        if (level == 2) {
            sb.append("row ").append(row.getLong(1)).append(" of ").append(row.getString(0)).append(' ');
        } else if (level == 1) {
            sb.append("a row of ").append(row.getString(0)).append(' ');
        } else {
            sb.append("the row ");
        }
        sb.append('(');
        for (int i = 0; i < shown.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(shown.get(i).name()).append(" = ")
                    .append(row.isNullAt(level + i) ? "null" : TableFiles.quoted(row.get(level + i)));
        }
        return sb.append(')').toString();
    }
}
