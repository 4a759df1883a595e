package org.matfun.spark.matrix;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A symmetric sparse matrix of order n split into P row blocks (DESIGN 3.1): contiguous row ranges balanced
 * by nonzeros, each a cached {@link CsrBlock} whose columns are remapped to [own rows | halo], with the halo
 * plan (which rows each block sends to which) computed once here.
 *
 * <p>Cost of {@link #build}: two shuffles of the nnz entries and one of the halo requests; driver memory
 * O(P^2 + buckets), independent of n. Blocks stay cached until {@link #unpersist()}.
 */
public final class DistributedCsr {

    private static final int MAX_BUCKETS = 1 << 16;

    private final long n;
    private final long nnz;
    private final long[] rowStarts;
    private final JavaRDD<CsrBlock> blocks;
    private final long haloEntries;
    private final long maxBlockNonzeros;

    private DistributedCsr(long n, long nnz, long[] rowStarts, JavaRDD<CsrBlock> blocks, long haloEntries,
                           long maxBlockNonzeros) {
        this.n = n;
        this.nnz = nnz;
        this.rowStarts = rowStarts;
        this.blocks = blocks;
        this.haloEntries = haloEntries;
        this.maxBlockNonzeros = maxBlockNonzeros;
    }

    /**
     * Splits the matrix into {@code partitions} row blocks balanced by nonzeros (to the granularity of
     * n / 65536 rows). More partitions than rows is allowed: the extra blocks are empty.
     *
     * @throws IllegalArgumentException if partitions < 1 or n exceeds 2^31 - 1 rows per block
     */
    public static DistributedCsr build(LoadedMatrix matrix, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + "; expected >= 1");
        }
        return build(matrix, balancedRowStarts(matrix, partitions));
    }

    /**
     * Splits the matrix at explicit row boundaries (tests, and callers with their own balancing).
     *
     * @param rowStarts length P + 1, nondecreasing, from 0 to n; equal neighbours give empty blocks
     */
    public static DistributedCsr build(LoadedMatrix matrix, long[] rowStarts) {
        long n = matrix.n();
        int p = rowStarts.length - 1;
        if (p < 1 || rowStarts[0] != 0 || rowStarts[p] != n) {
            throw new IllegalArgumentException("row boundaries must run from 0 to n = " + n + ", got "
                    + Arrays.toString(rowStarts));
        }
        for (int b = 0; b < p; b++) {
            if (rowStarts[b + 1] < rowStarts[b] || rowStarts[b + 1] - rowStarts[b] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("row boundaries must be nondecreasing with blocks of at most "
                        + Integer.MAX_VALUE + " rows, got " + Arrays.toString(rowStarts));
            }
        }
        long[] starts = rowStarts.clone();
        JavaRDD<CsrBlock> raw = matrix.entries()
                .mapToPair(e -> new Tuple2<>(e.row(), e))
                .partitionBy(new RowPartitioner(starts))
                .mapPartitionsWithIndex((idx, it) -> Collections.singletonList(buildBlock(idx, starts, it))
                        .iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        return withHaloPlan(n, starts, raw, matrix.source());
    }

    /**
     * A 0/1 pattern matrix (the adjacency of a graph) from packed entries, for sources that generate their entries
     * inside the executors (e.g. the benchmarks' R-MAT generator) and should not go through {@link MatrixEntry}
     * records: each key is {@code row << 32 | col} (0-based, both triangles present), keyed by the index of the
     * row block that owns the row. Repeated keys are one entry of value 1. Nothing is checked beyond the row
     * range of each key: the caller guarantees symmetry.
     *
     * <p>Cost: one shuffle of the key arrays (8 bytes per key), a sort per block, and the halo plan as in
     * {@link #build(LoadedMatrix, long[])}.
     *
     * @param n           order of the matrix, below 2^31
     * @param rowStarts   length P + 1, nondecreasing, from 0 to n
     * @param keysByBlock (block index, keys of that block's rows), any number of arrays per block
     * @param source      name used for the cached RDD and in messages
     * @throws IllegalArgumentException if n or the row boundaries are out of range, or (in the Spark job that builds
     *                                  the blocks) a key's row is outside its block
     */
    public static DistributedCsr fromPattern(long n, long[] rowStarts, JavaPairRDD<Integer, long[]> keysByBlock,
                                             String source) {
        int p = rowStarts.length - 1;
        if (n < 1 || n > Integer.MAX_VALUE || p < 1 || rowStarts[0] != 0 || rowStarts[p] != n) {
            throw new IllegalArgumentException("expected 1 <= n < 2^31 and row boundaries from 0 to n = " + n
                    + ", got " + Arrays.toString(rowStarts));
        }
        for (int b = 0; b < p; b++) {
            if (rowStarts[b + 1] < rowStarts[b]) {
                throw new IllegalArgumentException("row boundaries must be nondecreasing, got "
                        + Arrays.toString(rowStarts));
            }
        }
        long[] starts = rowStarts.clone();
        JavaRDD<CsrBlock> raw = keysByBlock
                .partitionBy(new BlockPartitioner(p))
                .mapPartitionsWithIndex((idx, it) -> Collections.singletonList(patternBlock(idx, starts, it))
                        .iterator(), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        return withHaloPlan(n, starts, raw, source);
    }

    private static CsrBlock patternBlock(int idx, long[] starts, Iterator<Tuple2<Integer, long[]>> it) {
        List<long[]> parts = new ArrayList<>();
        long total = 0;
        while (it.hasNext()) {
            long[] k = it.next()._2();
            parts.add(k);
            total += k.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("row block " + idx + " has " + total + " entries; use more blocks");
        }
        long[] keys = new long[(int) total];
        int m = 0;
        for (long[] k : parts) {
            System.arraycopy(k, 0, keys, m, k.length);
            m += k.length;
        }
        parts.clear();
        Arrays.sort(keys);
        int distinct = 0;
        for (int e = 0; e < m; e++) {
            if (distinct == 0 || keys[distinct - 1] != keys[e]) {
                keys[distinct++] = keys[e];
            }
        }
        long[] r = new long[distinct];
        long[] c = new long[distinct];
        double[] v = new double[distinct];
        for (int e = 0; e < distinct; e++) {
            r[e] = keys[e] >>> 32;
            c[e] = keys[e] & 0xffffffffL;
            v[e] = 1.0;
            if (c[e] >= starts[starts.length - 1]) {
                throw new IllegalArgumentException("entry (" + r[e] + ", " + c[e] + ") has a column beyond n = "
                        + starts[starts.length - 1]);
            }
            if (r[e] < starts[idx] || r[e] >= starts[idx + 1]) {
                throw new IllegalArgumentException("entry (" + r[e] + ", " + c[e] + ") sent to row block " + idx
                        + " of rows [" + starts[idx] + ", " + starts[idx + 1] + ")");
            }
        }
        return CsrBlock.build(idx, starts, r, c, v, distinct);
    }

    /** Second half of every build: the halo requests, each block's send plan, the statistics. */
    private static DistributedCsr withHaloPlan(long n, long[] starts, JavaRDD<CsrBlock> raw, String source) {
        int p = starts.length - 1;
        JavaPairRDD<Integer, HaloRequest> requests = raw
                .flatMapToPair(b -> {
                    List<Tuple2<Integer, HaloRequest>> out = new ArrayList<>();
                    for (CsrBlock.HaloRequestTo r : b.requests(starts)) {
                        out.add(new Tuple2<>(r.owner(), r.request()));
                    }
                    return out.iterator();
                })
                .partitionBy(new BlockPartitioner(p));
        JavaRDD<CsrBlock> blocks = raw.zipPartitions(requests.values(),
                        (bi, ri) -> Collections.singletonList(bi.next().withSendPlan(ri)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
        List<long[]> stats = blocks.map(b -> new long[]{b.rows(), b.nonzeros(), b.haloSize()}).collect();
        raw.unpersist(false);
        long total = 0;
        long halo = 0;
        long maxNnz = 0;
        for (long[] s : stats) {
            total += s[1];
            halo += s[2];
            maxNnz = Math.max(maxNnz, s[1]);
        }
        blocks.setName("matfun row blocks of " + source);
        return new DistributedCsr(n, total, starts, blocks, halo, maxNnz);
    }

    private static CsrBlock buildBlock(int idx, long[] starts, Iterator<Tuple2<Long, MatrixEntry>> it) {
        int cap = 1024;
        long[] r = new long[cap];
        long[] c = new long[cap];
        double[] v = new double[cap];
        int m = 0;
        while (it.hasNext()) {
            MatrixEntry e = it.next()._2();
            if (m == cap) {
                cap *= 2;
                r = Arrays.copyOf(r, cap);
                c = Arrays.copyOf(c, cap);
                v = Arrays.copyOf(v, cap);
            }
            r[m] = e.row();
            c[m] = e.col();
            v[m] = e.value();
            m++;
        }
        return CsrBlock.build(idx, starts, r, c, v, m);
    }

    /** Row boundaries with about nnz / P nonzeros per block, from a histogram of rows in at most 65536 buckets. */
    static long[] balancedRowStarts(LoadedMatrix matrix, int partitions) {
        long n = matrix.n();
        int buckets = (int) Math.min(n, MAX_BUCKETS);
        Map<Integer, Long> counts = matrix.entries()
                .map(e -> (int) (e.row() * buckets / n))
                .countByValue();
        long total = 0;
        for (long c : counts.values()) {
            total += c;
        }
        long[] starts = new long[partitions + 1];
        starts[partitions] = n;
        long cumulative = 0;
        int next = 1;
        for (int b = 0; b < buckets && next < partitions; b++) {
            cumulative += counts.getOrDefault(b, 0L);
            long bucketEnd = ((long) (b + 1) * n + buckets - 1) / buckets; // first row of bucket b + 1
            while (next < partitions && cumulative * partitions >= (long) next * total) {
                starts[next++] = Math.min(bucketEnd, n);
            }
        }
        while (next < partitions) {
            starts[next++] = n;
        }
        return starts;
    }

    /** Order n. */
    public long n() {
        return n;
    }

    /** Stored nonzeros, both triangles. */
    public long nonzeros() {
        return nnz;
    }

    /** Number P of row blocks. */
    public int partitions() {
        return rowStarts.length - 1;
    }

    /** Row boundaries, length P + 1 (a copy). */
    public long[] rowStarts() {
        return rowStarts.clone();
    }

    /** The cached row blocks, one per partition, in block order. */
    public JavaRDD<CsrBlock> blocks() {
        return blocks;
    }

    /** Entries received per halo exchange of width 1, summed over blocks (bytes shuffled ~ 8 x this x width). */
    public long haloEntries() {
        return haloEntries;
    }

    /** Nonzeros of the largest block (load balance: compare with nnz / P). */
    public long maxBlockNonzeros() {
        return maxBlockNonzeros;
    }

    /** Drops the cached blocks. */
    public void unpersist() {
        blocks.unpersist(false);
    }
}
