package org.matfun.spark.io;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

/**
 * Reads an edge table or a matrix-entry table (Parquet, ORC or a catalog table, {@link TableColumns}) into a
 * {@link LoadedMatrix}, with the semantics of the text formats: edge tables are undirected graphs exactly as edge
 * lists ({@link EdgeListLoader#fromPairs}: duplicates, both directions, self-loops, conflicting weights), matrix-entry
 * tables are Matrix Market coordinates ({@link MatrixMarketLoader#checkPairs}: duplicates summed, symmetry).
 *
 * <p>Validation never fails a Spark task, so a bad row is a message, not a task failure (no retry, no executor stack
 * trace): the schema is checked on the driver (every named column present, ids of an integer type, or strings for
 * edge tables, weights of a numeric type); the rows are checked in the same pass that converts them (a null, a NaN
 * or infinite weight, and for matrix entries an index below the base or beyond {@code base + 2^31 - 2}), on the
 * scan's internal rows, the first bad one recorded in a {@link FirstInputError}. Only when one was found does a
 * filter query ({@code limit(1)}, on the driver) fetch a bad row for the message, which names the file or table, the
 * column, the offending row's ids and what was expected. (String-id edge tables run that filter first.)
 *
 * <p>A matrix-entry table stores one triangle (every off-diagonal entry on the same side of the diagonal: mirrored,
 * as a Matrix Market {@code symmetric} file) or both (then it must be exactly symmetric after summing duplicates, as
 * a {@code general} file, unless {@code symmetrize}). Its order n is the largest index - base + 1; ids are the
 * table's indices ({@code idToIndex}: id - base).
 *
 * <p>String ids (edge tables): the distinct strings sorted ascending (Java {@code String} order, i.e. UTF-16 code
 * units) are the nodes, index i for the i-th; the {@link LoadedMatrix#labels()} carry them to the results.
 *
 * <p>Cost: integer ids: one scan of the id and weight columns (columnar: nothing else is read), checked and
 * converted to pairs in the same tasks, then the shuffles of {@link EdgeListLoader#fromPairs} (edges) or one shuffle
 * by pair (entries). String ids add a validation scan, a distinct, a sort and two joins of the edges. Driver memory
 * O(1).
 *
 * <p>The shuffle by pair has no map-side combine: rows that repeat a pair are rare within one split (an edge listed
 * in both directions is usually far apart), so combining on the map side builds and sorts a hash map of nearly every
 * row for little reduction; without it each row goes straight to its partition's file (Spark's bypass-merge writer)
 * and is merged once on the reduce side. Measured on soc-Slashdot0902 (948,464 rows, 1,086,763 stored entries): 2-3 s less of
 * a 22-25 s load (docs/tables.md).
 */
final class TableLoader {

    /** Largest order n: indices must fit an int with room (CSR). */
    private static final long MAX_INDEX = Integer.MAX_VALUE - 1L;

    private TableLoader() {
    }

