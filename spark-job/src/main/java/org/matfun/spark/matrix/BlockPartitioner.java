package org.matfun.spark.matrix;

import org.apache.spark.Partitioner;

/** Sends an Integer block id to the partition of the same number (halo messages addressed to a block). */
public final class BlockPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;
    private final int blocks;

    public BlockPartitioner(int blocks) {
        this.blocks = blocks;
    }

    @Override
    public int numPartitions() {
        return blocks;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockPartitioner b && b.blocks == blocks;
    }

    @Override
    public int hashCode() {
        return blocks;
    }
}
