package org.matfun.core.operator;

/**
 * The SELL-C-sigma layout of a CSR matrix (Kreutzer, Hager, Wellein, Fehske, Bishop, "A unified sparse
 * matrix data format for efficient general sparse matrix-vector multiplication on modern processors with
 * wide SIMD units", SIAM J. Sci. Comput. 36(5), C401-C423, 2014) and the single-vector kernels on it: the
 * product y = A x and the product fused with the first half of a Lanczos step.
 *
 * <p>Rows are taken in windows of {@link #SIGMA} consecutive rows, sorted within each window by decreasing
 * length (stable), and grouped in chunks of {@link #C} rows. A chunk stores its rows column by column, padded
 * to its longest row: entry j of the chunk's lane l is at {@code chunkStart[c] + j C + l}. The kernel keeps the
 * C row sums in registers and walks a chunk with one loop of fixed trip count, so no branch depends on the
 * length of a single row and C independent add chains run side by side; a CSR row loop has one dependent chain
 * of about 5 adds (G3_circuit) and a mispredicted exit per row. Sorting within the window keeps the padding
 * small for irregular rows (measured: 1.0003 G3_circuit, 1.002 Andrews, 1.05 soc-Slashdot0902, 1.03 CA-HepPh
 * stored entries per nonzero) while y is still written within a window of SIGMA rows.
 *
 * <p>Rounding: each row's products are added in the row's CSR order, starting from 0, and the padding adds
 * 0 x[c] = +-0 at the end, which leaves a sum that started at +0 unchanged; so y is bit for bit the CSR
 * kernel's y whenever x is finite. The padding's column c is one of the row's own columns (its own index for an
 * empty row), so a non-finite x entry reaches only rows that already use it (or that empty row), which are
 * non-finite with CSR too; there 0 x Inf = NaN may turn an Inf of the CSR result into NaN. The rows that do not
 * fill a last chunk of C are done by the CSR loop.
 *
 * <p>Memory: 12 bytes per stored entry (int column, double value), padding included, and 4 bytes per row for
 * the permutation: about as much again as the CSR arrays it is built from. Instances are immutable.
 */
public final class SlicedEllpack {

    /** Chunk height: rows whose sums are kept in registers together. */
    public static final int C = 8;
    /** Sorting window, in rows. */
    public static final int SIGMA = 4096;

    private final int n;
    private final int[] rowPtr;
    private final int[] colIdx;
    private final double[] values;
    /** row of the matrix taken as row r of the sorted order, length n. */
    private final int[] perm;
    /** number of full chunks. */
    private final int chunks;
    /** start of chunk c in {@link #cols}/{@link #vals}, length chunks + 1. */
    private final int[] chunkStart;
    private final int[] cols;
    private final double[] vals;

    private SlicedEllpack(int n, int[] rowPtr, int[] colIdx, double[] values, int[] perm, int chunks,
                          int[] chunkStart, int[] cols, double[] vals) {
        this.n = n;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.perm = perm;
        this.chunks = chunks;
        this.chunkStart = chunkStart;
        this.cols = cols;
        this.vals = vals;
    }

