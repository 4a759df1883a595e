package org.matfun.spark.matrix;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The interleaved real embedding of a complex Hermitian A = X + iY of order n (issue 14, the block-row plan for
 * complex operators): the real symmetric M of order 2n with, for every stored A_pq,
 * <pre>
 *   M[2p, 2q] = X_pq     M[2p, 2q+1] = -Y_pq
 *   M[2p+1, 2q] = Y_pq   M[2p+1, 2q+1] = X_pq
 * </pre>
 * (on the diagonal only M[2p, 2p] = M[2p+1, 2p+1] = A_pp: Y_pp = 0). M is symmetric because A is Hermitian
 * (M[2q, 2p+1] = -Y_qp = Y_pq = M[2p+1, 2q]); for z in C^n with the interleaved real vector x (x[2i] = Re z_i,
 * x[2i+1] = Im z_i), M x is the interleaved A z, and x . y = Re(z^H w). The real Lanczos recurrence on M from x
 * therefore takes exactly the steps of the complex Hermitian recurrence on A from z (whose alphas Re(q^H A q) and
 * betas are real): the same T_k, and basis vectors that are the interleaved complex ones, the layout of core's
 * {@link HermitianCsrMatrix} and {@code HermitianLanczos}. The embedding is the real block form [[X, -Y], [Y, X]]
 * of docs/hermitian.md's dense reference with rows and columns permuted so that the pair (2p, 2p + 1) is entry p.
 *
 * <p>Stored entries of M: 4 per stored off-diagonal A_pq (explicit zeros kept when X_pq or Y_pq is 0: they are the
 * positions the edge gradient reads) and 2 per stored diagonal entry, so {@link #entries(HermitianCsrMatrix)}
 * ~ 4 nnz(A). Block boundaries are at even rows (a pair never straddles two blocks), balanced by M's entries; the
 * halo pattern is A's with every node doubled, so a halo exchange moves 16 bytes per halo node and vector
 * (twice the real pattern's 8).
 *
 * <p>Cost of {@link #load}: the arrays of A are broadcast once and each of P tasks emits its rows' entries; no
 * shuffle here (the {@link DistributedCsr} build does its two).
 */
public final class HermitianEmbedding {

    private HermitianEmbedding() {
    }

    /** Stored entries of M: 4 per off-diagonal stored entry of A, 2 per diagonal one. */
    public static long entries(HermitianCsrMatrix a) {
        int n = a.dimension();
        int diagonal = 0;
        for (int p = 0; p < n; p++) {
            if (a.position(p, p) >= 0) {
                diagonal++;
            }
        }
        return 4L * (a.nonzeros() - diagonal) + 2L * diagonal;
    }

    /**
     * Row boundaries of M for P blocks: even rows, about entries(A) / P stored entries of M per block (empty
     * blocks when P exceeds n).
     *
     * @param a          A of order n
     * @param partitions P >= 1
     * @return length P + 1, from 0 to 2 n, nondecreasing, all even
     * @throws IllegalArgumentException if P < 1
     */
    public static long[] rowStarts(HermitianCsrMatrix a, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + "; expected >= 1");
        }
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        long[] weight = new long[n];
        long total = 0;
        for (int p = 0; p < n; p++) {
            long w = 0;
            for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                w += col[e] == p ? 2 : 4;
            }
            weight[p] = w;
            total += w;
        }
        long[] starts = new long[partitions + 1];
        starts[partitions] = 2L * n;
        long cumulative = 0;
        int next = 1;
        for (int p = 0; p < n && next < partitions; p++) {
            cumulative += weight[p];
            while (next < partitions && cumulative * partitions >= (long) next * total) {
                starts[next++] = 2L * (p + 1);
            }
        }
        while (next < partitions) {
            starts[next++] = 2L * n;
        }
        return starts;
    }

    /**
     * M as a {@link LoadedMatrix} (entries generated on the executors from a broadcast of A's arrays; the
     * identifier map is the identity on 0..2n-1 and is not used by {@link DistributedCsr}).
     *
     * @param sc         the context
     * @param a          A of order n
     * @param source     name for messages and the cached RDDs
     * @param partitions number of tasks emitting the entries
     * @return M of order 2n with {@link #entries(HermitianCsrMatrix)} stored entries, not cached
     */
    public static LoadedMatrix load(JavaSparkContext sc, HermitianCsrMatrix a, String source, int partitions) {
        int n = a.dimension();
        Broadcast<Object[]> b = sc.broadcast(new Object[] {a.rowPointers(), a.columnIndices(), a.realParts(),
            a.imaginaryParts()});
        int tasks = Math.max(1, Math.min(partitions, n));
        List<int[]> ranges = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            ranges.add(new int[] {(int) ((long) t * n / tasks), (int) ((long) (t + 1) * n / tasks)});
        }
        JavaRDD<MatrixEntry> entries = sc.parallelize(ranges, tasks).flatMap(r -> {
            Object[] d = b.value();
            int[] ptr = (int[]) d[0];
            int[] col = (int[]) d[1];
            double[] re = (double[]) d[2];
            double[] im = (double[]) d[3];
            List<MatrixEntry> out = new ArrayList<>();
            for (int p = r[0]; p < r[1]; p++) {
                for (int e = ptr[p]; e < ptr[p + 1]; e++) {
                    long q = col[e];
                    out.add(new MatrixEntry(2L * p, 2 * q, re[e]));
                    out.add(new MatrixEntry(2L * p + 1, 2 * q + 1, re[e]));
                    if (q != p) {
                        out.add(new MatrixEntry(2L * p, 2 * q + 1, -im[e]));
                        out.add(new MatrixEntry(2L * p + 1, 2 * q, im[e]));
                    }
                }
            }
            return out.iterator();
        });
        JavaPairRDD<Long, Long> ids = sc.parallelizePairs(new ArrayList<scala.Tuple2<Long, Long>>(), 1);
        return new LoadedMatrix(source + " (real embedding of order 2n)", 2L * n, entries(a), entries, ids, false);
    }

    /**
     * The starting block on M's row blocks: the interleaved complex starts of core's
     * {@code HermitianBilinearForm.Polarization} (entry (i, r): re at 2 (i B + r), im at 2 (i B + r) + 1) as a real
     * 2n x B block, row 2i + c, column r = starts[2 (i B + r) + c] (c = 0 the real part, 1 the imaginary part). One
     * {@link BlockVector} per row block of {@code matrix}, aligned with its blocks (a map of them: no shuffle).
     *
     * @param sc     the context (the starts are broadcast: 16 n B bytes)
     * @param matrix M's row blocks
     * @param starts complex starts, 2 n B doubles
     * @param width  B
     */
    public static JavaRDD<BlockVector> starts(JavaSparkContext sc, DistributedCsr matrix, double[] starts,
                                              int width) {
        Broadcast<double[]> s = sc.broadcast(starts);
        return matrix.blocks().map(blk -> {
            double[] z = s.value();
            int rows = blk.rows();
            long first = blk.rowStart();
            double[] x = new double[rows * width];
            for (int i = 0; i < rows; i++) {
                long row = first + i;
                long node = row / 2;
                int part = (int) (row % 2);
                for (int r = 0; r < width; r++) {
                    x[i * width + r] = z[(int) (2 * (node * width + r) + part)];
                }
            }
            return new BlockVector(blk.block(), width, x);
        });
    }
}
