package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.spark.matrix.BlockPartitioner;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Entries exp(beta A)_pq of a nonnegative matrix (A >= 0 entrywise, beta >= 0) by the Taylor series of
 * exp(beta A) e_q, distributed: X_k = (beta / k) A X_{k-1}, S_k = S_{k-1} + X_k for a block of B columns e_q, one
 * Spark job per term (one halo exchange of B-wide entries, one SpMM, as a Lanczos step). Every term is
 * nonnegative, so each entry, however small next to the column's largest, is summed without cancellation:
 * relative error ~ (number of terms) x eps, where polarization and Lanczos lose entries below eps x ||exp(beta A)||.
 *
 * <p>IMPLEMENTATION NOTES: each column carries a power-of-two scale (exact): when its largest partial sum exceeds
 * 2^200 the column (terms and sums) is multiplied by 2^-e in the next job and e ln 2 is added to its log scale
 * (DESIGN 2.6), so exp(beta lambda_max) beyond the double range is fine; an entry more than ~2^-1000 below its
 * column's largest underflows (not seen on real graphs at beta = 1: power grid pairs are 1e-32 of their columns).
 * Per job the driver collects, per column, the largest sum and the count of nonzero sums, and the (term, sum) of
 * the wanted entries (a few doubles per pair). A wanted entry has converged when the whole remaining tail of its
 * series is provably below
 * tol / 100 of its sum. With L = ||A||_inf (largest row sum, A >= 0), every entry of the next term is at most
 * rho = beta L / (k + 1) times the column's largest entry of the current term, so for rho < 1 the tail of every
 * entry of the column is at most maxTerm rho / (1 - rho). (A test on the entry's own last terms is not enough:
 * they can fall off before the walks through a distant dense part of the graph reach the entry; a review found
 * 1.378 returned for a true 2.87e17 that way.) An entry is exactly 0 (INVARIANT_SUBSPACE) when its sum is 0 and
 * the column's support stopped growing (the component of q is covered and p is not in it).
 * Cost: about beta ||A||_inf + 6 sqrt(beta ||A||_inf) jobs: the largest degree, not lambda_max, sets it (~1,250
 * terms on facebook_combined, largest degree 1,045), against ~30 Lanczos steps; use it for the pairs that need it.
 */
final class TaylorPairs {

    private static final double LN2 = Math.log(2.0);
    /** A column is rescaled when its largest partial sum exceeds 2^RESCALE_ABOVE. */
    private static final int RESCALE_ABOVE = 200;

    private TaylorPairs() {
    }

    /**
     * One job over the row blocks: {smallest stored value, ||A||_inf = largest sum of |values| over the rows}.
     * The series is cancellation-free only when the first is >= 0; the second bounds the growth of its terms.
     */
    static double[] bounds(DistributedCsr a) {
        return a.blocks().map(b -> new double[]{b.minValue(), b.maxAbsRowSum()})
                .reduce((x, y) -> new double[]{Math.min(x[0], y[0]), Math.max(x[1], y[1])});
    }

    /** Receives the term number and the number of wanted entries done. */
    interface Progress {
        void onTerm(int term, int done, int wanted);
    }

    /** Entries, in the order of the wanted rows, and the number of terms (Spark jobs) used. */
    record Result(List<BatchQuadrature.ItemResult> entries, int terms, long matvecs) implements java.io.Serializable {
    }

    /**
     * @param a        the nonnegative operator
     * @param columns  the nodes q (global row indices), B = columns.length
     * @param rows     per wanted entry, its row p
     * @param column   per wanted entry, its column (index into {@code columns})
     * @param beta     >= 0
     * @param tol      relative tolerance; entries are summed until their tail bound is <= tol / 100 of the sum
     * @param rowSumBound ||A||_inf = the largest row sum of A (>= 0), from {@link #bounds}
     * @param maxTerms term budget
     * @param progress called after every term (may be null)
     * @throws IllegalArgumentException if beta < 0, or a wanted entry is on the diagonal (p == q)
     * @throws IllegalStateException    if a column's partial sums overflow the double range
     */
    static Result run(DistributedCsr a, long[] columns, long[] rows, int[] column, double beta, double tol,
                      double rowSumBound, int maxTerms, Progress progress) {
        check(columns, rows, column, beta);
        return run(new DistributedTerms(a, columns, rows, column), columns, rows, column, beta, tol, rowSumBound,
                Double.POSITIVE_INFINITY, maxTerms, progress);
    }

