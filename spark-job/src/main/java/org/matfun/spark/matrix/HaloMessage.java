package org.matfun.spark.matrix;

import java.io.Serializable;

/**
 * Entries one row block sends to another in a halo exchange: the values of the requested rows, row-major
 * with {@code width} values per row (B vectors of a Lanczos block, or k basis vectors for the gradient).
 */
public final class HaloMessage implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int sourceBlock;
    private final double[] values;

    public HaloMessage(int sourceBlock, double[] values) {
        this.sourceBlock = sourceBlock;
        this.values = values;
    }

    public int sourceBlock() {
        return sourceBlock;
    }

    public double[] values() {
        return values;
    }
}
