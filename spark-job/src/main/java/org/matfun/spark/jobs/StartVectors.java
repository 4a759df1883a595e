package org.matfun.spark.jobs;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.Optional;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.bilinear.BilinearForm;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.FirstInputError;
import org.matfun.spark.io.SparkFailures;
import org.matfun.spark.io.TextScan;
import org.matfun.spark.io.TableFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.RowPartitioner;
import scala.Tuple2;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the starting block of a bilinear form on the executors, aligned with the row blocks: {u} (B = 1)
 * when u and v are the same specification, else the polarization pair {u + v, u - v} (B = 2, DESIGN 2.2).
 * Vectors never pass through the driver; a {@code node:ID} is resolved with one lookup.
 */
public final class StartVectors {

    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(?i:nan|inf|infinity)");

    private StartVectors() {
    }

    /** Width B and coefficients c_r of the starting block for (u, v). */
    public static double[] coefficients(VectorSpec u, VectorSpec v) {
        return u.text().equals(v.text()) ? new double[]{1.0} : BilinearForm.Polarization.PAIR.clone();
    }

    /**
     * The starting block for (u, v): {u} if both are the same specification, else {u + v, u - v}, one
     * {@link BlockVector} per row block of {@code a}. A {@code file:} vector is checked first (three small Spark
     * jobs over its lines: no malformed line, no id listed twice, every id a node of {@code m}, some value nonzero,
     * no overflow of the norm); the vectors themselves are built lazily.
     *
     * @throws IllegalArgumentException if a node id is not in the matrix
     * @throws InputException           for a missing vector file, a malformed, duplicated or unknown entry in it
     *                                  (naming the file and the line), or a file whose values are all zero or
     *                                  whose squared norm overflows
     */
    public static JavaRDD<BlockVector> build(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, VectorSpec u,
                                             VectorSpec v) {
        JavaRDD<BlockVector> uu = single(sc, a, m, u);
        if (u.text().equals(v.text())) {
            return uu;
        }
        JavaRDD<BlockVector> vv = single(sc, a, m, v);
        return uu.zipPartitions(vv, (ui, vi) -> {
            BlockVector x = ui.next();
            BlockVector y = vi.next();
            double[] xs = x.values();
            double[] ys = y.values();
            double[] out = new double[2 * xs.length];
            for (int i = 0; i < xs.length; i++) {
                out[2 * i] = xs[i] + ys[i];
                out[2 * i + 1] = xs[i] - ys[i];
            }
            return Collections.singletonList(new BlockVector(x.block(), 2, out)).iterator();
        });
    }

