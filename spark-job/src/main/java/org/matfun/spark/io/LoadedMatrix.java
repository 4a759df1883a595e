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
 *   <li>{@code graph}: true for edge lists and CSV (entries are edge weights), false for Matrix Market.</li>
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
 * @param graph     true if read from an edge list or CSV, false if from Matrix Market
 */
public record LoadedMatrix(String source, long n, long nnz, JavaRDD<MatrixEntry> entries,
                           JavaPairRDD<Long, Long> idToIndex, boolean graph) {

    /**
     * Checks the fields (no Spark job is run).
     *
     * @param source    the path the matrix was read from
     * @param n         order of the matrix, at least 1
     * @param nnz       stored entries of the full matrix, in [1, n^2]
     * @param entries   the stored entries, 0-based, both triangles
     * @param idToIndex original identifier to 0-based internal index
     * @param graph     true if read from an edge list or CSV
     *
     * @throws IllegalArgumentException if {@code n < 1}, {@code nnz < 1}, or {@code nnz > n * n}
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
    }

    /**
     * Releases the cached partitions of {@code entries} and {@code idToIndex} (non-blocking). The RDDs stay usable
     * but will be recomputed from the file if used again.
     */
    public void unpersist() {
        entries.unpersist(false);
        idToIndex.unpersist(false);
    }
}