    /**
     * The same series on one machine (the run-parallel mode, DESIGN 3.1b): the B columns advance together in
     * memory, one block product with the core CSR/SELL kernels per term.
     *
     * @param radiusBound a guaranteed upper bound on the spectral radius of A ({@code SpectralRadiusBound}), or
     *                    +infinity; it adds the 2-norm tail bound (see {@link #run(Terms, long[], long[], int[],
     *                    double, double, double, double, int, Progress)})
     */
    static Result runInMemory(CsrMatrix a, long[] columns, long[] rows, int[] column, double beta, double tol,
                              double rowSumBound, double radiusBound, int maxTerms) {
        check(columns, rows, column, beta);
        return run(new InMemoryTerms(a, columns, rows, column), columns, rows, column, beta, tol, rowSumBound,
                radiusBound, maxTerms, null);
    }

    private static void check(long[] columns, long[] rows, int[] column, double beta) {
        if (beta < 0) {
            throw new IllegalArgumentException("the Taylor pair method needs beta >= 0 (got " + beta + ")");
        }
        for (int j = 0; j < rows.length; j++) {
            if (rows[j] == columns[column[j]]) {
                throw new IllegalArgumentException("the Taylor pair method computes off-diagonal entries only (p == q = "
                        + rows[j] + ")");
            }
        }
    }

    /**
     * The terms of the series for B columns: each {@link #next} forms X_k = c f_r A X_{k-1} and S_k = f_r S_{k-1} + X_k
     * (f_r the column's rescaling factor, c = beta / k) and returns the statistics the stopping rule needs, laid out
     * as [largest sum per column (B) | count of nonzero sums per column (B) | (term, sum) per wanted entry (2 m) |
     * largest term entry per column (B) | sum of squared term entries per column (B)].
     */
    interface Terms {
        double[] next(double c, double[] factor);

        void release();
    }