    /** One vector as a width-1 block vector per row block. */
    static JavaRDD<BlockVector> single(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, VectorSpec spec) {
        switch (spec.kind()) {
            case ONES:
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    java.util.Arrays.fill(x, 1.0);
                    return new BlockVector(b.block(), 1, x);
                });
            case RANDOM: {
                long seed = spec.seed();
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = VectorSpec.rademacher(seed, b.rowStart() + i);
                    }
                    return new BlockVector(b.block(), 1, x);
                });
            }
            case NODE: {
                long index = indexOf(m, spec);
                return a.blocks().map(b -> {
                    double[] x = new double[b.rows()];
                    long local = index - b.rowStart();
                    if (local >= 0 && local < b.rows()) {
                        x[(int) local] = 1.0;
                    }
                    return new BlockVector(b.block(), 1, x);
                });
            }
            case FILE:
                return fromFile(sc, a, m, spec.path());
            default:
                throw new IllegalArgumentException("unsupported vector " + spec);
        }
    }

    /**
     * Internal index of the node of a {@code node:ID} (one Spark lookup): an integer id, or a string id of a graph
     * read from an edge table with string ids.
     *
     * @throws IllegalArgumentException if the node is not in the matrix, or the id's kind (integer, string) is not
     *                                  the input's
     */
    static long indexOf(LoadedMatrix m, VectorSpec spec) {
        if (m.hasLabels()) {
            String label = spec.nodeLabel();
            List<Long> found = m.labels().filter(t -> t._2().equals(label)).keys().take(1);
            if (found.isEmpty()) {
                throw new IllegalArgumentException("node:" + label + " is not in " + m.source() + " (" + m.n()
                        + " nodes; ids are the strings of the input table)");
            }
            return found.get(0);
        }
        if (spec.path() != null) {
            throw new IllegalArgumentException("node:" + spec.path() + ": '" + spec.path() + "' is not an integer;"
                    + " the ids of " + m.source() + " are integers (" + idsExpected(m));
        }
        return indexOf(m, spec.id());
    }

    /** Internal index of a node id (one Spark lookup). */
    static long indexOf(LoadedMatrix m, long id) {
        List<Long> found = m.idToIndex().lookup(id);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("node:" + id + " is not in " + m.source() + " (" + idsExpected(m));
        }
        return found.get(0);
    }

    /**
     * The vector of a file of lines {@code ID VALUE} (whitespace or comma separated; {@code #} and {@code %}
     * comments, blank lines). Checked before the run, on the executors, in three small Spark jobs over the cached
     * lines: every line is well formed, no id is listed twice, every id is a node of the matrix, some value is
     * nonzero, and the squared norm is below MAX_VALUE / 4. Driver memory O(1).
     *
     * @throws InputException naming the vector file, the line and the offending text or id
     */
    private static JavaRDD<BlockVector> fromFile(JavaSparkContext sc, DistributedCsr a, LoadedMatrix m, String path) {
        JavaPairRDD<Long, Double> indexed = fileEntries(sc, m, path).partitionBy(new RowPartitioner(a.rowStarts()));
        return a.blocks().zipPartitions(indexed, (bi, it) -> {
            var b = bi.next();
            double[] x = new double[b.rows()];
            fill(x, b.rowStart(), it);
            return Collections.singletonList(new BlockVector(b.block(), 1, x)).iterator();
        });
    }

    /**
     * The checked entries of a vector file as (internal index, value) pairs, lazily (the checks run here, in three
     * small Spark jobs; see {@link #fromFile}).
     *
     * @throws InputException naming the vector file, the line and the offending text or id
     */
    private static JavaPairRDD<Long, Double> fileEntries(JavaSparkContext sc, LoadedMatrix m, String path) {
        if (TableFiles.isTable(path)) {
            return tableEntries(sc, m, path);
        }
        requireFile(sc, path);
        FirstInputError errors = FirstInputError.register(sc, path);
        JavaPairRDD<Long, double[]> entries = JavaPairRDD.fromJavaRDD(TextScan.parse(sc, path,
                        sc.defaultMinPartitions(), errors, (line, raw) -> parseLine(path, line, raw)))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            entries.count();
            errors.throwIfAny();
            checkDuplicates(path, entries);
            JavaPairRDD<Long, Tuple2<double[], Optional<Long>>> joined = entries.leftOuterJoin(m.idToIndex());
            Tuple2<Long, double[]> unknown = joined
                    .filter(t -> !t._2()._2().isPresent())
                    .mapToPair(t -> new Tuple2<>(t._1(), t._2()._1()))
                    .fold(null, (x, y) -> earlier(x, y, 1));
            if (unknown != null) {
                throw new InputException(path, (long) unknown._2()[1], null, "id " + unknown._1()
                        + " is not a node of " + m.source() + " (" + idsExpected(m));
            }
            checkNorm(path, entries);
            return joined.mapToPair(t -> new Tuple2<>(t._2()._2().get(), t._2()._1()[0]));
        } catch (RuntimeException e) {
            throw SparkFailures.translate(path, e);
        } finally {
            entries.unpersist(false);
        }
    }

    /**
     * The checked entries of a vector table ({@code file:PATH.parquet} or {@code .orc}: columns {@code id} (integer,
     * or string for a graph with string ids) and {@code value} (numeric)) as (internal index, value) pairs. Checked on
     * the driver by DataFrame queries ({@code limit(1)}): no null or non-finite value, no id twice, every id a node,
     * some value nonzero, no overflow of the norm.
     *
     * @throws InputException naming the table, the column and the offending id
     */
    private static JavaPairRDD<Long, Double> tableEntries(JavaSparkContext sc, LoadedMatrix m, String path) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> t = TableFiles.readChecked(spark, path, new String[] {"id"}, "value",
                "a vector table (columns id, value)");
        boolean strings = TableFiles.stringIds(t);
        if (strings != m.hasLabels()) {
            throw new InputException(path, "column 'id' has " + (strings ? "string" : "integer") + " ids but the"
                    + " ids of " + m.source() + " are " + (m.hasLabels() ? "strings" : "integers"));
        }
        List<Row> twice = t.groupBy("id").count().filter(functions.col("count").gt(1)).limit(1).collectAsList();
        if (!twice.isEmpty()) {
            throw new InputException(path, "id " + twice.get(0).get(0) + " is in " + twice.get(0).getLong(1)
                    + " rows; expected each id at most once");
        }
        Dataset<Row> ids = strings
                ? spark.createDataFrame(m.labels().map(x -> RowFactory.create(x._2(), x._1())), new StructType()
                        .add("id", DataTypes.StringType, false).add("index", DataTypes.LongType, false))
                : spark.createDataFrame(m.idToIndex().map(x -> RowFactory.create(x._1(), x._2())), new StructType()
                        .add("id", DataTypes.LongType, false).add("index", DataTypes.LongType, false));
        List<Row> unknown = t.join(ids, t.col("id").equalTo(ids.col("id")), "left_anti").limit(1).collectAsList();
        if (!unknown.isEmpty()) {
            throw new InputException(path, "the row with id = " + unknown.get(0).get(0) + ", value = "
                    + unknown.get(0).get(1) + ": id " + unknown.get(0).get(0) + " is not a node of " + m.source()
                    + " (" + idsExpected(m));
        }
        JavaPairRDD<Long, double[]> entries = t.join(ids, t.col("id").equalTo(ids.col("id")))
                .select(ids.col("index"), t.col("value")).javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), new double[] {r.getDouble(1), 0}))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            checkNorm(path, entries);
            return entries.mapToPair(x -> new Tuple2<>(x._1(), x._2()[0]));
        } catch (RuntimeException e) {
            entries.unpersist(false);
            throw SparkFailures.translate(path, e);
        }
    }

    /**
     * One vector as a dense array of length n on the driver, for the run-parallel mode (the same entries as
     * {@link #single}: node, ones, Rademacher keyed by the internal index, or a checked file).
     *
     * @throws IllegalArgumentException if a node id is not in the matrix
     * @throws InputException           for a bad vector file (as {@link #build})
     */
    public static double[] dense(JavaSparkContext sc, LoadedMatrix m, VectorSpec spec) {
        int n = (int) m.n();
        double[] x = new double[n];
        switch (spec.kind()) {
            case ONES:
                java.util.Arrays.fill(x, 1.0);
                return x;
            case RANDOM:
                for (int i = 0; i < n; i++) {
                    x[i] = VectorSpec.rademacher(spec.seed(), i);
                }
                return x;
            case NODE:
                x[(int) indexOf(m, spec)] = 1.0;
                return x;
            case FILE:
                try {
                    for (Tuple2<Long, Double> t : fileEntries(sc, m, spec.path()).collect()) {
                        x[(int) (long) t._1()] = t._2();
                    }
                } catch (RuntimeException e) {
                    throw SparkFailures.translate(spec.path(), e);
                }
                return x;
            default:
                throw new IllegalArgumentException("unsupported vector " + spec);
        }
    }

    /** Fails unless {@code path} names one existing file (a directory would be read as all of its files). */
    private static void requireFile(JavaSparkContext sc, String path) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            if (p.getFileSystem(sc.hadoopConfiguration()).getFileStatus(p).isDirectory()) {
                throw new InputException(path, "is a directory: expected a vector file of lines 'ID VALUE'");
            }
        } catch (java.io.FileNotFoundException e) {
            throw new InputException(path, "file not found: expected a vector file of lines 'ID VALUE'");
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new InputException(path, "cannot open: " + e);
        }
    }

    /**
     * One line of a vector file: (id, {value, line}), null for a blank or comment line.
     *
     * @throws InputException naming the line, its text, the offending token and what was expected
     */
    static Tuple2<Long, double[]> parseLine(String path, long lineNo, String raw) {
        String line = raw.strip();
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1).strip();
        }
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("%")) {
            return null;
        }
        String[] f = SEPARATOR.split(line);
        if (f.length != 2) {
            throw new InputException(path, lineNo, raw, "expected 'ID VALUE' (2 columns), found " + f.length
                    + " columns");
        }
        if (!INTEGER.matcher(f[0]).matches()) {
            throw new InputException(path, lineNo, raw, "expected an integer node id as ID in column 1, found '"
                    + token(f[0]) + "'");
        }
        long id;
        try {
            id = Long.parseLong(f[0]);
        } catch (NumberFormatException e) {
            throw new InputException(path, lineNo, raw, "expected a 64-bit integer node id as ID in column 1, found '"
                    + token(f[0]) + "'");
        }
        if (!DECIMAL.matcher(f[1]).matches()) {
            throw new InputException(path, lineNo, raw, "expected a " + (NON_FINITE.matcher(f[1]).matches()
                    ? "finite " : "") + "number as VALUE in column 2, found '" + token(f[1]) + "'");
        }
        double value = Double.parseDouble(f[1]);
        if (!Double.isFinite(value)) {
            throw new InputException(path, lineNo, raw, "expected a finite number as VALUE in column 2, found '"
                    + token(f[1]) + "'");
        }
        return new Tuple2<>(id, new double[]{value, lineNo});
    }

    /**
     * Fails if every value is zero, or if the squared norm exceeds MAX_VALUE / 4 (then ||u + v||^2, which the
     * polarization runs start from, could overflow: a NaN in the first Lanczos step instead of a message).
     */
    private static void checkNorm(String path, JavaPairRDD<Long, double[]> entries) {
        // {nonzero values, sum of squares, largest |value|, its line}
        double[] s = entries.values()
                .map(x -> new double[]{x[0] != 0.0 ? 1 : 0, x[0] * x[0], Math.abs(x[0]), x[1]})
                .fold(new double[]{0, 0, 0, 0}, StartVectors::mergeNorms);
        if (s[0] == 0) {
            throw new InputException(path, "the vector is zero: no line gives a nonzero VALUE; expected at least"
                    + " one nonzero entry (with a zero u or v, u^T f(A) v = 0 whatever A and f)");
        }
        if (!(s[1] <= Double.MAX_VALUE / 4)) {
            throw new InputException(path, (long) s[3], null, "VALUE " + s[2] + " is so large that the vector's"
                    + " squared norm (" + s[1] + ") overflows double precision; expected a sum of squared values below"
                    + " 4.4e307: rescale the vector (u^T f(A) v is linear in u and in v)");
        }
    }

    private static double[] mergeNorms(double[] x, double[] y) {
        boolean first = x[2] > y[2] || (x[2] == y[2] && x[3] <= y[3]);
        return new double[]{x[0] + y[0], x[1] + y[1], first ? x[2] : y[2], first ? x[3] : y[3]};
    }

    /** Fails on the id listed twice whose second listing comes first in the file. */
    private static void checkDuplicates(String path, JavaPairRDD<Long, double[]> entries) {
        // per id: {first line, second line (+inf if none), number of lines}
        Tuple2<Long, double[]> first = entries
                .mapValues(x -> new double[]{x[1], Double.POSITIVE_INFINITY, 1})
                .reduceByKey(StartVectors::mergeLines)
                .filter(t -> t._2()[2] > 1)
                .fold(null, (x, y) -> earlier(x, y, 1));
        if (first != null) {
            double[] lines = first._2();
            throw new InputException(path, (long) lines[1], null, "id " + first._1() + " is listed again (first on"
                    + " line " + (long) lines[0] + ", " + (long) lines[2] + " lines in all); expected each id at most"
                    + " once");
        }
    }

    /** The two earliest lines of an id and its number of lines, from two partial results. */
    private static double[] mergeLines(double[] x, double[] y) {
        double lo = Math.min(x[0], y[0]);
        double hi = Math.min(Math.max(x[0], y[0]), Math.min(x[1], y[1]));
        return new double[]{lo, hi, x[2] + y[2]};
    }

    /** Of two (id, numbers) pairs, either possibly null, the one whose {@code numbers[at]} (a line) is smaller. */
    private static Tuple2<Long, double[]> earlier(Tuple2<Long, double[]> x, Tuple2<Long, double[]> y, int at) {
        if (x == null) {
            return y;
        }
        if (y == null) {
            return x;
        }
        return x._2()[at] <= y._2()[at] ? x : y;
    }

    /** A token of a vector file as quoted in a message: at most 40 characters, control characters as '?'. */
    private static String token(String t) {
        String s = t.length() > 40 ? t.substring(0, 40) + "..." : t;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return sb.toString();
    }

    /** What the ids of a vector may be, for messages: "34 rows; ids are row numbers 1..34)" (closing parenthesis). */
    private static String idsExpected(LoadedMatrix m) {
        return m.n() + (m.graph() ? " nodes; ids are the identifiers of the input file)"
                : " rows; ids are row numbers " + m.idBase() + ".." + (m.n() - 1 + m.idBase()) + ")");
    }

    private static void fill(double[] x, long rowStart, Iterator<Tuple2<Long, Double>> it) {
        while (it.hasNext()) {
            Tuple2<Long, Double> t = it.next();
            x[(int) (t._1() - rowStart)] = t._2();
        }
    }
}
