package org.matfun.spark.io;

import org.apache.spark.api.java.JavaSparkContext;

import java.util.Objects;

/**
 * Reads a large sparse symmetric matrix, or an undirected graph's adjacency matrix, from one text file into a
 * distributed {@link LoadedMatrix}. The file is read with {@code sc.textFile} (any Hadoop file system; gzip and
 * the other Hadoop codecs by file name) and parsed on executors; only the first lines (Matrix Market banner and
 * size line, CSV header) are read on the driver, and only O(1) summaries come back to it.
 *
 * <h2>Matrix Market ({@link InputFormat#MTX})</h2>
 * {@code %%MatrixMarket matrix coordinate real|integer|pattern symmetric|general}, then {@code %} comment lines,
 * the size line {@code rows cols entries}, and the entries {@code row col [value]}, 1-based ({@code pattern}: no
 * value, 1.0). Required: rows = cols = n; exactly {@code entries} entry lines; indices in 1..n; finite values.
 * Duplicate coordinates are summed (Matrix Market convention); a sum that overflows is an error. {@code symmetric}
 * files store one triangle (either one; entries are mirrored); a symmetric file giving both (i, j) and (j, i),
 * i != j, is an error.
 * {@code general} files must hold a symmetric matrix: every (i, j, v) needs (j, i, v), exactly equal (checked
 * after summing duplicates); the error names the offending pair with the smallest (row, col) and both values.
 * {@code complex}, {@code hermitian}, {@code skew-symmetric}, {@code array} and {@code vector} are not supported.
 * Identifiers are the 1-based row numbers: {@code idToIndex} maps id to id - 1.
 *
 * <h2>Edge lists ({@link InputFormat#EDGELIST}) and CSV ({@link InputFormat#CSV})</h2>
 * One edge per line, {@code src dst [weight]} separated by any whitespace (edge list) or {@code src,dst[,weight]}
 * (CSV; fields stripped of blanks); columns after the third are ignored. Lines starting with {@code #} or
 * {@code %}, and blank lines, are skipped; a trailing CR (CRLF files) is ignored. A CSV file may start (after
 * comments) with one header line whose first two fields are not integers, e.g. {@code src,dst,weight}; it is
 * skipped. Node ids are integers (ASCII digits, Java {@code long} range, any sign, not necessarily contiguous); the
 * weight is a finite number in decimal notation ({@code 1}, {@code -0.5}, {@code 2.5e-3}; not {@code NaN},
 * {@code Inf}, hexadecimal or {@code 2f}) (negative allowed: signed graphs), 1.0 if absent. A byte order mark at the
 * start of a line is ignored. The file is read as an undirected graph, the way
 * networkx's {@code read_edgelist} builds a {@code Graph}:
 * <ul>
 *   <li>the unordered pair {u, v} is one edge, A[u,v] = A[v,u] = weight; a pair listed in both directions (as
 *       SNAP files do) or repeated is still one edge (weights are not summed);</li>
 *   <li><b>the same unordered pair listed with different weights is an error</b> naming the pair, two of the
 *       weights and their lines (networkx would silently keep the last one; here the order of lines on a cluster
 *       should not decide a matrix entry);</li>
 *   <li>a self-loop {@code u u w} is the diagonal entry A[u,u] = w (counted once in {@code nnz});</li>
 *   <li>internal indices: the distinct ids sorted ascending, index i for the i-th smallest id.</li>
 * </ul>
 *
 * <h2>GML ({@link InputFormat#GML})</h2>
 * The GML subset networkx's {@code write_gml} and the Newman collection use: {@code key value} pairs, values
 * being integers, reals, {@code "strings"} or {@code [ ... ]} lists; {@code #} comments. Inside the top-level
 * {@code graph [ ... ]}: every {@code node [ id N ... ]} (integer id, unique) is a node, isolated or not; every
 * {@code edge [ source S target T ... ]} joins two declared node ids, with weight {@code weight} if present, else
 * {@code value} (as in lesmis.gml), else 1.0 (a non-numeric weight is an error). Other keys are ignored.
 * {@code directed 1} graphs are read as undirected (the direction is dropped, i.e. A = pattern of A + A^T);
 * repeated edges ({@code multigraph 1}, or an edge given in both directions) follow the edge-list rule: one
 * edge if the weights agree, an error naming both lines if not. Node ids are the identifiers (networkx's
 * {@code read_gml(path, label='id')}); internal indices are the ids sorted ascending. The whole file is parsed
 * on the driver (GML is nested, not line-based): O(file size) driver memory, meant for graphs up to ~10^6 edges.
 *
 * <h2>Errors</h2>
 * Every problem with the input is an {@link InputException} whose one-line message names the file, the 1-based
 * line, the offending text (truncated to about 80 characters) and what was expected. A compressed file that is
 * truncated or corrupt is reported as such, with the last line read before the damage, and a {@code hint} (see
 * {@link InputException#hint()}). Bad lines never fail a Spark task: the parsing tasks record the first bad line
 * of their partition as a result ({@link TextScan}, {@link FirstInputError}) and the driver throws the first bad
 * line of the file after the parsing job, so Spark logs no task failure, prints no stack trace and retries nothing
 * ({@code spark.task.maxFailures}). A task that fails for another reason (a lost executor, a read error of a plain
 * file, a bug) is retried by Spark as usual; if it still fails, an InputException it carries is unwrapped from
 * Spark's {@code SparkException}. The reader never returns a partly read matrix or a NaN.
 *
 * <h2>Cost</h2>
 * Matrix Market: two passes over the text (one if it has a single partition, e.g. gzip) and one shuffle of the
 * entries. Edge lists and CSV: the same passes, three shuffles of the edges and three of the node ids. Every check
 * runs at load, where {@code n} and {@code nnz} are counted; {@code entries} (and for graphs {@code idToIndex})
 * are returned persisted {@code MEMORY_AND_DISK}. Executor memory: O(nnz / partitions); driver memory: O(1).
 * A gzip file is read by one task (gzip cannot be split); the shuffles use
 * {@code max(minPartitions, partitions of the text)} partitions.
 */
