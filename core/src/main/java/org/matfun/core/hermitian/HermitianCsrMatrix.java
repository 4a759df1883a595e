package org.matfun.core.hermitian;

import org.matfun.core.operator.SparseKernels;
import org.matfun.core.operator.SpectrumBounds;

import java.util.Arrays;

/**
 * A complex Hermitian sparse matrix A = X + i Y (X real symmetric, Y real antisymmetric, A^H = A) of order n in
 * compressed sparse row (CSR) form, both triangles stored.
 *
 * <p>Arrays: {@code rowPtr} length n + 1; {@code colIdx}, {@code re} and {@code im} length nnz (the real and the
 * imaginary part of each stored entry in separate arrays); columns sorted and distinct within each row. The
 * pattern is symmetric and A(j, i) = conj(A(i, j)) holds exactly for every stored pair; the diagonal is real.
 * Instances are immutable; the accessors return copies.
 *
 * <p>Complex vectors are interleaved {@code double[]}: a block of B vectors of length n is n x B complex entries,
 * entry (i, b) with real part at {@code 2 (i B + b)} and imaginary part at {@code 2 (i B + b) + 1} (length 2 n B).
 * B = 1 is a single vector {re_0, im_0, re_1, im_1, ...}.
 *
 * <p>Cost of {@link #apply}: one pass over the nnz entries, 8 flops per entry and vector.
 */
public final class HermitianCsrMatrix {

