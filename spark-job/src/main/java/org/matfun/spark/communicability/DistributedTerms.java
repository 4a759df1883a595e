package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.matfun.spark.matrix.BlockPartitioner;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The terms of {@link TaylorPairs} in the block-row mode: one Spark job per term (one halo exchange of B-wide
 * entries, one SpMM per row block, one collect of the statistics per block), state [term | sum] per block cached,
 * lineage truncated every 10 terms.
 */
final class DistributedTerms implements TaylorPairs.Terms {

    private final DistributedCsr a;
    private final int bs;
    private final int m;
    private final long[] wantRows;
    private final int[] wantCols;
    private JavaRDD<BlockVector> state;
    private JavaRDD<BlockVector> lastTruncated;
    private int k;

    DistributedTerms(DistributedCsr a, long[] columns, long[] rows, int[] column) {
        this.a = a;
        this.bs = columns.length;
        this.m = rows.length;
        this.wantRows = rows.clone();
        this.wantCols = column.clone();
        long[] qs = columns.clone();
        int width = bs;
        // state: BlockVector of width bs holding [term (rows x bs) | sum (rows x bs)]
        this.state = a.blocks().map(b -> {
            int n = b.rows();
            double[] v = new double[2 * n * width];
            for (int r = 0; r < width; r++) {
                long local = qs[r] - b.rowStart();
                if (local >= 0 && local < n) {
                    v[(int) local * width + r] = 1.0;
                    v[n * width + (int) local * width + r] = 1.0;
                }
            }
            return new BlockVector(b.block(), width, v);
        }).persist(StorageLevel.MEMORY_AND_DISK());
    }

    @Override
    public double[] next(double c, double[] f) {
        k++;
        int bs = this.bs;
        int m = this.m;
        long[] wantRows = this.wantRows;
        int[] wantCols = this.wantCols;
        JavaRDD<BlockVector> previous = state;
        JavaRDD<Tuple2<Integer, org.matfun.spark.matrix.HaloMessage>> outgoing = a.blocks()
                .zipPartitions(previous, (bi, si) -> {
                    CsrBlock b = bi.next();
                    double[] v = si.next().values();
                    double[] t = Arrays.copyOf(v, b.rows() * bs);
                    return b.haloMessages(t, bs).iterator();
                });
        JavaRDD<org.matfun.spark.matrix.HaloMessage> incoming = JavaPairRDD.fromJavaRDD(outgoing)
                .partitionBy(new BlockPartitioner(a.partitions())).values();
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
        List<double[]> parts = a.blocks().zipPartitions(next, (bi, si) -> {
            CsrBlock b = bi.next();
            double[] v = si.next().values();
            int n = b.rows();
            double[] s = TaylorPairs.statistics(v, n, bs, m);
            for (int j = 0; j < m; j++) {
                long local = wantRows[j] - b.rowStart();
                if (local >= 0 && local < n) {
                    s[2 * bs + 2 * j] = v[(int) local * bs + wantCols[j]];
                    s[2 * bs + 2 * j + 1] = v[n * bs + (int) local * bs + wantCols[j]];
                }
            }
            return Collections.singletonList(s).iterator();
        }).collect();
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
        return TaylorPairs.combine(parts, bs, m);
    }

    @Override
    public void release() {
        state.unpersist(false);
        if (lastTruncated != null) {
            lastTruncated.unpersist(false);
        }
    }
}