    /**
     * @param source the path (Parquet, ORC) or the table name (catalog)
     * @throws InputException for an unreadable source, a missing column, a column of the wrong type, a null or
     *                        non-finite value, an index out of range, no rows, conflicting edge weights or an
     *                        asymmetric matrix
     */
    static LoadedMatrix load(JavaSparkContext sc, String source, InputFormat format, TableColumns cols,
                             int minPartitions, boolean symmetrize) {
        String where = format == InputFormat.TABLE ? "table " + source : source;
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> df = TableFiles.open(spark, source, format, where);
        try {
            StructType schema = df.schema();
            boolean entries = cols.entryOptions()
                    || (TableFiles.field(schema, cols.src()) == null && TableFiles.field(schema, cols.row()) != null
                    && TableFiles.field(schema, cols.col()) != null);
            return entries ? entries(df, format, where, cols, minPartitions, symmetrize)
                    : edges(df, format, where, cols, minPartitions);
        } catch (InputException e) {
            throw e;
        } catch (Exception e) {
            throw SparkFailures.translate(where, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ edges

    private static LoadedMatrix edges(Dataset<Row> df, InputFormat format, String where, TableColumns cols,
                                      int minPartitions) {
        StructType schema = df.schema();
        StructField s = TableFiles.require(schema, where, cols.src(), "--src-col", "an edge table");
        StructField d = TableFiles.require(schema, where, cols.dst(), "--dst-col", "an edge table");
        StructField w = TableFiles.field(schema, cols.weight());
        if (w == null && cols.weightGiven()) {
            throw TableFiles.missing(schema, where, cols.weight(), "--weight-col", "an edge table");
        }
        boolean strings = TableFiles.isString(s.dataType());
        TableFiles.idType(where, s, strings);
        TableFiles.idType(where, d, strings);
        if (w != null) {
            TableFiles.numeric(where, w);
        }
        Column weight = w == null ? lit(1.0) : col(TableFiles.q(w)).cast(DataTypes.DoubleType);
        List<StructField> shown = new ArrayList<>(List.of(s, d));
        if (w != null) {
            shown.add(w);
        }
        Column bad = col(TableFiles.q(s)).isNull().or(col(TableFiles.q(d)).isNull());
        if (w != null) {
            bad = bad.or(col(TableFiles.q(w)).isNull()).or(TableFiles.nonFinite(weight));
        }
        Column badRows = bad;
        Runnable reportBadRow = () -> TableFiles.checkRows(df, where, badRows, shown, row -> {
            for (int i = 0; i < shown.size(); i++) {
                if (row.isNullAt(i)) {
                    return "column '" + shown.get(i).name() + "' is null";
                }
            }
            return "column '" + w.name() + "' is " + row.get(2) + "; expected a finite weight";
        });

        JavaPairRDD<Long, String> labels = null;
        JavaPairRDD<PairKey, EdgeWeights> combined;
        int parts;
        if (strings) {
            reportBadRow.run();
            parts = Math.max(minPartitions, df.rdd().getNumPartitions());
            JavaRDD<String> names = df.select(col(TableFiles.q(s)).as("id"))
                    .union(df.select(col(TableFiles.q(d)).as("id")))
                    .distinct().javaRDD().map(r -> r.getString(0));
            labels = names.sortBy(x -> x, true, parts).zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            SparkSession spark = df.sparkSession();
            StructType lt = new StructType().add("label", DataTypes.StringType, false)
                    .add("index", DataTypes.LongType, false);
            Dataset<Row> table = spark.createDataFrame(labels.map(t -> org.apache.spark.sql.RowFactory.create(
                    t._2(), t._1())), lt);
            Dataset<Row> a = table.toDF("sl", "si");
            Dataset<Row> b = table.toDF("dl", "di");
            Dataset<Row> typed = df.select(col(TableFiles.q(s)).as("s"), col(TableFiles.q(d)).as("d"),
                            weight.as("w"))
                    .join(a, col("s").equalTo(col("sl")))
                    .join(b, col("d").equalTo(col("dl")))
                    .select(col("si"), col("di"), col("w"), monotonically_increasing_id());
            combined = typed.javaRDD()
                    .mapToPair(r -> new Tuple2<>(new PairKey(r.getLong(0), r.getLong(1)),
                            new EdgeWeights(r.getDouble(2), r.getLong(3))))
                    .combineByKey(x -> x, EdgeWeights::merge, EdgeWeights::merge, new HashPartitioner(parts),
                            false, null)
                    .persist(StorageLevel.MEMORY_AND_DISK());
        } else {
            // One pass: the scan's internal rows (no conversion to Row objects) are checked and turned into pairs
            // in the same task; a bad row is recorded, not thrown, and described on the driver afterwards.
            JavaRDD<InternalRow> rows = internalRows(df, col(TableFiles.q(s)).cast(DataTypes.LongType),
                    col(TableFiles.q(d)).cast(DataTypes.LongType), weight);
            parts = Math.max(minPartitions, rows.getNumPartitions());
            FirstInputError errors = FirstInputError.register(
                    JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()), where);
            RowConversion<Tuple2<PairKey, EdgeWeights>> edge = (x, at) -> x.isNullAt(0) || x.isNullAt(1)
                    || x.isNullAt(2) || !Double.isFinite(x.getDouble(2)) ? null
                    : new Tuple2<>(new PairKey(x.getLong(0), x.getLong(1)), new EdgeWeights(x.getDouble(2), at));
            combined = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(
                            (p, it) -> new CheckedRows<>(where, p, it, edge, errors), true))
                    .combineByKey(x -> x, EdgeWeights::merge, EdgeWeights::merge, new HashPartitioner(parts),
                            false, null) // no map-side combine: see the class comment
                    .persist(StorageLevel.MEMORY_AND_DISK());
            runChecked(combined, errors, reportBadRow);
        }
        boolean ok = false;
        try {
            LoadedMatrix m = EdgeListLoader.fromPairs(where, combined, parts, "no entries: the table has no rows",
                    new TableRows(df, format, shown, labels, 0L));
            ok = true;
            return labels == null ? m : m.withLabels(labels);
        } finally {
            if (!ok && labels != null) {
                labels.unpersist(false);
            }
        }
    }

    /** Converts one internal row of a checked scan to a record, or returns null if the row is bad. */
    @FunctionalInterface
    private interface RowConversion<T> extends java.io.Serializable {
        T convert(InternalRow row, long ordinal);
    }

    /**
     * The records of the rows of one partition of a table scan, in one pass: each row is checked and converted by
     * {@code conversion}. The row ordinal is {@code partition << 33 | position}, as
     * {@code monotonically_increasing_id}. A bad row (null result) is recorded in {@code errors} and ends the
     * partition: no task failure. Runs on executors.
     */
    private static final class CheckedRows<T> implements Iterator<T> {
        private final String where;
        private final Iterator<InternalRow> rows;
        private final RowConversion<T> conversion;
        private final FirstInputError errors;
        private long ordinal;
        private T next;

        CheckedRows(String where, int partition, Iterator<InternalRow> rows, RowConversion<T> conversion,
                    FirstInputError errors) {
            this.where = where;
            this.rows = rows;
            this.conversion = conversion;
            this.errors = errors;
            this.ordinal = (long) partition << 33;
            advance();
        }

        private void advance() {
            next = null;
            if (!rows.hasNext()) {
                return;
            }
            long at = ordinal++;
            next = conversion.convert(rows.next(), at);
            if (next == null) {
                errors.add(new InputException(where, "a row with a null, non-finite or out-of-range value"), at);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public T next() {
            if (next == null) {
                throw new java.util.NoSuchElementException();
            }
            T t = next;
            advance();
            return t;
        }
    }

    /**
     * Runs {@code converted} (a persisted pair RDD built from a {@link CheckedRows} scan) with one count; if a bad row
     * was recorded, unpersists it and calls {@code describe}, which throws the message of the bad row.
     */
    private static void runChecked(JavaPairRDD<?, ?> converted, FirstInputError errors, Runnable describe) {
        try {
            converted.count();
            if (errors.value() != null) {
                describe.run(); // the failure path only: the message of the filter query
                errors.throwIfAny();
            }
        } catch (RuntimeException e) {
            converted.unpersist(false);
            throw e;
        }
    }

    /** The internal rows of {@code columns} selected from {@code df} (no conversion to {@link Row} objects). */
    private static JavaRDD<InternalRow> internalRows(Dataset<Row> df, Column... columns) {
        return df.select(columns).queryExecution().toRdd().toJavaRDD();
    }

    // ------------------------------------------------------------------------------------------------ entries

    private static LoadedMatrix entries(Dataset<Row> df, InputFormat format, String where, TableColumns cols,
                                        int minPartitions, boolean symmetrize) {
        StructType schema = df.schema();
        StructField r = TableFiles.require(schema, where, cols.row(), "--row-col", "a matrix-entry table");
        StructField c = TableFiles.require(schema, where, cols.col(), "--col-col", "a matrix-entry table");
        StructField v = TableFiles.field(schema, cols.value());
        if (v == null && cols.valueGiven()) {
            throw TableFiles.missing(schema, where, cols.value(), "--value-col", "a matrix-entry table");
        }
        TableFiles.idType(where, r, false);
        TableFiles.idType(where, c, false);
        if (v != null) {
            TableFiles.numeric(where, v);
        }
        long base = cols.indexBase();
        Column value = v == null ? lit(1.0) : col(TableFiles.q(v)).cast(DataTypes.DoubleType);
        Column ri = col(TableFiles.q(r)).cast(DataTypes.LongType);
        Column ci = col(TableFiles.q(c)).cast(DataTypes.LongType);
        List<StructField> shown = new ArrayList<>(List.of(r, c));
        if (v != null) {
            shown.add(v);
        }
        Column bad = col(TableFiles.q(r)).isNull().or(col(TableFiles.q(c)).isNull())
                .or(ri.lt(base)).or(ci.lt(base)).or(ri.gt(base + MAX_INDEX - 1)).or(ci.gt(base + MAX_INDEX - 1));
        if (v != null) {
            bad = bad.or(col(TableFiles.q(v)).isNull()).or(TableFiles.nonFinite(value));
        }
        Column badRows = bad;
        Runnable reportBadRow = () -> TableFiles.checkRows(df, where, badRows, shown, row -> {
            for (int i = 0; i < shown.size(); i++) {
                if (row.isNullAt(i)) {
                    return "column '" + shown.get(i).name() + "' is null";
                }
            }
            for (int i = 0; i < 2; i++) {
                long x = ((Number) row.get(i)).longValue();
                if (x < base || x > base + MAX_INDEX - 1) {
                    return "column '" + shown.get(i).name() + "' is " + x + ", out of range: expected an index >= "
                            + base + " (--index-base " + base + ") and < " + (base + MAX_INDEX);
                }
            }
            return "column '" + v.name() + "' is " + row.get(2) + "; expected a finite value";
        });

        JavaRDD<InternalRow> rows = internalRows(df, ri, ci, value);
        int parts = Math.max(minPartitions, rows.getNumPartitions());
        FirstInputError errors = FirstInputError.register(
                JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext()), where);
        long last = base + MAX_INDEX - 1;
        RowConversion<Tuple2<PairKey, CoordinateValues>> entry = (x, at) -> {
            if (x.isNullAt(0) || x.isNullAt(1) || x.isNullAt(2) || !Double.isFinite(x.getDouble(2))) {
                return null;
            }
            long r0 = x.getLong(0);
            long c0 = x.getLong(1);
            if (r0 < base || c0 < base || r0 > last || c0 > last) {
                return null;
            }
            long i = r0 - base + 1;
            long j = c0 - base + 1;
            return new Tuple2<>(new PairKey(i, j), CoordinateValues.of(i, j, x.getDouble(2), at));
        };
        JavaPairRDD<PairKey, CoordinateValues> combined = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(
                        (p, it) -> new CheckedRows<>(where, p, it, entry, errors), true))
                .combineByKey(x -> x, CoordinateValues::merge, CoordinateValues::merge, new HashPartitioner(parts),
                        false, null)
                .persist(StorageLevel.MEMORY_AND_DISK());
        runChecked(combined, errors, reportBadRow);
        JavaRDD<MatrixEntry> entries = null;
        boolean ok = false;
        try {
            // {largest 1-based index, off-diagonal entries below the diagonal, above it}
            long[] shape = combined.map(t -> new long[] {t._1().hi(),
                            t._1().isDiagonal() ? 0 : t._2().lowerCount(), t._1().isDiagonal() ? 0 : t._2().upperCount()})
                    .fold(new long[] {0, 0, 0}, (x, y) -> new long[] {Math.max(x[0], y[0]), x[1] + y[1], x[2] + y[2]});
            if (shape[0] == 0) {
                throw new InputException(where, "no entries: the table has no rows");
            }
            long n = shape[0];
            boolean symmetric = shape[1] == 0 || shape[2] == 0;
            boolean average = symmetrize && !symmetric;
            MatrixMarketLoader.checkPairs(where, symmetric, average, combined, new TableRows(df, format, shown, null, base));
            entries = combined.flatMap(t -> MatrixMarketLoader.toEntries(t._1(), t._2(), average))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long nnz = entries.count();
            JavaPairRDD<Long, Long> idToIndex = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext())
                    .sc().range(base, base + n, 1L, parts).toJavaRDD()
                    .mapToPair(id -> new Tuple2<>((Long) id, (Long) id - base));
            ok = true;
            return new LoadedMatrix(where, n, nnz, entries, idToIndex, false, base, null);
        } finally {
            combined.unpersist(false);
            if (!ok && entries != null) {
                entries.unpersist(false);
            }
        }
    }

}
