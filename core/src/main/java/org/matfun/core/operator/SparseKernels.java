package org.matfun.core.operator;

/**
 * Unchecked CSR kernels on plain arrays, shared by {@link CsrMatrix} and the Spark row blocks.
 * Callers validate shapes; these loops do not.
 */
public final class SparseKernels {

    private SparseKernels() {
    }

    /**
     * y[i, :] = sum over stored (i, j) of value * x[j, :] for rows 0..rows-1 and B interleaved vectors.
     *
     * @param rowPtr    length rows + 1
     * @param colIdx    column index of each nonzero, into the rows of x
     * @param values    value of each nonzero
     * @param rows      number of rows of y
     * @param x         block with at least (max column + 1) rows, B interleaved
     * @param y         block of {@code rows} rows, B interleaved; overwritten
     * @param blockSize B
     */
    public static void spmm(int[] rowPtr, int[] colIdx, double[] values, int rows,
                            double[] x, double[] y, int blockSize) {
        spmmRows(rowPtr, colIdx, values, 0, rows, x, y, blockSize);
    }

    /**
     * {@link #spmm} restricted to the rows [from, to): only y[from * B, to * B) is written, so disjoint row
     * ranges can run on different threads.
     *
     * <p>IMPLEMENTATION NOTES: one pass over the CSR arrays. For B > 1 each row's nonzeros are visited once per
     * chunk of 8, 4, 2 or 1 columns, with the chunk's sums in local variables (registers), so that y is written
     * once per row and the row's indices and values are re-read from L1, not from memory. Each x row of B
     * doubles is one contiguous gather (B = 8: one 64-byte cache line when aligned).
     */
    public static void spmmRows(int[] rowPtr, int[] colIdx, double[] values, int from, int to,
                                double[] x, double[] y, int blockSize) {
        if (blockSize == 1) {
            for (int i = from; i < to; i++) {
                double s = 0.0;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * x[colIdx[p]];
                }
                y[i] = s;
            }
            return;
        }
        if (blockSize == 2) { // the polarization block: rowProduct's 2-column chunk without the dispatch per row
            for (int i = from; i < to; i++) {
                rowProduct2(rowPtr[i], rowPtr[i + 1], colIdx, values, x, y, 2 * i);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            rowProduct(rowPtr[i], rowPtr[i + 1], colIdx, values, x, y, i * blockSize, blockSize);
        }
    }

