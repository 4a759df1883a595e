package org.matfun.spark.io;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;

/**
 * Small tables read with Spark SQL: the checks the table inputs share ({@link TableLoader}: columns present and
 * typed, no null or non-finite value, found on the driver with a filter and {@code limit(1)}), and the entry point
 * for the small id lists and vectors of the jobs ({@code file:PATH.parquet} vectors, {@code --pairs},
 * {@code --subgraph-centrality}, {@code --candidates} as Parquet or ORC), {@link #readIds}.
 */
public final class TableFiles {

    private TableFiles() {
    }

    /**
     * @param path a file name or path
     * @return true if its name ends in {@code .parquet} or {@code .orc} (a trailing {@code /} ignored): a table file
     *         or a directory of part files
     */
    public static boolean isTable(String path) {
        return path != null && !path.isBlank() && InputFormat.detect(path).isTable();
    }

    /**
     * Reads a small table (a Parquet or ORC file or directory, by its name's extension) of id columns and an optional
     * value column, checked on the driver: the columns exist, the ids are all of an integer type or all strings, the
     * value is numeric, and no row has a null or a non-finite value (the message names the file, the column and the
     * row's values).
     *
     * @param spark     the session
     * @param path      the file, {@code .parquet} or {@code .orc}
     * @param idColumns the id column names, at least one
     * @param value     the value column name, or null for none
     * @param what      what the table is, for messages (e.g. "a vector table (columns id, value)")
     * @return the rows: the id columns as bigint (or string when the ids are strings), then the value as double
     * @throws InputException for an unreadable file, a missing column, a wrong type, a null or non-finite value
     */
    public static Dataset<Row> readChecked(SparkSession spark, String path, String[] idColumns, String value,
                                           String what) {
        InputFormat format = InputFormat.detect(path);
        Dataset<Row> df = open(spark, path, format, path);
        StructType schema = df.schema();
        List<StructField> shown = new ArrayList<>();
        for (String c : idColumns) {
            StructField f = field(schema, c);
            if (f == null) {
                throw new InputException(path, "no column '" + c + "' for " + what + "; the columns are "
                        + describe(schema));
            }
            shown.add(f);
        }
        boolean strings = isString(shown.get(0).dataType());
        for (StructField f : shown) {
            idType(path, f, strings);
        }
        StructField v = null;
        if (value != null) {
            v = field(schema, value);
            if (v == null) {
                throw new InputException(path, "no column '" + value + "' for " + what + "; the columns are "
                        + describe(schema));
            }
            numeric(path, v);
            shown.add(v);
        }
        Column bad = lit(false);
        for (StructField f : shown) {
            bad = bad.or(col(q(f)).isNull());
        }
        Column number = v == null ? null : col(q(v)).cast(DataTypes.DoubleType);
        if (number != null) {
            bad = bad.or(nonFinite(number));
        }
        StructField valueField = v;
        checkRows(df, path, bad, shown, row -> {
            for (int i = 0; i < shown.size(); i++) {
                if (row.isNullAt(i)) {
                    return "column '" + shown.get(i).name() + "' is null";
                }
            }
            return "column '" + valueField.name() + "' is " + row.get(shown.size() - 1) + "; expected a finite"
                    + " number";
        });
        Column[] out = new Column[shown.size()];
        for (int i = 0; i < idColumns.length; i++) {
            Column c = col(q(shown.get(i)));
            out[i] = (strings ? c : c.cast(DataTypes.LongType)).as(idColumns[i]);
        }
        if (v != null) {
            out[out.length - 1] = number.as(value);
        }
        return df.select(out);
    }

    /** @return true if the first column of {@code df} is a string column (string node ids) */
    public static boolean stringIds(Dataset<Row> df) {
        return isString(df.schema().fields()[0].dataType());
    }