    /**
     * Builds the layout of a CSR matrix. The CSR arrays are kept (not copied) for the rows that do not fill a
     * last chunk, and must not change afterwards. Cost O(nnz + n log SIGMA).
     *
     * @param rowPtr length n + 1
     * @param colIdx column index of each nonzero
     * @param values value of each nonzero
     * @param n      number of rows, >= 0
     * @return the layout, or null if the padded layout would exceed 2^31 - 1 entries (use CSR then)
     */
    public static SlicedEllpack of(int[] rowPtr, int[] colIdx, double[] values, int n) {
        int[] perm = new int[n];
        long[] keys = new long[Math.min(n, SIGMA)];
        for (int s = 0; s < n; s += SIGMA) {
            int e = Math.min(n, s + SIGMA);
            for (int i = s; i < e; i++) { // decreasing length, then increasing row: a stable sort
                long len = rowPtr[i + 1] - rowPtr[i];
                keys[i - s] = ((Integer.MAX_VALUE - len) << 32) | (i - s);
            }
            java.util.Arrays.sort(keys, 0, e - s);
            for (int i = s; i < e; i++) {
                perm[i] = s + (int) (keys[i - s] & 0xffffffffL);
            }
        }
        int chunks = n / C;
        int[] chunkStart = new int[chunks + 1];
        long total = 0;
        for (int c = 0; c < chunks; c++) {
            int longest = 0;
            for (int l = 0; l < C; l++) {
                int i = perm[c * C + l];
                longest = Math.max(longest, rowPtr[i + 1] - rowPtr[i]);
            }
            total += (long) longest * C;
            if (total > Integer.MAX_VALUE - C) {
                return null;
            }
            chunkStart[c + 1] = (int) total;
        }
        int[] cols = new int[(int) total];
        double[] vals = new double[(int) total];
        for (int c = 0; c < chunks; c++) {
            int width = (chunkStart[c + 1] - chunkStart[c]) / C;
            for (int l = 0; l < C; l++) {
                int i = perm[c * C + l];
                int start = rowPtr[i];
                int d = rowPtr[i + 1] - start;
                int pad = d > 0 ? colIdx[start + d - 1] : i;
                for (int j = 0; j < width; j++) {
                    int at = chunkStart[c] + j * C + l;
                    if (j < d) {
                        cols[at] = colIdx[start + j];
                        vals[at] = values[start + j];
                    } else {
                        cols[at] = pad;
                        vals[at] = 0.0;
                    }
                }
            }
        }
        return new SlicedEllpack(n, rowPtr, colIdx, values, perm, chunks, chunkStart, cols, vals);
    }

    /** Stored entries (padding included) per nonzero of the CSR matrix; 1 when there is no padding. */
    public double paddingRatio() {
        long nnz = rowPtr[n];
        long stored = chunkStart[chunks];
        for (int r = chunks * C; r < n; r++) {
            stored += rowPtr[perm[r] + 1] - rowPtr[perm[r]];
        }
        return nnz == 0 ? 1.0 : (double) stored / nnz;
    }

    /**
     * y = A x for one vector.
     *
     * @param x length >= max column + 1
     * @param y length n; overwritten
     */
    public void multiply(double[] x, double[] y) {
        multiplyChunks(x, y, 0, chunks);
    }

    /** Number of full chunks of C rows; the rows beyond them are computed with the last chunk range. */
    public int chunks() {
        return chunks;
    }