    /** {@link #rowProduct} for B = 2: y[yo], y[yo + 1] from the row's nonzeros [start, end), the same sums. */
    private static void rowProduct2(int start, int end, int[] colIdx, double[] values, double[] x, double[] y,
                                    int yo) {
        double s0 = 0.0;
        double s1 = 0.0;
        for (int p = start; p < end; p++) {
            double a = values[p];
            int xo = colIdx[p] * 2;
            s0 += a * x[xo];
            s1 += a * x[xo + 1];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
    }

    /** y[yo, yo + B) = sum over p in [start, end) of values[p] * x[colIdx[p] * B, + B), in column chunks. */
    private static void rowProduct(int start, int end, int[] colIdx, double[] values, double[] x, double[] y,
                                   int yo, int bs) {
        int c = 0;
        for (; c + 8 <= bs; c += 8) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            double s4 = 0.0;
            double s5 = 0.0;
            double s6 = 0.0;
            double s7 = 0.0;
            for (int p = start; p < end; p++) {
                double a = values[p];
                int xo = colIdx[p] * bs + c;
                s0 += a * x[xo];
                s1 += a * x[xo + 1];
                s2 += a * x[xo + 2];
                s3 += a * x[xo + 3];
                s4 += a * x[xo + 4];
                s5 += a * x[xo + 5];
                s6 += a * x[xo + 6];
                s7 += a * x[xo + 7];
            }
            int o = yo + c;
            y[o] = s0;
            y[o + 1] = s1;
            y[o + 2] = s2;
            y[o + 3] = s3;
            y[o + 4] = s4;
            y[o + 5] = s5;
            y[o + 6] = s6;
            y[o + 7] = s7;
        }
        if (c + 4 <= bs) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            for (int p = start; p < end; p++) {
                double a = values[p];
                int xo = colIdx[p] * bs + c;
                s0 += a * x[xo];
                s1 += a * x[xo + 1];
                s2 += a * x[xo + 2];
                s3 += a * x[xo + 3];
            }
            int o = yo + c;
            y[o] = s0;
            y[o + 1] = s1;
            y[o + 2] = s2;
            y[o + 3] = s3;
            c += 4;
        }
        if (c + 2 <= bs) {
            double s0 = 0.0;
            double s1 = 0.0;
            for (int p = start; p < end; p++) {
                double a = values[p];
                int xo = colIdx[p] * bs + c;
                s0 += a * x[xo];
                s1 += a * x[xo + 1];
            }
            y[yo + c] = s0;
            y[yo + c + 1] = s1;
            c += 2;
        }
        if (c < bs) {
            double s0 = 0.0;
            for (int p = start; p < end; p++) {
                s0 += values[p] * x[colIdx[p] * bs + c];
            }
            y[yo + c] = s0;
        }
    }

    /**
     * The product and the first half of a Lanczos step fused into one pass over the rows [from, to)
     * (DESIGN 2.1): w = A q - q_prev diag(betaPrev), and, accumulated (+=) per column b, alphas[b] += q_b . w_b.
     * The operations and their order are those of {@link #spmmRows} followed by a separate pass over the rows,
     * so the results are bit for bit the same.
     *
     * <p>Each w row is formed while the row's products are still in registers, so w is written once and q_prev
     * read once, in the same pass as the matrix; disjoint row ranges can run on different threads (then the
     * partial alphas are summed in a different order).
     *
     * @param q        n x B block, the current Lanczos vectors (also the product's input x)
     * @param qPrev    n x B block, the previous Lanczos vectors
     * @param betaPrev length B, beta_{j-1} per column
     * @param w        n x B block, written for the rows [from, to); must not alias q or qPrev
     * @param alphas   length B, accumulated
     */
    public static void lanczosRows(int[] rowPtr, int[] colIdx, double[] values, int from, int to, double[] q,
                                   double[] qPrev, double[] betaPrev, double[] w, int blockSize, double[] alphas) {
        if (blockSize == 1) {
            double bp = betaPrev[0];
            double qw = alphas[0];
            for (int i = from; i < to; i++) {
                double s = 0.0;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * q[colIdx[p]];
                }
                double x = s - bp * qPrev[i];
                w[i] = x;
                qw += q[i] * x;
            }
            alphas[0] = qw;
            return;
        }
        if (blockSize == 2) { // rowProduct's 2-column chunk and the loop below, without the inner loops
            double bp0 = betaPrev[0];
            double bp1 = betaPrev[1];
            double qw0 = alphas[0];
            double qw1 = alphas[1];
            for (int i = from; i < to; i++) {
                int o = 2 * i;
                rowProduct2(rowPtr[i], rowPtr[i + 1], colIdx, values, q, w, o);
                double x0 = w[o] - bp0 * qPrev[o];
                double x1 = w[o + 1] - bp1 * qPrev[o + 1];
                w[o] = x0;
                w[o + 1] = x1;
                qw0 += q[o] * x0;
                qw1 += q[o + 1] * x1;
            }
            alphas[0] = qw0;
            alphas[1] = qw1;
            return;
        }
        int bs = blockSize;
        for (int i = from; i < to; i++) {
            int o = i * bs;
            rowProduct(rowPtr[i], rowPtr[i + 1], colIdx, values, q, w, o, bs);
            for (int b = 0; b < bs; b++) {
                double x = w[o + b] - betaPrev[b] * qPrev[o + b];
                w[o + b] = x;
                alphas[b] += q[o + b] * x;
            }
        }
    }

    /**
     * Forward-only gradient on a sparsity pattern (DESIGN 2.3, "cost of all edge gradients"):
     * {@code out[p] += coefficient * Z[i, :] . Q[colIdx[p], :]} for every stored nonzero p in row i, where
     * G = Q H Q^T and Z = Q H, so that {@code out[p]} accumulates G_ij for the nonzero (i, j).
     *
     * @param rowPtr      length rows + 1
     * @param colIdx      column index of each nonzero, into the rows of q
     * @param rows        number of rows
     * @param z           rows x zStride, row-major: Z = Q_own H (first k entries of each row used)
     * @param zStride     row length of z, >= k
     * @param q           (at least max column + 1) x qStride, row-major: basis rows (own rows, then halo rows)
     * @param qStride     row length of q, >= k
     * @param k           number of basis vectors used (the first k of each row)
     * @param coefficient weight of this quadratic form (e.g. +1/4 and -1/4 for polarization)
     * @param out         one accumulator per nonzero
     */
    public static void accumulatePatternGradient(int[] rowPtr, int[] colIdx, int rows, double[] z, int zStride,
                                                 double[] q, int qStride, int k, double coefficient,
                                                 double[] out) {
        for (int i = 0; i < rows; i++) {
            int zo = i * zStride;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int qo = colIdx[p] * qStride;
                double s = 0.0;
                for (int a = 0; a < k; a++) {
                    s += z[zo + a] * q[qo + a];
                }
                out[p] += coefficient * s;
            }
        }
    }

    /**
     * Sorts the entries [start, end) of a CSR row by column in O(d log d); stable (equal columns keep their
     * order, so duplicates can then be summed in input order). Already sorted rows cost O(d).
     */
    public static void sortRow(int[] c, double[] v, int start, int end) {
        boolean sorted = true;
        for (int p = start + 1; p < end && sorted; p++) {
            sorted = c[p - 1] <= c[p];
        }
        if (sorted) {
            return;
        }
        int d = end - start;
        long[] keys = new long[d];
        for (int p = 0; p < d; p++) {
            keys[p] = ((long) c[start + p] << 32) | p;
        }
        java.util.Arrays.sort(keys);
        int[] c2 = new int[d];
        double[] v2 = new double[d];
        for (int p = 0; p < d; p++) {
            int from = start + (int) (keys[p] & 0xffffffffL);
            c2[p] = c[from];
            v2[p] = v[from];
        }
        System.arraycopy(c2, 0, c, start, d);
        System.arraycopy(v2, 0, v, start, d);
    }


    /**
     * Sorts each row of an unsorted CSR layout by column and sums entries at the same position, compacting the
     * arrays in place.
     *
     * @param rowStarts length rows + 1: row i occupies [rowStarts[i], rowStarts[i + 1]) of col and val
     * @param rows      number of rows
     * @param col       column indices (rewritten)
     * @param val       values (rewritten)
     * @return the compacted row pointers, length rows + 1; the first ptr[rows] entries of col, val are valid
     */
    public static int[] compressRows(int[] rowStarts, int rows, int[] col, double[] val) {
        int[] ptr = new int[rows + 1];
        int out = 0;
        for (int i = 0; i < rows; i++) {
            int s = rowStarts[i];
            int t = rowStarts[i + 1];
            sortRow(col, val, s, t);
            int first = out;
            for (int p = s; p < t; p++) {
                if (out > first && col[out - 1] == col[p]) {
                    val[out - 1] += val[p];
                } else {
                    col[out] = col[p];
                    val[out] = val[p];
                    out++;
                }
            }
            ptr[i + 1] = out;
        }
        return ptr;
    }

    /**
     * Position of the stored entry (i, j) in a CSR layout whose rows are sorted by column, or -1.
     * Cost O(log d) for a row of d entries.
     */
    public static int find(int[] rowPtr, int[] colIdx, int i, int j) {
        int lo = rowPtr[i];
        int hi = rowPtr[i + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (colIdx[mid] < j) {
                lo = mid + 1;
            } else if (colIdx[mid] > j) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
