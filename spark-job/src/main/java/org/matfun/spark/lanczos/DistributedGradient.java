package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.core.bilinear.QuadratureRun;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.operator.SparseKernels;
import org.matfun.spark.matrix.BlockPartitioner;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.HaloMessage;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Edge gradients of F = sum_r c_r v_r^T f(A) v_r on a {@link DistributedCsr} (DESIGN 2.3, "cost of all edge
 * gradients"): per block, Z_r = Q_r H_r for its own rows, one halo exchange of the basis rows (width
 * sum_r m_r), then G_pq = sum_r c_r Z_r[p, :] . Q_r[q, :] on every stored nonzero, with core's kernels. Only the
 * m_r = {@link ForwardOnlyGradient#effectiveDimension} leading vectors of run r enter (m_r = k_r unless the run
 * went past convergence). Cost: O(n m^2 + nnz m) flops on the executors, one shuffle of 8 m (halo entries)
 * bytes; the driver only ships the m x m leading blocks of H_r.
 */
public final class DistributedGradient {

    private DistributedGradient() {
    }

    /**
     * @param matrix  A (its blocks)
     * @param lanczos the finished recurrence, started with keepBasis
     * @param runs    the estimator's runs, with H (k_r x k_r) and coefficients; run r is column r of the block
     * @return one {@link EdgeGradient} per stored undirected edge (row <= col)
     */
    public static JavaRDD<EdgeGradient> edges(DistributedCsr matrix, DistributedLanczos lanczos,
                                              List<QuadratureRun> runs) {
        return compute(matrix, lanczos, runs, false).map(Tuple2::_1);
    }

    /**
     * The edge gradient of {@link #edges} together with the spread of the per-run terms: for each edge the sum
     * over runs of x_r = c_r dF_r/dw (bit-identical to {@link #edges}) and M2 = sum_r (x_r - mean_r x_r)^2
     * (Welford's update over the runs, in the same units). For stochastic trace estimation with one run per probe
     * this gives the per-edge sample variance M2 / (B - 1) without any further pass: each run's term is formed
     * separately anyway. Extra cost O(nnz) per run on the executors.
     *
     * @param matrix  A (its blocks)
     * @param lanczos the finished recurrence, started with keepBasis
     * @param runs    the estimator's runs, with H and coefficients
     * @return per stored undirected edge (row <= col): (the block-sum gradient, M2 over the runs)
     */
    public static JavaRDD<Tuple2<EdgeGradient, Double>> edgeMoments(DistributedCsr matrix, DistributedLanczos lanczos,
                                                                    List<QuadratureRun> runs) {
        return compute(matrix, lanczos, runs, true);
    }