    /**
     * {@link #multiply} restricted to the chunks [from, to) (and the rows beyond the last full chunk when
     * to = {@link #chunks()}): disjoint ranges write disjoint entries of y, so they can run on different threads.
     *
     * @param x    length >= max column + 1
     * @param y    length n; the entries of the range's rows are overwritten
     * @param from first chunk, 0 <= from <= to
     * @param to   end chunk, to <= chunks()
     */
    public void multiplyChunks(double[] x, double[] y, int from, int to) {
        int[] cl = cols;
        double[] vl = vals;
        int[] pm = perm;
        for (int c = from; c < to; c++) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            double s4 = 0.0;
            double s5 = 0.0;
            double s6 = 0.0;
            double s7 = 0.0;
            int end = chunkStart[c + 1];
            for (int o = chunkStart[c]; o < end; o += C) {
                s0 += vl[o] * x[cl[o]];
                s1 += vl[o + 1] * x[cl[o + 1]];
                s2 += vl[o + 2] * x[cl[o + 2]];
                s3 += vl[o + 3] * x[cl[o + 3]];
                s4 += vl[o + 4] * x[cl[o + 4]];
                s5 += vl[o + 5] * x[cl[o + 5]];
                s6 += vl[o + 6] * x[cl[o + 6]];
                s7 += vl[o + 7] * x[cl[o + 7]];
            }
            int r = c * C;
            y[pm[r]] = s0;
            y[pm[r + 1]] = s1;
            y[pm[r + 2]] = s2;
            y[pm[r + 3]] = s3;
            y[pm[r + 4]] = s4;
            y[pm[r + 5]] = s5;
            y[pm[r + 6]] = s6;
            y[pm[r + 7]] = s7;
        }
        if (to < chunks) {
            return;
        }
        for (int r = chunks * C; r < n; r++) {
            int i = pm[r];
            double s = 0.0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                s += values[p] * x[colIdx[p]];
            }
            y[i] = s;
        }
    }

    /**
     * The product fused with the first half of a Lanczos step (DESIGN 2.1) for one vector:
     * w = A q - betaPrev qPrev, returning alpha = q . w. w is bit for bit that of {@link #multiply} followed by
     * the subtraction; alpha's terms are added in the layout's row order (sorted within windows), so alpha
     * differs from a natural-order sum by rounding only (at most about n eps sum |q_i w_i|).
     *
     * @param q        length n (also the product's input)
     * @param qPrev    length n
     * @param betaPrev beta_{j-1}
     * @param w        length n; overwritten; must not alias q or qPrev
     * @return alpha_j = q . w
     */
    public double lanczos(double[] q, double[] qPrev, double betaPrev, double[] w) {
        int[] cl = cols;
        double[] vl = vals;
        int[] pm = perm;
        double a0 = 0.0;
        double a1 = 0.0;
        for (int c = 0; c < chunks; c++) {
            double s0 = 0.0;
            double s1 = 0.0;
            double s2 = 0.0;
            double s3 = 0.0;
            double s4 = 0.0;
            double s5 = 0.0;
            double s6 = 0.0;
            double s7 = 0.0;
            int end = chunkStart[c + 1];
            for (int o = chunkStart[c]; o < end; o += C) {
                s0 += vl[o] * q[cl[o]];
                s1 += vl[o + 1] * q[cl[o + 1]];
                s2 += vl[o + 2] * q[cl[o + 2]];
                s3 += vl[o + 3] * q[cl[o + 3]];
                s4 += vl[o + 4] * q[cl[o + 4]];
                s5 += vl[o + 5] * q[cl[o + 5]];
                s6 += vl[o + 6] * q[cl[o + 6]];
                s7 += vl[o + 7] * q[cl[o + 7]];
            }
            int r = c * C;
            a0 += finish(pm[r], s0, q, qPrev, betaPrev, w);
            a1 += finish(pm[r + 1], s1, q, qPrev, betaPrev, w);
            a0 += finish(pm[r + 2], s2, q, qPrev, betaPrev, w);
            a1 += finish(pm[r + 3], s3, q, qPrev, betaPrev, w);
            a0 += finish(pm[r + 4], s4, q, qPrev, betaPrev, w);
            a1 += finish(pm[r + 5], s5, q, qPrev, betaPrev, w);
            a0 += finish(pm[r + 6], s6, q, qPrev, betaPrev, w);
            a1 += finish(pm[r + 7], s7, q, qPrev, betaPrev, w);
        }
        for (int r = chunks * C; r < n; r++) {
            int i = pm[r];
            double s = 0.0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                s += values[p] * q[colIdx[p]];
            }
            a0 += finish(i, s, q, qPrev, betaPrev, w);
        }
        return a0 + a1;
    }

    /** w_i = s - betaPrev qPrev_i; returns q_i w_i. */
    private static double finish(int i, double s, double[] q, double[] qPrev, double betaPrev, double[] w) {
        double x = s - betaPrev * qPrev[i];
        w[i] = x;
        return q[i] * x;
    }

    /**
     * Y = A X for two interleaved vectors (the polarization block): x[2 c + b], y[2 i + b], b = 0, 1. Each chunk is
     * walked twice, four lanes (eight sums in registers) at a time; every sum is formed in the row's CSR order,
     * so Y is bit for bit {@link SparseKernels#spmm} with B = 2 for finite X.
     *
     * @param x length >= 2 (max column + 1)
     * @param y length 2 n; overwritten
     */
    public void multiply2(double[] x, double[] y) {
        lanczos2(x, null, null, y, null);
    }

    /**
     * The fused Lanczos product of {@link #lanczos} for two interleaved vectors: W = A Q - Q_prev diag(betaPrev),
     * alphas[b] = q_b . w_b (summed in the layout's row order). With qPrev == null only the product is formed
     * (W = A Q, alphas untouched).
     *
     * @param q        length 2 n, interleaved (also the product's input)
     * @param qPrev    length 2 n, interleaved, or null
     * @param betaPrev length 2 (unused when qPrev is null)
     * @param w        length 2 n; overwritten; must not alias q or qPrev
     * @param alphas   length 2, overwritten (unused when qPrev is null)
     */
    public void lanczos2(double[] q, double[] qPrev, double[] betaPrev, double[] w, double[] alphas) {
        int[] cl = cols;
        double[] vl = vals;
        int[] pm = perm;
        boolean fused = qPrev != null;
        double bp0 = fused ? betaPrev[0] : 0.0;
        double bp1 = fused ? betaPrev[1] : 0.0;
        double a0 = 0.0;
        double a1 = 0.0;
        for (int c = 0; c < chunks; c++) {
            int end = chunkStart[c + 1];
            for (int h = 0; h < C; h += 4) {
                double s00 = 0.0;
                double s01 = 0.0;
                double s10 = 0.0;
                double s11 = 0.0;
                double s20 = 0.0;
                double s21 = 0.0;
                double s30 = 0.0;
                double s31 = 0.0;
                for (int o = chunkStart[c] + h; o < end; o += C) {
                    double v0 = vl[o];
                    double v1 = vl[o + 1];
                    double v2 = vl[o + 2];
                    double v3 = vl[o + 3];
                    int x0 = 2 * cl[o];
                    int x1 = 2 * cl[o + 1];
                    int x2 = 2 * cl[o + 2];
                    int x3 = 2 * cl[o + 3];
                    s00 += v0 * q[x0];
                    s01 += v0 * q[x0 + 1];
                    s10 += v1 * q[x1];
                    s11 += v1 * q[x1 + 1];
                    s20 += v2 * q[x2];
                    s21 += v2 * q[x2 + 1];
                    s30 += v3 * q[x3];
                    s31 += v3 * q[x3 + 1];
                }
                int r = c * C + h;
                if (fused) {
                    a0 += finish(2 * pm[r], s00, q, qPrev, bp0, w);
                    a1 += finish(2 * pm[r] + 1, s01, q, qPrev, bp1, w);
                    a0 += finish(2 * pm[r + 1], s10, q, qPrev, bp0, w);
                    a1 += finish(2 * pm[r + 1] + 1, s11, q, qPrev, bp1, w);
                    a0 += finish(2 * pm[r + 2], s20, q, qPrev, bp0, w);
                    a1 += finish(2 * pm[r + 2] + 1, s21, q, qPrev, bp1, w);
                    a0 += finish(2 * pm[r + 3], s30, q, qPrev, bp0, w);
                    a1 += finish(2 * pm[r + 3] + 1, s31, q, qPrev, bp1, w);
                } else {
                    w[2 * pm[r]] = s00;
                    w[2 * pm[r] + 1] = s01;
                    w[2 * pm[r + 1]] = s10;
                    w[2 * pm[r + 1] + 1] = s11;
                    w[2 * pm[r + 2]] = s20;
                    w[2 * pm[r + 2] + 1] = s21;
                    w[2 * pm[r + 3]] = s30;
                    w[2 * pm[r + 3] + 1] = s31;
                }
            }
        }
        for (int r = chunks * C; r < n; r++) {
            int i = pm[r];
            double t0 = 0.0;
            double t1 = 0.0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                double v = values[p];
                int xo = 2 * colIdx[p];
                t0 += v * q[xo];
                t1 += v * q[xo + 1];
            }
            if (fused) {
                a0 += finish(2 * i, t0, q, qPrev, bp0, w);
                a1 += finish(2 * i + 1, t1, q, qPrev, bp1, w);
            } else {
                w[2 * i] = t0;
                w[2 * i + 1] = t1;
            }
        }
        if (fused) {
            alphas[0] = a0;
            alphas[1] = a1;
        }
    }
}