    static Dataset<Row> open(SparkSession spark, String source, InputFormat format, String where) {
        if (format != InputFormat.TABLE) {
            requireExists(spark, source, format);
        } else if (!tableExists(spark, source)) {
            // checked before the reader: Spark's failed read of a missing table also reaches its SQL listener bus,
            // which logs the AnalysisException at ERROR with a stack trace on another thread
            throw new InputException(where, "cannot read as table: the table or view `" + source
                    + "` cannot be found in the session's catalog (current schema "
                    + spark.catalog().currentDatabase() + ")");
        }
        try {
            switch (format) {
                case PARQUET:
                    return spark.read().parquet(source);
                case ORC:
                    return spark.read().orc(source);
                case TABLE:
                    return spark.read().table(source);
                default:
                    throw new IllegalArgumentException("not a table format: " + format);
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new InputException(where, "cannot read as " + format.name().toLowerCase(Locale.ROOT) + ": "
                    + firstLine(e.getMessage()));
        }
    }

    /** The catalog's answer for a table name; true when the name cannot be checked (the reader then reports it). */
    private static boolean tableExists(SparkSession spark, String name) {
        try {
            return spark.catalog().tableExists(name);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * A missing path is reported before Spark's reader sees it (the reader logs a WARN with a stack trace while it
     * looks for a streaming metadata directory).
     *
     * @throws InputException if the file or directory does not exist or its file system cannot be reached
     */
    private static void requireExists(SparkSession spark, String source, InputFormat format) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(source);
            if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
                throw new InputException(source, "file not found: expected a " + format.name().toLowerCase(Locale.ROOT)
                        + " file or a directory of part files");
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InputException(source, "cannot open: " + firstLine(e.getMessage()));
        }
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** What is wrong with a bad row (the row holds the shown columns, in order). */
    interface Diagnosis {
        String of(Row row);
    }

    /** Fails on one row matching {@code bad} (a filter and {@code limit(1)} on the driver: no task failure). */
    static void checkRows(Dataset<Row> df, String where, Column bad, List<StructField> shown,
                                  Diagnosis diagnosis) {
        Column[] select = new Column[shown.size()];
        for (int i = 0; i < select.length; i++) {
            select[i] = col(q(shown.get(i)));
        }
        List<Row> found = df.filter(bad).select(select).limit(1).collectAsList();
        if (found.isEmpty()) {
            return;
        }
        Row row = found.get(0);
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < shown.size(); i++) {
            ids.append(i == 0 ? "" : ", ").append(shown.get(i).name()).append(" = ")
                    .append(row.isNullAt(i) ? "null" : quoted(row.get(i)));
        }
        throw new InputException(where, "the row with " + ids + ": " + diagnosis.of(row));
    }

    static String quoted(Object x) {
        return x instanceof String ? "'" + InputException.excerpt((String) x) + "'" : String.valueOf(x);
    }

    static Column nonFinite(Column x) {
        return isnan(x).or(x.equalTo(lit(Double.POSITIVE_INFINITY))).or(x.equalTo(lit(Double.NEGATIVE_INFINITY)));
    }

    /** The field named {@code name} (exact, else ignoring case as Spark resolves columns), or null. */
    static StructField field(StructType schema, String name) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        for (StructField f : schema.fields()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }

    static StructField require(StructType schema, String where, String name, String option, String kind) {
        StructField f = field(schema, name);
        if (f == null) {
            throw missing(schema, where, name, option, kind);
        }
        return f;
    }

    static InputException missing(StructType schema, String where, String name, String option, String kind) {
        return new InputException(where, "no column '" + name + "' (" + option + ") for " + kind + "; the columns"
                + " are " + describe(schema) + " (an edge table has --src-col, --dst-col [--weight-col], default"
                + " src, dst [weight]; a matrix-entry table --row-col, --col-col [--value-col], default row, col"
                + " [value])");
    }

    static String describe(StructType schema) {
        StringBuilder sb = new StringBuilder();
        for (StructField f : schema.fields()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(f.name()).append(' ').append(f.dataType().simpleString());
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }

    static boolean isString(DataType t) {
        return t.equals(DataTypes.StringType);
    }

    static boolean isInteger(DataType t) {
        return t.equals(DataTypes.LongType) || t.equals(DataTypes.IntegerType) || t.equals(DataTypes.ShortType)
                || t.equals(DataTypes.ByteType) || (t instanceof DecimalType && ((DecimalType) t).scale() == 0
                && ((DecimalType) t).precision() <= 18);
    }

    /** Ids must be integers (or, with {@code strings}, all strings; string ids are for edge tables only). */
    static void idType(String where, StructField f, boolean strings) {
        DataType t = f.dataType();
        if (strings && isString(t) || !strings && isInteger(t)) {
            return;
        }
        String expected = strings ? "string ids like the other id column"
                : "an integer type (tinyint, smallint, int, bigint, decimal(p<=18, 0))"
                + (isString(t) ? " for matrix indices, or string ids in both columns of an edge table" : "");
        throw new InputException(where, "column '" + f.name() + "' has type " + t.simpleString() + "; expected "
                + expected);
    }

    static void numeric(String where, StructField f) {
        if (!(f.dataType() instanceof NumericType)) {
            throw new InputException(where, "column '" + f.name() + "' has type " + f.dataType().simpleString()
                    + "; expected a numeric type (int, bigint, float, double, decimal, ...)");
        }
    }

    /** The column reference of a field, quoted (names with dots or spaces). */
    static String q(StructField f) {
        return "`" + f.name().replace("`", "``") + "`";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl);
        int state = m.indexOf(" SQLSTATE:");
        return state < 0 ? m : m.substring(0, state).strip();
    }
}
