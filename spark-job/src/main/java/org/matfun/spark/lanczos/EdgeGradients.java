package org.matfun.spark.lanczos;

import java.io.Serializable;

/**
 * dF_i/dw for one stored undirected edge {row, col} (row <= col, internal 0-based indices) and every function f_i of
 * a parameter sweep, each in its own result's scale: G_pq + G_qp for row != col, G_pp for a self-loop (DESIGN 2.3).
 *
 * @param row       internal row index
 * @param col       internal column index, >= row
 * @param gradients one derivative per function, in the sweep's order
 */
public record EdgeGradients(long row, long col, double[] gradients) implements Serializable {
}