    private final int n;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] re;
    private final double[] im;

    private HermitianCsrMatrix(int n, int[] rowPtr, int[] colIdx, double[] re, double[] im) {
        this.n = n;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.re = re;
        this.im = im;
    }

    /**
     * Builds A from its lower triangle in coordinates (0-based, row >= col), mirroring every off-diagonal entry
     * with its conjugate: A(j, i) = conj(A(i, j)). Entries at the same position are summed.
     *
     * @param n    order, n >= 1
     * @param rows row index of each entry, in [0, n)
     * @param cols column index of each entry, in [0, rows[e]]
     * @param re   real part of each entry, finite
     * @param im   imaginary part of each entry, finite; 0 on the diagonal
     * @throws IllegalArgumentException if n < 1, the lengths differ, an index is out of range, an entry lies above
     *                                  the diagonal, a part is not finite, or a diagonal entry is not real (the
     *                                  message names the entry and its position)
     */
    public static HermitianCsrMatrix fromLowerTriangle(int n, int[] rows, int[] cols, double[] re, double[] im) {
        checkCoordinates(n, rows, cols, re, im);
        int m = rows.length;
        int off = 0;
        for (int e = 0; e < m; e++) {
            if (rows[e] < cols[e]) {
                throw new IllegalArgumentException("entry " + e + " at (" + rows[e] + ", " + cols[e]
                        + ") lies above the diagonal; give the lower triangle (row >= col)");
            }
            if (rows[e] != cols[e]) {
                off++;
            }
        }
        int[] r = new int[m + off];
        int[] c = new int[m + off];
        double[] vr = new double[m + off];
        double[] vi = new double[m + off];
        int t = 0;
        for (int e = 0; e < m; e++) {
            r[t] = rows[e];
            c[t] = cols[e];
            vr[t] = re[e];
            vi[t++] = im[e];
            if (rows[e] != cols[e]) {
                r[t] = cols[e];
                c[t] = rows[e];
                vr[t] = re[e];
                vi[t++] = 0.0 - im[e]; // conj; +0.0 for a real entry
            }
        }
        return build(n, r, c, vr, vi);
    }

    /**
     * Builds A from coordinates with both triangles given (0-based). Entries at the same position are summed; the
     * sums must satisfy A(j, i) = conj(A(i, j)) exactly, and the diagonal must be real.
     *
     * @param n    order, n >= 1
     * @param rows row index of each entry, in [0, n)
     * @param cols column index of each entry, in [0, n)
     * @param re   real part of each entry, finite
     * @param im   imaginary part of each entry, finite
     * @throws IllegalArgumentException if n < 1, the lengths differ, an index is out of range, a part is not finite,
     *                                  a diagonal entry is not real, or the matrix is not Hermitian (the first
     *                                  offending pair (i, j), i < j, and both values are named)
     */
    public static HermitianCsrMatrix fromCoordinates(int n, int[] rows, int[] cols, double[] re, double[] im) {
        checkCoordinates(n, rows, cols, re, im);
        return build(n, rows.clone(), cols.clone(), re.clone(), im.clone());
    }

    private static void checkCoordinates(int n, int[] rows, int[] cols, double[] re, double[] im) {
        if (n < 1) {
            throw new IllegalArgumentException("order n must be >= 1, got " + n);
        }
        if (rows.length != cols.length || rows.length != re.length || rows.length != im.length) {
            throw new IllegalArgumentException("rows, cols, re and im must have equal lengths, got " + rows.length
                    + ", " + cols.length + ", " + re.length + ", " + im.length);
        }
        for (int e = 0; e < rows.length; e++) {
            int i = rows[e];
            int j = cols[e];
            if (i < 0 || i >= n || j < 0 || j >= n) {
                throw new IllegalArgumentException("entry " + e + " at (" + i + ", " + j + ") is outside [0, " + n
                        + ") x [0, " + n + ")");
            }
            if (!Double.isFinite(re[e]) || !Double.isFinite(im[e])) {
                throw new IllegalArgumentException("entry " + e + " at (" + i + ", " + j + ") has value "
                        + re[e] + " + " + im[e] + "i; expected finite real and imaginary parts");
            }
            if (i == j && im[e] != 0.0) {
                throw new IllegalArgumentException("entry " + e + " at (" + i + ", " + i + ") = "
                        + new Complex(re[e], im[e]) + " is on the diagonal but not real; a Hermitian matrix has a"
                        + " real diagonal");
            }
        }
    }

    /** Sorts by row (counting sort) and column, sums duplicates, and checks the Hermitian symmetry. */
    private static HermitianCsrMatrix build(int n, int[] rows, int[] cols, double[] re, double[] im) {
        int m = rows.length;
        int[] start = new int[n + 1];
        for (int e = 0; e < m; e++) {
            start[rows[e] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, n);
        int[] order = new int[m];
        for (int e = 0; e < m; e++) {
            order[fill[rows[e]]++] = e;
        }
        int[] ptr = new int[n + 1];
        int[] c = new int[m];
        double[] vr = new double[m];
        double[] vi = new double[m];
        int out = 0;
        long[] keys = new long[0];
        for (int i = 0; i < n; i++) {
            int s = start[i];
            int len = start[i + 1] - s;
            if (keys.length < len) {
                keys = new long[Math.max(len, 2 * keys.length)];
            }
            for (int p = 0; p < len; p++) {
                int e = order[s + p];
                keys[p] = ((long) cols[e] << 32) | e;
            }
            Arrays.sort(keys, 0, len);
            int first = out;
            for (int p = 0; p < len; p++) {
                int e = (int) (keys[p] & 0xffffffffL);
                if (out > first && c[out - 1] == cols[e]) {
                    vr[out - 1] += re[e];
                    vi[out - 1] += im[e];
                } else {
                    c[out] = cols[e];
                    vr[out] = re[e];
                    vi[out] = im[e];
                    out++;
                }
            }
            ptr[i + 1] = out;
        }
        HermitianCsrMatrix a = new HermitianCsrMatrix(n, ptr, Arrays.copyOf(c, out), Arrays.copyOf(vr, out),
                Arrays.copyOf(vi, out));
        a.checkHermitian();
        return a;
    }

    private void checkHermitian() {
        for (int i = 0; i < n; i++) {
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                int j = colIdx[p];
                if (j == i) {
                    if (im[p] != 0.0) {
                        throw new IllegalArgumentException("A(" + i + ", " + i + ") = " + new Complex(re[p], im[p])
                                + " is not real; a Hermitian matrix has a real diagonal");
                    }
                    continue;
                }
                int q = position(j, i);
                boolean ok = q >= 0 ? re[q] == re[p] && im[q] == -im[p] : re[p] == 0.0 && im[p] == 0.0;
                if (!ok) {
                    throw new IllegalArgumentException("matrix is not Hermitian: A(" + i + ", " + j + ") = "
                            + value(p) + " but A(" + j + ", " + i + ") = " + value(q)
                            + "; expected the conjugate " + new Complex(re[p], -im[p]));
                }
            }
        }
    }

    private String value(int p) {
        return p < 0 ? "0 (not stored)" : new Complex(re[p], im[p]).toString();
    }

    /** Position of the stored entry (i, j) in the CSR arrays, or -1 if not stored. O(log d) for a row of d entries. */
    public int position(int i, int j) {
        return SparseKernels.find(rowPtr, colIdx, i, j);
    }

    /** The order n. */
    public int dimension() {
        return n;
    }

    /** Stored entries nnz (both triangles and the diagonal). */
    public long nonzeros() {
        return colIdx.length;
    }

    /** A(i, j), 0 if not stored. */
    public Complex get(int i, int j) {
        int p = position(i, j);
        return p < 0 ? Complex.ZERO : new Complex(re[p], im[p]);
    }

    /** Row pointers, length n + 1 (a copy). */
    public int[] rowPointers() {
        return rowPtr.clone();
    }

    /** Column index of each stored entry, length nnz (a copy). */
    public int[] columnIndices() {
        return colIdx.clone();
    }

    /** Real part of each stored entry, length nnz, CSR order (a copy). */
    public double[] realParts() {
        return re.clone();
    }

    /** Imaginary part of each stored entry, length nnz, CSR order (a copy). */
    public double[] imaginaryParts() {
        return im.clone();
    }

    /** Row pointers without a copy, for the kernels of this package. */
    int[] ptr() {
        return rowPtr;
    }

    /** Column indices without a copy, for the kernels of this package. */
    int[] cols() {
        return colIdx;
    }

    /**
     * Y = A X for a block of B complex vectors (interleaved, see the class comment).
     *
     * @param x         length 2 n B
     * @param y         length 2 n B, overwritten
     * @param blockSize B >= 1
     * @throws IllegalArgumentException if a length is not 2 n B
     */
    public void apply(double[] x, double[] y, int blockSize) {
        long len = 2L * n * blockSize;
        if (blockSize < 1 || x.length != len || y.length != len) {
            throw new IllegalArgumentException("expected B >= 1 and x, y of length 2 n B = " + len + ", got B = "
                    + blockSize + ", lengths " + x.length + " and " + y.length);
        }
        multiply(x, y, blockSize);
    }

    /** The unchecked product of {@link #apply}. */
    void multiply(double[] x, double[] y, int bs) {
        for (int i = 0; i < n; i++) {
            int oi = 2 * i * bs;
            for (int b = 0; b < bs; b++) {
                y[oi + 2 * b] = 0.0;
                y[oi + 2 * b + 1] = 0.0;
            }
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double ar = re[p];
                double ai = im[p];
                int oj = 2 * colIdx[p] * bs;
                for (int b = 0; b < bs; b++) {
                    double xr = x[oj + 2 * b];
                    double xi = x[oj + 2 * b + 1];
                    y[oi + 2 * b] += ar * xr - ai * xi;
                    y[oi + 2 * b + 1] += ar * xi + ai * xr;
                }
            }
        }
    }

    /**
     * A guaranteed interval containing every (real) eigenvalue: the Gershgorin discs of the complex matrix,
     * |lambda - a_ii| <= sum_{j != i} |a_ij| (Horn and Johnson, <i>Matrix Analysis</i>, 2nd ed., Thm. 6.1.1), with
     * the rounding margin of {@link SpectrumBounds#gershgorin}. One pass over the entries.
     *
     * @throws IllegalArgumentException if a row sum overflows
     */
    public SpectrumBounds spectrumBounds() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        long widest = 0;
        for (int i = 0; i < n; i++) {
            double d = 0.0;
            double r = 0.0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                if (colIdx[p] == i) {
                    d += re[p];
                } else {
                    r += Math.hypot(re[p], im[p]);
                }
            }
            lo = Math.min(lo, d - r);
            hi = Math.max(hi, d + r);
            widest = Math.max(widest, rowPtr[i + 1] - rowPtr[i]);
        }
        // |a_ij| = hypot(re, im) adds one more rounding per entry than the real row sums: double the margin's count
        return SpectrumBounds.gershgorin(lo, hi, 2 * widest);
    }
}