    /**
     * The edge gradients of several functions f_1..f_F that share one recurrence (a parameter sweep, issue 14), in
     * one pass over the basis: each run r ships its max_i m_{i,r} leading basis vectors in one halo exchange, and
     * every f_i uses its own leading m_{i,r} of them with its own H. Cost: O(F (n m^2 + nnz m)) flops on the
     * executors, one shuffle of 8 (sum_r max_i m_{i,r}) (halo entries) bytes, the same as the longest single
     * function's.
     *
     * @param matrix  A (its blocks)
     * @param lanczos the finished recurrence, started with keepBasis
     * @param values  per function, its runs (with H and coefficients; run r is column r of the block)
     * @return one {@link EdgeGradients} per stored undirected edge (row <= col), F derivatives each
     */
    public static JavaRDD<EdgeGradients> edgesPerValue(DistributedCsr matrix, DistributedLanczos lanczos,
                                                       List<List<QuadratureRun>> values) {
        int bs = lanczos.blockSize();
        int nv = values.size();
        int nRuns = values.get(0).size();
        int[][] ks = new int[nv][nRuns];
        double[][] coefficients = new double[nv][nRuns];
        double[][][] hs = new double[nv][nRuns][];
        int[] widths = new int[nRuns];
        for (int i = 0; i < nv; i++) {
            for (int r = 0; r < nRuns; r++) {
                QuadratureRun run = values.get(i).get(r);
                double[] h = run.h();
                int k = run.steps();
                ks[i][r] = h == null ? 0 : ForwardOnlyGradient.effectiveDimension(h, k);
                coefficients[i][r] = run.coefficient();
                hs[i][r] = h == null ? new double[0] : ForwardOnlyGradient.leadingBlock(h, k, ks[i][r]);
                widths[r] = Math.max(widths[r], ks[i][r]);
            }
        }
        int[] offsets = new int[nRuns];
        int total = 0;
        for (int r = 0; r < nRuns; r++) {
            offsets[r] = total;
            total += widths[r];
        }
        int width = total;
        return withBasisHalo(matrix, lanczos, widths, offsets).mapPartitions(pi -> {
                    Tuple2<CsrBlock, double[]> p = pi.next();
                    CsrBlock b = p._1();
                    double[] x = p._2();
                    int rows = b.rows();
                    int all = rows + b.haloSize();
                    int nnz = b.nonzeros();
                    double[][] g = new double[nv][nnz];
                    for (int r = 0; r < nRuns; r++) {
                        if (widths[r] == 0) {
                            continue;
                        }
                        double[] q = slice(x, all, width, offsets[r], widths[r]);
                        for (int i = 0; i < nv; i++) {
                            int k = ks[i][r];
                            if (k > 0) {
                                double[] z = ForwardOnlyGradient.timesLeading(q, rows, widths[r], hs[i][r], k);
                                SparseKernels.accumulatePatternGradient(b.rowPointers(), b.columnIndices(), rows, z,
                                        k, q, widths[r], k, coefficients[i][r], g[i]);
                            }
                        }
                    }
                    List<EdgeGradients> out = new ArrayList<>();
                    int[] ptr = b.rowPointers();
                    int[] col = b.columnIndices();
                    for (int i = 0; i < rows; i++) {
                        long gi = b.rowStart() + i;
                        for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                            long gj = b.globalColumn(col[e]);
                            if (gi <= gj) {
                                double[] d = new double[nv];
                                for (int v = 0; v < nv; v++) {
                                    d[v] = gi < gj ? 2.0 * g[v][e] : g[v][e];
                                }
                                out.add(new EdgeGradients(gi, gj, d));
                            }
                        }
                    }
                    return out.iterator();
                });
    }

    private static JavaRDD<Tuple2<EdgeGradient, Double>> compute(DistributedCsr matrix, DistributedLanczos lanczos,
                                                                 List<QuadratureRun> runs, boolean moments) {
        int bs = lanczos.blockSize();
        int nRuns = runs.size();
        int[] ks = new int[nRuns];
        int[] offsets = new int[nRuns];
        double[] coefficients = new double[nRuns];
        List<double[]> hs = new ArrayList<>();
        int total = 0;
        for (int r = 0; r < nRuns; r++) {
            QuadratureRun run = runs.get(r);
            double[] h = run.h();
            int k = run.steps();
            // only the leading basis vectors that carry H to rounding level are shipped and multiplied
            ks[r] = h == null ? k : ForwardOnlyGradient.effectiveDimension(h, k);
            offsets[r] = total;
            total += ks[r];
            coefficients[r] = run.coefficient();
            hs.add(h == null ? new double[0] : ForwardOnlyGradient.leadingBlock(h, k, ks[r]));
        }
        int width = total;
        return withBasisHalo(matrix, lanczos, ks, offsets).mapPartitions(pi -> {
                    Tuple2<CsrBlock, double[]> p = pi.next();
                    CsrBlock b = p._1();
                    double[] x = p._2();
                    int rows = b.rows();
                    int all = rows + b.haloSize();
                    int nnz = b.nonzeros();
                    double[] g = new double[nnz];
                    // moments: each run's term separately (0 + c s is c s exactly, so g is bit-identical), Welford
                    double[] term = moments ? new double[nnz] : null;
                    double[] mean = moments ? new double[nnz] : null;
                    double[] m2 = moments ? new double[nnz] : null;
                    for (int r = 0; r < nRuns; r++) {
                        int k = ks[r];
                        if (k > 0) {
                            double[] q = slice(x, all, width, offsets[r], k);
                            double[] z = ForwardOnlyGradient.timesLeading(q, rows, k, hs.get(r), k);
                            if (moments) {
                                java.util.Arrays.fill(term, 0.0);
                            }
                            SparseKernels.accumulatePatternGradient(b.rowPointers(), b.columnIndices(), rows, z, k,
                                    q, k, k, coefficients[r], moments ? term : g);
                        }
                        if (moments) {
                            for (int e = 0; e < nnz; e++) {
                                double t = k > 0 ? term[e] : 0.0;
                                g[e] += t;
                                double d = t - mean[e];
                                mean[e] += d / (r + 1);
                                m2[e] += d * (t - mean[e]);
                            }
                        }
                    }
                    List<Tuple2<EdgeGradient, Double>> out = new ArrayList<>();
                    int[] ptr = b.rowPointers();
                    int[] col = b.columnIndices();
                    for (int i = 0; i < rows; i++) {
                        long gi = b.rowStart() + i;
                        for (int e = ptr[i]; e < ptr[i + 1]; e++) {
                            long gj = b.globalColumn(col[e]);
                            double spread = moments ? m2[e] : 0.0;
                            if (gi < gj) {
                                out.add(new Tuple2<>(new EdgeGradient(gi, gj, 2.0 * g[e]), 4.0 * spread));
                            } else if (gi == gj) {
                                out.add(new Tuple2<>(new EdgeGradient(gi, gj, g[e]), spread));
                            }
                        }
                    }
                    return out.iterator();
                });
    }

    /**
     * Per block: the block and its rows of the basis followed by its halo rows, row-major with width = sum_r
     * widths[r]; run r's leading widths[r] vectors at columns [offsets[r], offsets[r] + widths[r]). One halo exchange
     * of the basis (the own rows are persisted MEMORY_AND_DISK for the two uses).
     */
    private static JavaRDD<Tuple2<CsrBlock, double[]>> withBasisHalo(DistributedCsr matrix, DistributedLanczos lanczos,
                                                                     int[] widths, int[] offsets) {
        int bs = lanczos.blockSize();
        int nRuns = widths.length;
        int total = 0;
        for (int w : widths) {
            total += w;
        }
        int width = total;
        JavaRDD<BlockVector> own = lanczos.states().map(s -> {
            double[] v = new double[s.rows * width];
            for (int i = 0; i < s.rows; i++) {
                for (int r = 0; r < nRuns; r++) {
                    for (int a = 0; a < widths[r]; a++) {
                        v[i * width + offsets[r] + a] = s.basis[a][i * bs + r];
                    }
                }
            }
            return new BlockVector(s.block, width, v);
        }).persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Tuple2<Integer, HaloMessage>> outgoing = matrix.blocks().zipPartitions(own,
                (bi, oi) -> bi.next().haloMessages(oi.next().values(), width).iterator());
        JavaRDD<HaloMessage> incoming = JavaPairRDD.fromJavaRDD(outgoing)
                .partitionBy(new BlockPartitioner(matrix.partitions())).values();
        return matrix.blocks().zipPartitions(own,
                        (bi, oi) -> Collections.singletonList(new Tuple2<>(bi.next(), oi.next())).iterator())
                .zipPartitions(incoming, (pi, mi) -> {
                    Tuple2<CsrBlock, BlockVector> p = pi.next();
                    CsrBlock b = p._1();
                    return Collections.singletonList(new Tuple2<>(b, b.withHalo(p._2().values(), width, mi)))
                            .iterator();
                });
    }

    /** Columns [offset, offset + k) of a rows x width row-major array, as rows x k. */
    private static double[] slice(double[] x, int rows, int width, int offset, int k) {
        double[] out = new double[rows * k];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(x, i * width + offset, out, i * k, k);
        }
        return out;
    }
}
