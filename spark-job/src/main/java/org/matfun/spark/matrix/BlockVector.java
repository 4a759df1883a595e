package org.matfun.spark.matrix;

import java.io.Serializable;

/** The rows of a row block of an n x width multi-vector, row-major (entry (i, b) at i * width + b). */
public final class BlockVector implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int block;
    private final int width;
    private final double[] values;

    public BlockVector(int block, int width, double[] values) {
        this.block = block;
        this.width = width;
        this.values = values;
    }

    public int block() {
        return block;
    }

    public int width() {
        return width;
    }

    public double[] values() {
        return values;
    }

    public int rows() {
        return width == 0 ? 0 : values.length / width;
    }
}
