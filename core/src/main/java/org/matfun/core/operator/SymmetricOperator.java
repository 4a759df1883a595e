package org.matfun.core.operator;

/**
 * A real symmetric linear operator A of order n applied to a block of B vectors at once.
 *
 * <p>Blocks are stored row-major and interleaved: entry (i, b) of an n x B block is {@code x[i * B + b]}.
 * This is the layout of the Lanczos state (B independent starting vectors advanced together, DESIGN 3.1),
 * so one pass over the matrix serves every vector of the block.
 */
public interface SymmetricOperator {

    /** The order n of A (number of rows = number of columns). */
    int dimension();

    /**
     * Computes y = A x for a block of {@code blockSize} vectors.
     *
     * @param x         input block, length n * blockSize, row-major interleaved
     * @param y         output block, length n * blockSize; overwritten (must not alias x)
     * @param blockSize B >= 1
     */
    void apply(double[] x, double[] y, int blockSize);

    /** Number of stored nonzeros (both triangles), or n * n for a dense operator; used for cost reports. */
    long nonzeros();

    /** y = A x for a single vector (length n). */
    default double[] apply(double[] x) {
        double[] y = new double[dimension()];
        apply(x, y, 1);
        return y;
    }
}