    /**
     * The driver of the series (the stopping rule and the rescaling), whatever computes the terms. With
     * rho = beta ||A||_inf / (k + 1) < 1 every entry of the remaining tail of a column is at most
     * maxTerm rho / (1 - rho); with a guaranteed R >= ||A||_2 (A symmetric) and r = beta R / (k + 1) < 1 it is also at
     * most ||X_k||_2 r / (1 - r) (each entry of a nonnegative vector is at most its 2-norm, and
     * ||X_{i+1}||_2 <= beta R / (i + 1) ||X_i||_2). The smaller bound is used; the second one needs about
     * beta lambda_max + O(sqrt) terms instead of beta ||A||_inf + O(sqrt) (the largest degree).
     */
    static Result run(Terms terms, long[] columns, long[] rows, int[] column, double beta, double tol,
                      double rowSumBound, double radiusBound, int maxTerms, Progress progress) {
        int bs = columns.length;
        int m = rows.length;
        long[] qs = columns.clone();
        int[] wantCols = column.clone();
        double[] logScale = new double[bs];
        double[] factor = new double[bs];
        Arrays.fill(factor, 1.0);
        long[] support = new long[bs];
        Arrays.fill(support, 1);
        double[] sum = new double[m];
        double[] ratio = new double[m];
        Arrays.fill(ratio, Double.POSITIVE_INFINITY);
        Termination[] done = new Termination[m];
        int[] doneAt = new int[m];
        int finished = 0;
        int k = 0;
        long matvecs = 0;
        while (finished < m && k < maxTerms) {
            k++;
            double[] total = terms.next(beta / k, factor.clone());
            matvecs += bs;
            int mt = 2 * bs + 2 * m;
            // every entry of the later terms of a column: at most rho^i times this term's largest (A >= 0)
            double rho = beta * rowSumBound / (k + 1);
            double r2 = beta * radiusBound / (k + 1);
            for (int r = 0; r < bs; r++) {
                logScale[r] -= Math.log(factor[r]);
            }
            long[] supportNow = new long[bs];
            for (int r = 0; r < bs; r++) {
                supportNow[r] = (long) total[bs + r];
                double max = total[r];
                if (!Double.isFinite(max)) {
                    throw new IllegalStateException("Taylor term " + k + ", column of node index " + qs[r]
                            + ": the partial sums overflow the double range");
                }
                int e = Math.getExponent(max);
                factor[r] = max > 0 && e > RESCALE_ABOVE ? Math.scalb(1.0, -e) : 1.0;
            }
            for (int j = 0; j < m; j++) {
                if (done[j] != null) {
                    continue;
                }
                double s = total[2 * bs + 2 * j + 1];
                int r = wantCols[j];
                double tail = rho < 1 ? total[mt + r] * rho / (1 - rho) : Double.POSITIVE_INFINITY;
                if (r2 < 1) {
                    tail = Math.min(tail, Math.sqrt(total[mt + bs + r]) * r2 / (1 - r2));
                }
                double rt = s > 0 ? tail / s : Double.POSITIVE_INFINITY;
                if (s > 0 && rt <= tol / 100) {
                    done[j] = Termination.CONVERGED;
                } else if (s == 0 && supportNow[r] == support[r]) {
                    done[j] = Termination.INVARIANT_SUBSPACE;
                    rt = 0.0;
                }
                sum[j] = s;
                ratio[j] = rt;
                if (done[j] != null) {
                    doneAt[j] = k;
                    finished++;
                }
            }
            support = supportNow;
            if (progress != null) {
                progress.onTerm(k, finished, m);
            }
        }
        terms.release();
        List<BatchQuadrature.ItemResult> out = new ArrayList<>(m);
        double eps = Math.ulp(1.0);
        for (int j = 0; j < m; j++) {
            Termination t = done[j] != null ? done[j] : Termination.STEP_BUDGET;
            int steps = done[j] != null ? doneAt[j] : k;
            out.add(new BatchQuadrature.ItemResult(new ScaledValue(sum[j], logScale[wantCols[j]]), ratio[j], t, steps,
                    16 * eps * steps, Double.NaN));
        }
        return new Result(out, k, matvecs);
    }

    /**
     * The per-column statistics of one row range of the state [term (rows x B) | sum (rows x B)] (the wanted entries'
     * slots left 0 for the caller): largest sum, count of nonzero sums, largest term entry, sum of squared terms.
     */
    static double[] statistics(double[] v, int rows, int bs, int m) {
        double[] s = new double[2 * bs + 2 * m + 2 * bs];
        int mt = 2 * bs + 2 * m;
        for (int i = 0; i < rows; i++) {
            for (int r = 0; r < bs; r++) {
                double x = v[rows * bs + i * bs + r];
                s[r] = Math.max(s[r], x);
                if (x != 0.0) {
                    s[bs + r]++;
                }
                double t = v[i * bs + r];
                s[mt + r] = Math.max(s[mt + r], t);
                s[mt + bs + r] += t * t;
            }
        }
        return s;
    }

    /** Combines the statistics of the row blocks: maxima of the largest entries, sums of the rest. */
    static double[] combine(List<double[]> parts, int bs, int m) {
        int mt = 2 * bs + 2 * m;
        double[] total = new double[mt + 2 * bs];
        for (double[] s : parts) {
            for (int r = 0; r < bs; r++) {
                total[r] = Math.max(total[r], s[r]);
                total[bs + r] += s[bs + r];
                total[mt + r] = Math.max(total[mt + r], s[mt + r]);
                total[mt + bs + r] += s[mt + bs + r];
            }
            for (int j = 2 * bs; j < mt; j++) {
                total[j] += s[j];
            }
        }
        return total;
    }
}
