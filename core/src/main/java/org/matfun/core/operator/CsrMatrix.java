package org.matfun.core.operator;

import java.util.Arrays;

/**
 * A real symmetric sparse matrix of order n in compressed sparse row (CSR) form, both triangles stored.
 *
 * <p>Arrays: {@code rowPtr} length n + 1, {@code colIdx} and {@code values} length nnz; column indices are
 * sorted within each row. Instances are immutable; the accessors return copies. The first product with one or
 * two vectors builds and keeps a {@link SlicedEllpack} copy of the matrix (about as much memory again).
 */
public final class CsrMatrix implements SymmetricOperator {

    private final int n;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] values;
    /** The SELL-C-sigma layout for single-vector products, built on the first one (racy but idempotent). */
    private volatile SlicedEllpack sliced;
    private volatile boolean slicedUnavailable;

    private CsrMatrix(int n, int[] rowPtr, int[] colIdx, double[] values) {
        this.n = n;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    /**
     * Builds the matrix from coordinates (0-based). Entries at the same position are summed. Both triangles
     * must be given (mirror a stored triangle first) and the result must be exactly symmetric.
     *
     * @param n      order, n >= 1
     * @param rows   row index of each entry, in [0, n)
     * @param cols   column index of each entry, in [0, n); same length as rows
     * @param values finite value of each entry; same length as rows
     * @throws IllegalArgumentException if n < 1, the lengths differ, an index is out of range, a value is not
     *                                  finite, or the summed matrix is not symmetric (the first offending
     *                                  pair (i, j), i < j, and both values are named)
     */
    public static CsrMatrix fromCoordinates(int n, int[] rows, int[] cols, double[] values) {
        if (n < 1) {
            throw new IllegalArgumentException("order n must be >= 1, got " + n);
        }
        if (rows.length != cols.length || rows.length != values.length) {
            throw new IllegalArgumentException("rows, cols and values must have equal lengths, got "
                    + rows.length + ", " + cols.length + ", " + values.length);
        }
        int m = rows.length;
        int[] count = new int[n + 1];
        for (int e = 0; e < m; e++) {
            int i = rows[e];
            int j = cols[e];
            if (i < 0 || i >= n || j < 0 || j >= n) {
                throw new IllegalArgumentException("entry " + e + " at (" + i + ", " + j
                        + ") is outside [0, " + n + ") x [0, " + n + ")");
            }
            if (!Double.isFinite(values[e])) {
                throw new IllegalArgumentException("entry " + e + " at (" + i + ", " + j + ") has value "
                        + values[e] + "; expected a finite number");
            }
            count[i + 1]++;
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] ptr = count.clone();
        int[] c = new int[m];
        double[] v = new double[m];
        int[] fill = Arrays.copyOf(count, n);
        for (int e = 0; e < m; e++) {
            int at = fill[rows[e]]++;
            c[at] = cols[e];
            v[at] = values[e];
        }
        int[] outPtr = SparseKernels.compressRows(ptr, n, c, v);
        int out = outPtr[n];
        CsrMatrix a = new CsrMatrix(n, outPtr, Arrays.copyOf(c, out), Arrays.copyOf(v, out));
        a.checkSymmetric();
        return a;
    }

    /**
     * Wraps CSR arrays that already form a symmetric matrix (both triangles, columns sorted and distinct within
     * each row), e.g. a matrix shipped between JVMs in its own arrays. The arrays are used as they are (not copied):
     * the caller must not change them afterwards.
     *
     * @param n      order, n >= 1
     * @param rowPtr length n + 1, nondecreasing, rowPtr[0] = 0
     * @param colIdx length rowPtr[n], each row's indices strictly increasing, in [0, n)
     * @param values length rowPtr[n], finite
     * @throws IllegalArgumentException if a length, an index or a value is out of range, or A is not symmetric
     */
    public static CsrMatrix fromCsr(int n, int[] rowPtr, int[] colIdx, double[] values) {
        if (n < 1 || rowPtr.length != n + 1 || rowPtr[0] != 0 || colIdx.length != rowPtr[n]
                || values.length != rowPtr[n]) {
            throw new IllegalArgumentException("expected n >= 1, rowPtr of length n + 1 starting at 0 and colIdx, values"
                    + " of length rowPtr[n]; got n = " + n + ", lengths " + rowPtr.length + ", " + colIdx.length + ", "
                    + values.length);
        }
        for (int i = 0; i < n; i++) {
            if (rowPtr[i + 1] < rowPtr[i]) {
                throw new IllegalArgumentException("rowPtr decreases at row " + i);
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int j = colIdx[p];
                if (j < 0 || j >= n || p > rowPtr[i] && j <= colIdx[p - 1]) {
                    throw new IllegalArgumentException("row " + i + ": column " + j + " at position " + p
                            + " is outside [0, " + n + ") or not increasing");
                }
                if (!Double.isFinite(values[p])) {
                    throw new IllegalArgumentException("entry (" + i + ", " + j + ") has value " + values[p]
                            + "; expected a finite number");
                }
            }
        }
        CsrMatrix a = new CsrMatrix(n, rowPtr, colIdx, values);
        a.checkSymmetric();
        return a;
    }

    private void checkSymmetric() {
        for (int i = 0; i < n; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int j = colIdx[p];
                if (j <= i) {
                    continue;
                }
                int q = position(j, i);
                double mirror = q < 0 ? 0.0 : values[q];
                if (mirror != values[p]) {
                    throw new IllegalArgumentException("matrix is not symmetric: A(" + i + ", " + j + ") = "
                            + values[p] + " but A(" + j + ", " + i + ") = "
                            + (q < 0 ? "0 (not stored)" : Double.toString(mirror)));
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int j = colIdx[p];
                if (j < i && position(j, i) < 0 && values[p] != 0.0) {
                    throw new IllegalArgumentException("matrix is not symmetric: A(" + i + ", " + j + ") = "
                            + values[p] + " but A(" + j + ", " + i + ") = 0 (not stored)");
                }
            }
        }
    }

    /** Position of the stored entry (i, j) in the CSR arrays (CSR order of nonzeros), or -1 if not stored. */
    public int position(int i, int j) {
        return SparseKernels.find(rowPtr, colIdx, i, j);
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public long nonzeros() {
        return colIdx.length;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One or two vectors (B = 1, 2: the polarization block): the {@link SlicedEllpack} kernels, bit for bit the
     * CSR product for finite x; the layout is built on the first such call (O(nnz) time, about as much memory
     * again as the CSR arrays) and kept. B > 2: {@link SparseKernels#spmm} on the CSR arrays.
     */
    @Override
    public void apply(double[] x, double[] y, int blockSize) {
        SlicedEllpack s = blockSize <= 2 ? sliced() : null;
        if (s != null && blockSize == 1) {
            s.multiply(x, y);
        } else if (s != null) {
            s.multiply2(x, y);
        } else {
            SparseKernels.spmm(rowPtr, colIdx, values, n, x, y, blockSize);
        }
    }

    /**
     * One pass over the rows: for B = 1, 2 {@link SlicedEllpack#lanczos} / {@link SlicedEllpack#lanczos2} (alphas
     * summed in the layout's row order), else {@link SparseKernels#lanczosRows}.
     */
    @Override
    public void applyLanczos(double[] q, double[] qPrev, double[] betaPrev, double[] w, int blockSize,
                             double[] alphas) {
        SlicedEllpack s = blockSize <= 2 ? sliced() : null;
        if (s != null && blockSize == 1) {
            alphas[0] = s.lanczos(q, qPrev, betaPrev[0], w);
            return;
        } else if (s != null) {
            s.lanczos2(q, qPrev, betaPrev, w, alphas);
            return;
        }
        Arrays.fill(alphas, 0.0);
        SparseKernels.lanczosRows(rowPtr, colIdx, values, 0, n, q, qPrev, betaPrev, w, blockSize, alphas);
    }

    /** The SELL-C-sigma layout, built on first use; null if it cannot be indexed by int (then CSR is used). */
    private SlicedEllpack sliced() {
        SlicedEllpack s = sliced;
        if (s == null && !slicedUnavailable) {
            s = SlicedEllpack.of(rowPtr, colIdx, values, n);
            if (s == null) {
                slicedUnavailable = true;
            }
            sliced = s;
        }
        return s;
    }

    /** A(i, j), 0 if not stored. */
    public double get(int i, int j) {
        int p = position(i, j);
        return p < 0 ? 0.0 : values[p];
    }

    /** Row pointers, length n + 1 (a copy). */
    public int[] rowPointers() {
        return rowPtr.clone();
    }

    /** Column index of each stored nonzero, length nnz (a copy). */
    public int[] columnIndices() {
        return colIdx.clone();
    }

    /** Value of each stored nonzero, length nnz (a copy). */
    public double[] values() {
        return values.clone();
    }

    /** Same sparsity pattern, all values replaced by {@code newValues} (length nnz; must stay symmetric). */
    public CsrMatrix withValues(double[] newValues) {
        if (newValues.length != values.length) {
            throw new IllegalArgumentException("expected " + values.length + " values, got " + newValues.length);
        }
        CsrMatrix a = new CsrMatrix(n, rowPtr, colIdx, newValues.clone());
        a.checkSymmetric();
        return a;
    }

    /** Dense copy, n x n row-major (for tests and small references). */
    public double[] toDense() {
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                d[i * n + colIdx[p]] = values[p];
            }
        }
        return d;
    }
}
