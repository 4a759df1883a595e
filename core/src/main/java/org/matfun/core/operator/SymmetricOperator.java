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

    /**
     * The product fused with the first half of a Lanczos step (DESIGN 2.1): w = A q - q_prev diag(betaPrev),
     * and per column b: alphas[b] = q_b . w_b (alpha_j). The default applies {@link #apply} and then one pass over
     * the vectors; {@link CsrMatrix} does both in one pass over its rows: w bit for bit the same, alphas the same
     * for B > 2 and, for B = 1, 2 (its {@link SlicedEllpack} kernels), summed in another row order (equal to
     * rounding).
     *
     * @param q         n x B block, interleaved (the current Lanczos vectors)
     * @param qPrev     n x B block (the previous Lanczos vectors)
     * @param betaPrev  length B
     * @param w         n x B block, overwritten; must not alias q or qPrev
     * @param blockSize B >= 1
     * @param alphas    length B, overwritten
     */
    default void applyLanczos(double[] q, double[] qPrev, double[] betaPrev, double[] w, int blockSize,
                              double[] alphas) {
        apply(q, w, blockSize);
        java.util.Arrays.fill(alphas, 0.0);
        int n = dimension();
        for (int i = 0; i < n; i++) {
            int o = i * blockSize;
            for (int b = 0; b < blockSize; b++) {
                double x = w[o + b] - betaPrev[b] * qPrev[o + b];
                w[o + b] = x;
                alphas[b] += q[o + b] * x;
            }
        }
    }

    /** Number of stored nonzeros (both triangles), or n * n for a dense operator; used for cost reports. */
    long nonzeros();

    /** y = A x for a single vector (length n). */
    default double[] apply(double[] x) {
        double[] y = new double[dimension()];
        apply(x, y, 1);
        return y;
    }
}
