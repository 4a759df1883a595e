package org.matfun.core.lanczos;

import org.matfun.core.operator.SymmetricOperator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * B independent Lanczos recurrences on one machine (DESIGN 2.1):
 * {@code q_1 = v / ||v||; w = A q_j - beta_{j-1} q_{j-1}; alpha_j = q_j . w; w -= alpha_j q_j;
 * beta_j = ||w||; q_{j+1} = w / beta_j}. With {@link Reorthogonalization#FULL}, w is orthogonalized against
 * all previous q by classical Gram-Schmidt applied twice.
 *
 * <p>IMPLEMENTATION NOTES: the product is fused with w = A q_j - beta_{j-1} q_{j-1} and alpha_j = q_j . w
 * ({@link SymmetricOperator#applyLanczos}: one pass over the rows of a {@link org.matfun.core.operator.CsrMatrix},
 * with the same operations in the same order as the product followed by a separate pass for B > 2, so the
 * alphas and betas are bit for bit those of the unfused step; for B = 1, 2 the {@link
 * org.matfun.core.operator.SlicedEllpack} kernels sum alpha in their own row order, equal to rounding).
 * Then w -= alpha_j q_j with ||w||^2, and w / beta_j. The shortcut beta_j^2 = ||w||^2 - alpha_j^2 would save
 * one more pass but changes the rounding of every step (docs/benchmarks-kernels.md measures it); it is not used.
 *
 * <p>Panels: a block wider than {@value #PANEL_MAX} columns is stored as panels of {@value #PANEL} columns (the last
 * one takes the remainder, {@value #PANEL} + 1 or + 2 rather than a panel of 1 or 2), each an n x width
 * interleaved array with its own product. The recurrence steps all columns together exactly as one block would
 * (the same stopping and the same per-column operations in the same order, so bit for bit the unpanelled
 * results); only the memory layout changes. Why: a block product gathers 8 B bytes per stored entry from
 * scattered rows of X, and once X (8 n B bytes) outgrows the caches the gathers dominate. On soc-Slashdot0902
 * (n = 82,168) with both cores busy a product costs about 1.0-1.4 ms per vector at B = 8 and 1.4-2.9 ms at
 * B = 32 (docs/execution-modes.md); a panel of 8 streams the matrix once per 8 columns instead of once per B.
 *
 * <p>Cost per step: one block matvec (B vectors, as B / 8 panel products) fused with the first update, and two
 * more passes over the n x B vectors (no allocation unless the basis is kept); O(n B k) more with FULL.
 * Memory: 3 n B doubles, plus the basis (n B k doubles) when kept.
 */
public final class InMemoryLanczos implements LanczosRecurrence {

    /** Rows per block of {@link #basis}'s transpose. */
    private static final int TILE = 64;
    /** Columns per panel of a wide block. */
    static final int PANEL = 8;
    /** Widest block kept as a single panel. */
    static final int PANEL_MAX = PANEL + 2;

    private final SymmetricOperator a;
    private final int n;
    private final int bs;
    private final Reorthogonalization reorth;
    private final boolean keepBasis;
    private final double[] startNorms;
    private final boolean[] active;
    private final double[] tNorm;
    /** First column of each panel, and B at the end (length panels + 1). */
    private final int[] panelStart;
    /** Per panel, n x width interleaved: q_{j-1}, q_j. */
    private double[][] qPrev;
    private double[][] q;
    /** Free n x width buffers for the next w (the old q_{j-1}) when the basis is not kept. */
    private double[][] spare;
    private final double[] betaPrev;
    private final List<double[][]> basis = new ArrayList<>();
    private int step;
    private long matvecs;

    /**
     * @param a          symmetric operator of order n
     * @param starts     B starting vectors, n x B interleaved (entry (i, b) at i * B + b); a zero column is
     *                   inactive from the start
     * @param blockSize  B >= 1
     * @param reorth     NONE or FULL (FULL keeps the basis)
     * @param keepBasis  keep q_1..q_k (needed for gradients on the matrix and for f(A) v)
     * @throws IllegalArgumentException if the length is not n * B or an entry is not finite
     */
    public InMemoryLanczos(SymmetricOperator a, double[] starts, int blockSize, Reorthogonalization reorth,
                           boolean keepBasis) {
        this.a = a;
        this.n = a.dimension();
        this.bs = blockSize;
        if (blockSize < 1 || starts.length != (long) n * blockSize) {
            throw new IllegalArgumentException("expected B >= 1 and n * B = " + ((long) n * blockSize)
                    + " starting entries, got B = " + blockSize + " and " + starts.length);
        }
        this.reorth = reorth;
        this.keepBasis = keepBasis || reorth == Reorthogonalization.FULL;
        this.startNorms = new double[bs];
        this.active = new boolean[bs];
        this.tNorm = new double[bs];
        this.betaPrev = new double[bs];
        for (int i = 0; i < starts.length; i++) {
            if (!Double.isFinite(starts[i])) {
                throw new IllegalArgumentException("starting vector " + (i % bs) + " has entry " + (i / bs)
                        + " = " + starts[i] + "; expected finite");
            }
        }
        this.panelStart = panels(bs);
        int panels = panelStart.length - 1;
        double[] sq = new double[bs];
        for (int i = 0; i < n; i++) {
            int o = i * bs;
            for (int b = 0; b < bs; b++) {
                sq[b] += starts[o + b] * starts[o + b];
            }
        }
        for (int b = 0; b < bs; b++) {
            startNorms[b] = Math.sqrt(sq[b]);
            active[b] = startNorms[b] > 0;
        }
        this.q = new double[panels][];
        this.qPrev = new double[panels][];
        this.spare = new double[panels][];
        for (int c = 0; c < panels; c++) {
            int from = panelStart[c];
            int width = panelStart[c + 1] - from;
            double[] qc = new double[n * width];
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < width; b++) {
                    int g = from + b;
                    qc[i * width + b] = active[g] ? starts[i * bs + g] / startNorms[g] : 0.0;
                }
            }
            q[c] = qc;
            qPrev[c] = new double[n * width];
        }
    }

    /** Panel boundaries for a block of B columns: {0, 8, 16, ..., B}, the last panel 3..10 wide. */
    static int[] panels(int blockSize) {
        if (blockSize <= PANEL_MAX) {
            return new int[] {0, blockSize};
        }
        int full = blockSize / PANEL;
        int rest = blockSize % PANEL;
        int count = rest == 0 || rest > 2 ? full + (rest == 0 ? 0 : 1) : full;
        int[] start = new int[count + 1];
        for (int c = 0; c < count; c++) {
            start[c] = c * PANEL;
        }
        start[count] = blockSize;
        return start;
    }

    @Override
    public int blockSize() {
        return bs;
    }

    @Override
    public double[] startNorms() {
        return startNorms.clone();
    }

    @Override
    public long matvecs() {
        return matvecs;
    }

    @Override
    public LanczosStep step() {
        step++;
        int panels = q.length;
        if (keepBasis) {
            basis.add(q); // q's panels are never written again: they become qPrev, and kept vectors are never reused
        }
        double[][] w = new double[panels][];
        double[] alphas = new double[bs];
        double[] betas = new double[bs];
        for (int c = 0; c < panels; c++) {
            int from = panelStart[c];
            int width = panelStart[c + 1] - from;
            w[c] = keepBasis || spare[c] == null ? new double[n * width] : spare[c];
            // pass 1, fused with the product: w = A q_j - beta_{j-1} q_{j-1}, alpha_j = q_j . w
            double[] pa = new double[width];
            a.applyLanczos(q[c], qPrev[c], Arrays.copyOfRange(betaPrev, from, from + width), w[c], width, pa);
            System.arraycopy(pa, 0, alphas, from, width);
            // pass 2: w -= alpha_j q_j, and ||w||^2 (fused)
            subtractAlpha(q[c], w[c], pa, betas, from, width);
        }
        for (int b = 0; b < bs; b++) {
            if (active[b]) {
                matvecs++;
            }
        }
        if (reorth == Reorthogonalization.FULL) {
            orthogonalizeAgainstBasis(w);
            orthogonalizeAgainstBasis(w);
            betas = columnDots(w, w);
        }
        boolean[] took = LanczosRecurrence.closeStep(alphas, betas, betaPrev, tNorm, active);
        // pass 3: q_{j+1} = w / beta_j, in place
        for (int c = 0; c < panels; c++) {
            divideBeta(w[c], betas, panelStart[c], panelStart[c + 1] - panelStart[c]);
        }
        spare = keepBasis ? new double[panels][] : qPrev;
        qPrev = q;
        q = w;
        for (int b = 0; b < bs; b++) {
            betaPrev[b] = active[b] ? betas[b] : 0.0;
        }
        boolean[] finished = new boolean[bs];
        for (int b = 0; b < bs; b++) {
            finished[b] = !active[b];
        }
        return new LanczosStep(step, alphas, betas, took, finished);
    }

    /** w -= alpha q on one panel (columns from..from+width-1), with ||w||^2 into betas[from..]. */
    private void subtractAlpha(double[] q, double[] w, double[] alphas, double[] betas, int from, int width) {
        if (width == 1) { // the same operations in the same order, without the inner loop (JIT: no per-row overhead)
            double a0 = alphas[0];
            double s0 = 0.0;
            for (int i = 0; i < n; i++) {
                double x = w[i] - a0 * q[i];
                w[i] = x;
                s0 += x * x;
            }
            betas[from] = s0;
        } else if (width == 2) {
            double a0 = alphas[0];
            double a1 = alphas[1];
            double s0 = 0.0;
            double s1 = 0.0;
            for (int i = 0; i < 2 * n; i += 2) {
                double x0 = w[i] - a0 * q[i];
                double x1 = w[i + 1] - a1 * q[i + 1];
                w[i] = x0;
                w[i + 1] = x1;
                s0 += x0 * x0;
                s1 += x1 * x1;
            }
            betas[from] = s0;
            betas[from + 1] = s1;
        } else {
            double[] s = new double[width];
            for (int i = 0; i < n; i++) {
                int o = i * width;
                for (int b = 0; b < width; b++) {
                    double x = w[o + b] - alphas[b] * q[o + b];
                    w[o + b] = x;
                    s[b] += x * x;
                }
            }
            System.arraycopy(s, 0, betas, from, width);
        }
    }

    /** w / beta on one panel; inactive columns (after this step's breakdown test) become 0. */
    private void divideBeta(double[] w, double[] betas, int from, int width) {
        if (width == 1 && active[from]) {
            double b0 = betas[from];
            for (int i = 0; i < n; i++) {
                w[i] = w[i] / b0;
            }
        } else if (width == 2 && active[from] && active[from + 1]) {
            double b0 = betas[from];
            double b1 = betas[from + 1];
            for (int i = 0; i < 2 * n; i += 2) {
                w[i] = w[i] / b0;
                w[i + 1] = w[i + 1] / b1;
            }
        } else {
            for (int i = 0; i < n; i++) {
                int o = i * width;
                for (int b = 0; b < width; b++) {
                    w[o + b] = active[from + b] ? w[o + b] / betas[from + b] : 0.0;
                }
            }
        }
    }

    /** w -= Q (Q^T w), column by column, over the stored basis (classical Gram-Schmidt, one pass). */
    private void orthogonalizeAgainstBasis(double[][] w) {
        double[][] coeff = new double[basis.size()][];
        for (int j = 0; j < basis.size(); j++) {
            coeff[j] = columnDots(basis.get(j), w);
        }
        for (int j = 0; j < basis.size(); j++) {
            double[][] qj = basis.get(j);
            double[] cf = coeff[j];
            for (int c = 0; c < w.length; c++) {
                int from = panelStart[c];
                int width = panelStart[c + 1] - from;
                double[] wc = w[c];
                double[] qc = qj[c];
                for (int i = 0; i < n; i++) {
                    int o = i * width;
                    for (int b = 0; b < width; b++) {
                        wc[o + b] -= cf[from + b] * qc[o + b];
                    }
                }
            }
        }
    }

    /** Per column, x . y over the panels. */
    private double[] columnDots(double[][] x, double[][] y) {
        double[] s = new double[bs];
        for (int c = 0; c < x.length; c++) {
            int from = panelStart[c];
            int width = panelStart[c + 1] - from;
            double[] xc = x[c];
            double[] yc = y[c];
            for (int i = 0; i < n; i++) {
                int o = i * width;
                for (int b = 0; b < width; b++) {
                    s[from + b] += xc[o + b] * yc[o + b];
                }
            }
        }
        return s;
    }

    /** Steps taken so far. */
    public int steps() {
        return step;
    }

    /**
     * The first {@code k} basis vectors of column b as an n x k row-major array (entry (i, j) at i * k + j).
     *
     * @throws IllegalStateException if the basis was not kept or fewer than k steps were taken
     */
    public double[] basis(int column, int k) {
        if (!keepBasis || k > basis.size()) {
            throw new IllegalStateException("basis of " + k + " vectors requested, but "
                    + (keepBasis ? basis.size() + " were kept" : "the basis was not kept"));
        }
        int c = 0;
        while (panelStart[c + 1] <= column) {
            c++;
        }
        int width = panelStart[c + 1] - panelStart[c];
        int b = column - panelStart[c];
        double[] out = new double[n * k];
        // transposed in blocks of rows, so that the block of out being written (TILE x k doubles) stays in cache
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j = 0; j < k; j++) {
                double[] qj = basis.get(j)[c];
                for (int i = i0; i < i1; i++) {
                    out[i * k + j] = qj[i * width + b];
                }
            }
        }
        return out;
    }
}
