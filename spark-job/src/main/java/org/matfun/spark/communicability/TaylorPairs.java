package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.lanczos.Termination;
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
    record Result(List<BatchQuadrature.ItemResult> entries, int terms, long matvecs) {
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
        if (beta < 0) {
            throw new IllegalArgumentException("the Taylor pair method needs beta >= 0 (got " + beta + ")");
        }
        for (int j = 0; j < rows.length; j++) {
            if (rows[j] == columns[column[j]]) {
                throw new IllegalArgumentException("the Taylor pair method computes off-diagonal entries only (p == q = "
                        + rows[j] + ")");
            }
        }
        int bs = columns.length;
        int m = rows.length;
        long[] qs = columns.clone();
        long[] wantRows = rows.clone();
        int[] wantCols = column.clone();
        // state: BlockVector of width bs holding [term (rows x bs) | sum (rows x bs)]
        JavaRDD<BlockVector> state = a.blocks().map(b -> {
            int n = b.rows();
            double[] v = new double[2 * n * bs];
            for (int r = 0; r < bs; r++) {
                long local = qs[r] - b.rowStart();
                if (local >= 0 && local < n) {
                    v[(int) local * bs + r] = 1.0;
                    v[n * bs + (int) local * bs + r] = 1.0;
                }
            }
            return new BlockVector(b.block(), bs, v);
        }).persist(StorageLevel.MEMORY_AND_DISK());
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
        JavaRDD<BlockVector> lastTruncated = null;
        int partitions = a.partitions();
        while (finished < m && k < maxTerms) {
            k++;
            double c = beta / k;
            double[] f = factor.clone();
            JavaRDD<BlockVector> previous = state;
            JavaRDD<Tuple2<Integer, org.matfun.spark.matrix.HaloMessage>> outgoing = a.blocks()
                    .zipPartitions(previous, (bi, si) -> {
                        CsrBlock b = bi.next();
                        double[] v = si.next().values();
                        double[] t = Arrays.copyOf(v, b.rows() * bs);
                        return b.haloMessages(t, bs).iterator();
                    });
            JavaRDD<org.matfun.spark.matrix.HaloMessage> incoming = JavaPairRDD.fromJavaRDD(outgoing)
                    .partitionBy(new BlockPartitioner(partitions)).values();
            JavaRDD<BlockVector> next = a.blocks().zipPartitions(previous,
                            (bi, si) -> Collections.singletonList(new Tuple2<>(bi.next(), si.next())).iterator())
                    .zipPartitions(incoming, (pi, mi) -> {
                        Tuple2<CsrBlock, BlockVector> p = pi.next();
                        CsrBlock b = p._1();
                        double[] v = p._2().values();
                        int n = b.rows();
                        double[] x = b.withHalo(Arrays.copyOf(v, n * bs), bs, mi);
                        double[] z = b.multiply(x, bs);
                        double[] out = new double[2 * n * bs];
                        for (int i = 0; i < n; i++) {
                            for (int r = 0; r < bs; r++) {
                                int at = i * bs + r;
                                double t = c * f[r] * z[at];
                                out[at] = t;
                                out[n * bs + at] = f[r] * v[n * bs + at] + t;
                            }
                        }
                        return Collections.singletonList(new BlockVector(b.block(), bs, out)).iterator();
                    }).persist(StorageLevel.MEMORY_AND_DISK());
            if (k % 10 == 0) {
                next.rdd().localCheckpoint();
            }
            // per column: largest sum, nonzero count; then (term, sum) of each wanted entry in this block
            List<double[]> parts = a.blocks().zipPartitions(next, (bi, si) -> {
                CsrBlock b = bi.next();
                double[] v = si.next().values();
                int n = b.rows();
                double[] s = new double[2 * bs + 2 * m + bs];
                int mt = 2 * bs + 2 * m; // per column, the largest entry of the current term
                for (int i = 0; i < n; i++) {
                    for (int r = 0; r < bs; r++) {
                        double x = v[n * bs + i * bs + r];
                        s[r] = Math.max(s[r], x);
                        if (x != 0.0) {
                            s[bs + r]++;
                        }
                        s[mt + r] = Math.max(s[mt + r], v[i * bs + r]);
                    }
                }
                for (int j = 0; j < m; j++) {
                    long local = wantRows[j] - b.rowStart();
                    if (local >= 0 && local < n) {
                        s[2 * bs + 2 * j] = v[(int) local * bs + wantCols[j]];
                        s[2 * bs + 2 * j + 1] = v[n * bs + (int) local * bs + wantCols[j]];
                    }
                }
                return Collections.singletonList(s).iterator();
            }).collect();
            matvecs += bs;
            if (previous != lastTruncated) {
                previous.unpersist(false);
            }
            if (k % 10 == 0) {
                if (lastTruncated != null) {
                    lastTruncated.unpersist(false);
                }
                lastTruncated = next;
            }
            state = next;
            int mt = 2 * bs + 2 * m;
            double[] total = new double[mt + bs];
            for (double[] s : parts) {
                for (int r = 0; r < bs; r++) {
                    total[r] = Math.max(total[r], s[r]);
                    total[bs + r] += s[bs + r];
                    total[mt + r] = Math.max(total[mt + r], s[mt + r]);
                }
                for (int j = 2 * bs; j < mt; j++) {
                    total[j] += s[j];
                }
            }
            // every entry of the later terms of a column: at most rho^i times this term's largest (A >= 0)
            double rho = beta * rowSumBound / (k + 1);
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
        state.unpersist(false);
        if (lastTruncated != null) {
            lastTruncated.unpersist(false);
        }
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
}
