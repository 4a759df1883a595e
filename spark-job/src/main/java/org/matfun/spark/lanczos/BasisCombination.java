package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaRDD;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lanczos vector approximations x_r = Q_r y_r (DESIGN 2.2: f(A) v ~= ||v|| Q_k f(T_k) e_1) from the basis kept on
 * the executors: one narrow map over the cached block states, no shuffle; the driver ships only the k_r
 * coefficients y_r. Cost: O(n sum_r k_r) flops; memory one rows x B array per block.
 */
public final class BasisCombination {

    private BasisCombination() {
    }

    /**
     * @param lanczos a recurrence started with keepBasis
     * @param y       y[r] = coefficients of column r's basis vectors q_1..q_{k_r} (length at most the steps kept);
     *                an empty array gives a zero column
     * @return per row block, a {@link BlockVector} of width B with x[i * B + r] = sum_a basis[a][i * B + r] y[r][a]
     * @throws IllegalArgumentException if y has not one entry per column, or the basis was not kept
     */
    public static JavaRDD<BlockVector> combine(DistributedLanczos lanczos, double[][] y) {
        int bs = lanczos.blockSize();
        if (y.length != bs) {
            throw new IllegalArgumentException("expected " + bs + " coefficient vectors, got " + y.length);
        }
        double[][] coefficients = y.clone();
        return lanczos.states().map(s -> {
            if (s.basis == null) {
                throw new IllegalArgumentException("the Lanczos basis was not kept (start with keepBasis)");
            }
            double[] x = new double[s.rows * bs];
            for (int r = 0; r < bs; r++) {
                double[] c = coefficients[r];
                int k = Math.min(c.length, s.basis.length);
                for (int a = 0; a < k; a++) {
                    double ca = c[a];
                    double[] q = s.basis[a];
                    for (int i = 0; i < s.rows; i++) {
                        x[i * bs + r] += q[i * bs + r] * ca;
                    }
                }
            }
            return new BlockVector(s.block, bs, x);
        });
    }

    /**
     * The kept basis rows of the given nodes, for G_pq at positions that are not stored (candidate edges).
     * One narrow job; the driver receives (number of rows) x (steps) x B doubles.
     *
     * @param matrix  A (its row blocks, aligned with the states)
     * @param lanczos a recurrence on {@code matrix} started with keepBasis
     * @param rows    global row indices
     * @return per requested row, (row, values) with values[a * B + r] = q_{a+1}[row] of column r, a < steps kept
     * @throws IllegalArgumentException if the basis was not kept
     */
    public static List<Tuple2<Long, double[]>> rows(DistributedCsr matrix, DistributedLanczos lanczos, long[] rows) {
        int bs = lanczos.blockSize();
        long[] sorted = rows.clone();
        Arrays.sort(sorted);
        return matrix.blocks().zipPartitions(lanczos.states(), (bi, si) -> {
            CsrBlock b = bi.next();
            LanczosBlockState s = si.next();
            if (s.basis == null) {
                throw new IllegalArgumentException("the Lanczos basis was not kept (start with keepBasis)");
            }
            List<Tuple2<Long, double[]>> out = new ArrayList<>();
            int from = lowerBound(sorted, b.rowStart());
            for (int j = from; j < sorted.length && sorted[j] < b.rowStart() + b.rows(); j++) {
                if (j > from && sorted[j] == sorted[j - 1]) {
                    continue;
                }
                int i = (int) (sorted[j] - b.rowStart());
                double[] v = new double[s.basis.length * bs];
                for (int a = 0; a < s.basis.length; a++) {
                    System.arraycopy(s.basis[a], i * bs, v, a * bs, bs);
                }
                out.add(new Tuple2<>(sorted[j], v));
            }
            return out.iterator();
        }).collect();
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
