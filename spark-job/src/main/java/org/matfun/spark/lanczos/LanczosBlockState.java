package org.matfun.spark.lanczos;

import java.io.Serializable;

/**
 * The Lanczos state of one row block after job J_t (rows x B arrays, row-major interleaved):
 * q = q_t (normalized), w = the raw next direction (beta_t q_{t+1}), z = A w, the basis q_1..q_t when kept,
 * and this block's share of the reduction [w.w, w.z, w.q] per column.
 *
 * <p>IMPLEMENTATION NOTES (pipelined form of DESIGN 2.1, one reduction per step): with q_t = w_{t-1} / beta_{t-1}
 * and A q_t = z_{t-1} / beta_{t-1}, the next direction is w_t = A q_t - alpha_t q_t - beta_{t-1} q_{t-1};
 * the driver gets beta_t = sqrt(w_t . w_t) and alpha_{t+1} = (w_t . z_t) / beta_t^2 - w_t . q_t from the same
 * reduction, which is the classical alpha_{t+1} = q_{t+1} . (A q_{t+1} - beta_t q_t).
 */
public final class LanczosBlockState implements Serializable {

    private static final long serialVersionUID = 1L;

    final int block;
    final int rows;
    final int width;
    final double[] q;
    final double[] w;
    final double[] z;
    final double[][] basis;
    final double[] partials;

    LanczosBlockState(int block, int rows, int width, double[] q, double[] w, double[] z, double[][] basis,
                      double[] partials) {
        this.block = block;
        this.rows = rows;
        this.width = width;
        this.q = q;
        this.w = w;
        this.z = z;
        this.basis = basis;
        this.partials = partials;
    }

    /** The row block this state belongs to. */
    public int block() {
        return block;
    }

    /** The state before J_0: w = the starting block. */
    static LanczosBlockState initial(int block, int rows, int width, double[] start, boolean keepBasis) {
        return new LanczosBlockState(block, rows, width, new double[rows * width], start, null,
                keepBasis ? new double[0][] : null, null);
    }

    /** q_t, w_t and the basis q_1..q_t of job J_t, computed from this state (J_{t-1}'s) and the scalars. */
    Prepared prepare(StepScalars s) {
        if (s.initial) {
            return new Prepared(q, w, basis);
        }
        int n = rows * width;
        double[] qt = new double[n];
        double[] wt = new double[n];
        for (int i = 0; i < rows; i++) {
            int o = i * width;
            for (int b = 0; b < width; b++) {
                double ib = s.inverseBeta[b];
                double qn = w[o + b] * ib;
                qt[o + b] = qn;
                wt[o + b] = z[o + b] * ib - s.alpha[b] * qn - s.betaPrevious[b] * q[o + b];
            }
        }
        double[][] nb = null;
        if (basis != null) {
            nb = java.util.Arrays.copyOf(basis, basis.length + 1);
            nb[basis.length] = qt;
        }
        for (double[] c : s.corrections) {
            subtractProjection(nb, c, wt);
        }
        return new Prepared(qt, wt, nb);
    }

    /**
     * Row i of w_t, written to out[offset .. offset + B): the same arithmetic, in the same order, as
     * {@link #prepare} for that row, so the halo values sent equal the rows the owner multiplies with, bit for bit.
     * The halo stage of a step needs only the rows other blocks request; forming just those (O(halo B), plus
     * O(t B) per row with full reorthogonalization) keeps {@link #prepare}'s O(rows B) pass to once per step.
     */
    void directionRow(StepScalars s, int i, double[] out, int offset) {
        int o = i * width;
        if (s.initial) {
            System.arraycopy(w, o, out, offset, width);
            return;
        }
        for (int b = 0; b < width; b++) {
            double ib = s.inverseBeta[b];
            double qn = w[o + b] * ib;
            out[offset + b] = z[o + b] * ib - s.alpha[b] * qn - s.betaPrevious[b] * q[o + b];
        }
        for (double[] c : s.corrections) {
            // basis q_1..q_{t-1} and then q_t (= w_{t-1} / beta_{t-1} at this row), as in subtractProjection
            int t = basis.length;
            for (int j = 0; j <= t; j++) {
                for (int col = 0; col < width; col++) {
                    double qj = j < t ? basis[j][o + col] : w[o + col] * s.inverseBeta[col];
                    out[offset + col] -= c[j * width + col] * qj;
                }
            }
        }
    }

    /** w -= sum_j basis_j c_j (per column). */
    private void subtractProjection(double[][] b, double[] c, double[] wt) {
        for (int j = 0; j < b.length; j++) {
            double[] qj = b[j];
            for (int i = 0; i < rows; i++) {
                int o = i * width;
                for (int col = 0; col < width; col++) {
                    wt[o + col] -= c[j * width + col] * qj[o + col];
                }
            }
        }
    }

    /** Per column, basis_j . w for j = 1..t (length t * B): a Gram-Schmidt coefficient share. */
    static double[] projections(double[][] b, double[] wt, int rows, int width) {
        double[] c = new double[b.length * width];
        for (int j = 0; j < b.length; j++) {
            double[] qj = b[j];
            for (int i = 0; i < rows; i++) {
                int o = i * width;
                for (int col = 0; col < width; col++) {
                    c[j * width + col] += qj[o + col] * wt[o + col];
                }
            }
        }
        return c;
    }

    /** The state after J_t given z_t = A w_t (own rows). */
    LanczosBlockState advance(Prepared p, double[] zt) {
        double[] part = new double[3 * width];
        for (int i = 0; i < rows; i++) {
            int o = i * width;
            for (int b = 0; b < width; b++) {
                double wv = p.w[o + b];
                part[b] += wv * wv;
                part[width + b] += wv * zt[o + b];
                part[2 * width + b] += wv * p.q[o + b];
            }
        }
        return new LanczosBlockState(block, rows, width, p.q, p.w, zt, p.basis, part);
    }

    /** q_t, w_t and the basis of a job, recomputed identically wherever needed (not shipped). */
    record Prepared(double[] q, double[] w, double[][] basis) {
    }
}
