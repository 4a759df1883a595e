package org.matfun.spark.io;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;

import java.util.Objects;

/**
 * A symmetric matrix read by {@link MatrixReader}: its order, its stored entries (both triangles) and the map from
 * the file's identifiers to internal indices. Everything stays distributed; {@code n} and {@code nnz} were
 * computed once, at load.
 *
 * <p>Conventions:
 * <ul>
 *   <li>{@code entries}: the full symmetric matrix with both triangles stored explicitly: an off-diagonal position
 *       (i, j) and its mirror (j, i) are each present exactly once with the same value, a diagonal position once.
 *       Duplicates in the file are already combined. Explicitly stored zeros are kept (they are positions of the
 *       sparsity pattern, e.g. an edge of weight 0). Indices are 0-based, in {@code [0, n)}. The order of the
 *       entries and their partitioning are unspecified.</li>
 *   <li>{@code nnz} = {@code entries.count()}: the number of stored positions of the full matrix, both triangles
 *       (SuiteSparse's "nnz (full)"; for a graph: twice the number of non-loop edges plus the self-loops).</li>
 *   <li>{@code idToIndex}: original identifier to internal index, one pair per index {@code 0..n-1}. Matrix Market:
 *       the identifier is the 1-based row number and index = id - 1. Edge lists and CSV: the distinct node ids
 *       sorted ascending, index i being the i-th smallest id (independent of partitioning).</li>
 *   <li>{@code graph}: true for edge lists, CSV, GML and edge tables (entries are edge weights), false for Matrix
 *       Market and matrix-entry tables.</li>
 *   <li>{@code idBase}: for a matrix ({@code graph} false), the id of index 0: 1 for Matrix Market (1-based row
 *       numbers), 0 or 1 for a matrix-entry table ({@code --index-base}); id = index + idBase. 1 for graphs (unused).</li>
 *   <li>{@code labels}: for an edge table with string ids, index to string id (n pairs; the ids of
 *       {@code idToIndex} are then the indices themselves); null when the ids are integers.</li>
 * </ul>
 *
 * <p>Persistence: {@link MatrixReader} returns {@code entries} persisted ({@code MEMORY_AND_DISK}), and
 * {@code idToIndex} too for graphs (hash-partitioned by id, so {@code lookup(id)} reads one partition; for Matrix
 * Market it is computed from a range and not cached). Call {@link #unpersist()} when done with them.
 *
 * @param source    the path the matrix was read from, as the caller gave it
 * @param n         order of the matrix (number of nodes of a graph), at least 1
 * @param nnz       number of stored entries of the full matrix (both triangles), at least 1
 * @param entries   the stored entries, 0-based
 * @param idToIndex original identifier to 0-based internal index, n pairs
 * @param graph     true if read from an edge list, CSV, GML or an edge table, false if from Matrix Market or a
 *                  matrix-entry table
 * @param idBase    id of index 0 for a matrix (1 for Matrix Market; 0 or 1 for matrix-entry tables)
 * @param labels    index to string node id (string-id edge tables), or null
 */
public record LoadedMatrix(String source, long n, long nnz, JavaRDD<MatrixEntry> entries,
                           JavaPairRDD<Long, Long> idToIndex, boolean graph, long idBase,
                           JavaPairRDD<Long, String> labels) {

    /**
     * A matrix with integer ids, 1-based for a matrix (as Matrix Market).
     *
     * @throws IllegalArgumentException as the canonical constructor
     */
    public LoadedMatrix(String source, long n, long nnz, JavaRDD<MatrixEntry> entries,
                        JavaPairRDD<Long, Long> idToIndex, boolean graph) {
        this(source, n, nnz, entries, idToIndex, graph, 1L, null);
    }

    /**
     * Checks the fields (no Spark job is run).
     *
     * @param source    the path the matrix was read from
     * @param n         order of the matrix, at least 1
     * @param nnz       stored entries of the full matrix, in [1, n^2]
     * @param entries   the stored entries, 0-based, both triangles
     * @param idToIndex original identifier to 0-based internal index
     * @param graph     true if read from an edge list or CSV
     * @param idBase    id of index 0 for a matrix, 0 or 1
     * @param labels    index to string id, or null
     *
     * @throws IllegalArgumentException if {@code n < 1}, {@code nnz < 1}, {@code nnz > n * n}, or {@code idBase}
     *                                  is not 0 or 1
     * @throws NullPointerException     if {@code source}, {@code entries} or {@code idToIndex} is null
     */
    public LoadedMatrix {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(entries, "entries");
        Objects.requireNonNull(idToIndex, "idToIndex");
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (nnz < 1 || (n < 3_037_000_499L && nnz > n * n)) {
            throw new IllegalArgumentException("nnz must be in [1, n^2] = [1, " + n + "^2], got " + nnz);
        }
        if (idBase != 0 && idBase != 1) {
            throw new IllegalArgumentException("idBase must be 0 or 1, got " + idBase);
        }
    }

    /**
     * The same matrix with other entries (same order, ids and labels), e.g. an operator derived from a graph.
     *
     * @param newSource  name for messages
     * @param newNnz     stored entries of {@code newEntries}
     * @param newEntries the entries, 0-based, both triangles
     * @return the matrix
     */
    public LoadedMatrix withEntries(String newSource, long newNnz, JavaRDD<MatrixEntry> newEntries) {
        return new LoadedMatrix(newSource, n, newNnz, newEntries, idToIndex, graph, idBase, labels);
    }

    /** @return this graph with string node ids {@code indexToLabel} (n pairs, index to label) */
    LoadedMatrix withLabels(JavaPairRDD<Long, String> indexToLabel) {
        return new LoadedMatrix(source, n, nnz, entries, idToIndex, graph, idBase, indexToLabel);
    }

    /** @return true if the node ids are strings ({@link #labels()} is not null) */
    public boolean hasLabels() {
        return labels != null;
    }

    /**
     * Releases the cached partitions of {@code entries} and {@code idToIndex} (non-blocking). The RDDs stay usable
     * but will be recomputed from the file if used again.
     */
    public void unpersist() {
        entries.unpersist(false);
        idToIndex.unpersist(false);
        if (labels != null) {
            labels.unpersist(false);
        }
    }
}
