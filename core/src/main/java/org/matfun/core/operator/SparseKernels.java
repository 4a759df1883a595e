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
        if (blockSize == 1) {
            for (int i = 0; i < rows; i++) {
                double s = 0.0;
                for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                    s += values[p] * x[colIdx[p]];
                }
                y[i] = s;
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int yo = i * blockSize;
            for (int b = 0; b < blockSize; b++) {
                y[yo + b] = 0.0;
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double a = values[p];
                int xo = colIdx[p] * blockSize;
                for (int b = 0; b < blockSize; b++) {
                    y[yo + b] += a * x[xo + b];
                }
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
     * @param z           rows x k, row-major: Z = Q_own H
     * @param q           (at least max column + 1) x k, row-major: basis rows (own rows, then halo rows)
     * @param k           number of basis vectors
     * @param coefficient weight of this quadratic form (e.g. +1/4 and -1/4 for polarization)
     * @param out         one accumulator per nonzero
     */
    public static void accumulatePatternGradient(int[] rowPtr, int[] colIdx, int rows, double[] z, double[] q,
                                                 int k, double coefficient, double[] out) {
        for (int i = 0; i < rows; i++) {
            int zo = i * k;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int qo = colIdx[p] * k;
                double s = 0.0;
                for (int a = 0; a < k; a++) {
                    s += z[zo + a] * q[qo + a];
                }
                out[p] += coefficient * s;
            }
        }
    }

    /**
     * Z = Q H for a row-major rows x k basis slice Q and a k x k matrix H (row-major).
     *
     * @return rows x k, row-major
     */
    public static double[] multiplyRowsBy(double[] q, int rows, int k, double[] h) {
        double[] z = new double[rows * k];
        for (int i = 0; i < rows; i++) {
            int o = i * k;
            for (int b = 0; b < k; b++) {
                double qb = q[o + b];
                if (qb == 0.0) {
                    continue;
                }
                int ho = b * k;
                for (int a = 0; a < k; a++) {
                    z[o + a] += qb * h[ho + a];
                }
            }
        }
        return z;
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