public final class MatrixReader {

    private MatrixReader() {
    }

    /**
     * Reads {@code path} in the format its name implies ({@link InputFormat#detect}) with
     * {@code sc.defaultMinPartitions()} partitions.
     *
     * @param sc   the Spark context
     * @param path one file (local path, {@code file:}, {@code hdfs:}, ... URI), optionally gzip-compressed
     * @return the matrix: order n, nnz stored entries (both triangles), persisted entries and id map
     * @throws InputException           if the file is missing, unreadable or malformed (see the class comment)
     * @throws IllegalArgumentException if {@code path} is null or blank
     * @throws NullPointerException     if {@code sc} is null
     */
    public static LoadedMatrix read(JavaSparkContext sc, String path) {
        Objects.requireNonNull(sc, "sc");
        return read(sc, path, InputFormat.detect(path), sc.defaultMinPartitions());
    }

    /**
     * Reads a symmetric matrix (Matrix Market) or an undirected graph (edge list, CSV) from one text file.
     *
     * @param sc            the Spark context
     * @param path          one file (local path, {@code file:}, {@code hdfs:}, ... URI), optionally gzip-compressed;
     *                      directories and globs are not accepted
     * @param format        how to parse it (see {@link InputFormat#detect} to choose by name)
     * @param minPartitions at least 1: minimum number of partitions of the text and of the shuffles
     * @return the matrix: order n (rows, or distinct node ids), nnz stored entries of the full matrix (both
     *         triangles), {@code entries} persisted, {@code idToIndex} from file ids to 0-based indices,
     *         {@code graph} true for edge lists and CSV
     * @throws InputException           if the file is missing or a directory, cannot be read or decompressed, is
     *                                  empty of entries ("no entries"), has a malformed line, an index out of
     *                                  range, a non-finite value, an unsupported Matrix Market banner, a size
     *                                  line that disagrees with the entries, an asymmetric {@code general} matrix,
     *                                  both triangles in a {@code symmetric} file, or an edge with two weights
     * @throws IllegalArgumentException if {@code path} is blank or {@code minPartitions < 1}
     * @throws NullPointerException     if {@code sc}, {@code path} or {@code format} is null
     * @throws IllegalStateException    if a Spark job fails for a reason other than the input
     */
    public static LoadedMatrix read(JavaSparkContext sc, String path, InputFormat format, int minPartitions) {
        return read(sc, path, format, minPartitions, false);
    }

    /**
     * As {@link #read(JavaSparkContext, String, InputFormat, int)}, with the explicit opt-in
     * {@code symmetrize}: a {@code general} Matrix Market matrix that is not symmetric is replaced by
     * (A + A^T) / 2 instead of being rejected. Edge lists and CSV are undirected graphs already; the flag does not
     * change them.
     */
    public static LoadedMatrix read(JavaSparkContext sc, String path, InputFormat format, int minPartitions,
                                    boolean symmetrize) {
        return read(sc, path, format, TableColumns.defaults(), minPartitions, symmetrize);
    }

    /**
     * As {@link #read(JavaSparkContext, String, InputFormat, int, boolean)}, also for the table formats
     * ({@link InputFormat#PARQUET}, {@link InputFormat#ORC}: a file, a directory of part files or any Hadoop path
     * Spark's reader accepts; {@link InputFormat#TABLE}: {@code path} is a catalog table name), whose columns
     * {@code columns} names (ignored for the text formats). See {@link TableLoader} and {@link TableColumns}.
     *
     * @param columns the table's columns (for text formats: unused, e.g. {@link TableColumns#defaults()})
     * @return the matrix; for an edge table with string ids, {@link LoadedMatrix#labels()} holds the ids
     * @throws InputException for the text formats as above; for a table: unreadable, a missing column, a column of
     *                        the wrong type, a null or non-finite value, an index out of range, no rows, conflicting
     *                        edge weights, an asymmetric matrix (the message names the file or table, the column
     *                        and the row's ids)
     * @throws IllegalArgumentException if {@code path} is blank or {@code minPartitions < 1}
     * @throws NullPointerException     if an argument is null
     */
    public static LoadedMatrix read(JavaSparkContext sc, String path, InputFormat format, TableColumns columns,
                                    int minPartitions, boolean symmetrize) {
        Objects.requireNonNull(sc, "sc");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        if (path.isBlank()) {
            throw new IllegalArgumentException("path must name a file, got a blank string");
        }
        if (minPartitions < 1) {
            throw new IllegalArgumentException("minPartitions must be >= 1, got " + minPartitions);
        }
        if (format.isTable()) {
            return TableLoader.load(sc, path, format, columns, minPartitions, symmetrize);
        }
        TextFiles.requireFile(sc.hadoopConfiguration(), path);
        try {
            if (format == InputFormat.MTX) {
                return MatrixMarketLoader.load(sc, path, minPartitions, symmetrize);
            }
            if (format == InputFormat.GML) {
                return GmlLoader.load(sc, path, minPartitions);
            }
            return EdgeListLoader.load(sc, path, format == InputFormat.CSV, minPartitions);
        } catch (Exception e) {
            throw SparkFailures.translate(path, e);
        }
    }
}
