package org.matfun.spark.matrix;

import org.apache.spark.Partitioner;

import java.util.Arrays;

/** Sends a global row index (Long key) to the row block that owns it: contiguous ranges [rowStarts[b], rowStarts[b+1]). */
public final class RowPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;
    private final long[] rowStarts;

    /** @param rowStarts length P + 1, nondecreasing, rowStarts[0] = 0, rowStarts[P] = n */
    public RowPartitioner(long[] rowStarts) {
        this.rowStarts = rowStarts.clone();
    }

    @Override
    public int numPartitions() {
        return rowStarts.length - 1;
    }

    @Override
    public int getPartition(Object key) {
        return blockOf(rowStarts, (Long) key);
    }

    /** The block owning global row {@code row} (the last block whose start is <= row; empty blocks are skipped). */
    static int blockOf(long[] rowStarts, long row) {
        int i = Arrays.binarySearch(rowStarts, row);
        if (i < 0) {
            return -i - 2;
        }
        // several empty blocks may start at the same row: take the last, which owns it
        while (i + 1 < rowStarts.length - 1 && rowStarts[i + 1] == row) {
            i++;
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowPartitioner r && Arrays.equals(r.rowStarts, rowStarts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowStarts);
    }
}
