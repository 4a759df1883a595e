package org.matfun.spark.lanczos;

import java.io.Serializable;

/**
 * dF/dw for one stored undirected edge {row, col} (row <= col, internal 0-based indices), in the result's
 * scale: G_pq + G_qp for row != col, G_pp for a self-loop (DESIGN 2.3).
 */
public final class EdgeGradient implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long row;
    private final long col;
    private final double gradient;

    public EdgeGradient(long row, long col, double gradient) {
        this.row = row;
        this.col = col;
        this.gradient = gradient;
    }

    public long row() {
        return row;
    }

    public long col() {
        return col;
    }

    public double gradient() {
        return gradient;
    }
}
