package org.matfun.bench;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.matfun.spark.matrix.DistributedCsr;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The R-MAT graph of {@link RmatGraph} generated inside the Spark executors and built directly into row blocks
 * ({@link DistributedCsr#fromPattern}), for the scaling benchmark at sizes whose text files would not load on one
 * machine (docs/benchmarks-spark.md): no text, no parsed entry records; 8 bytes per stored entry are shuffled once.
 *
 * <p>Same model as {@link RmatGraph} (Graph500 initiator A = 0.57, B = C = 0.19, N = 2^scale vertices, M =
 * edgeFactor N samples, labels permuted by a seeded random permutation, self-loops dropped, repeated samples
 * merged, both triangles stored), but the samples come from {@code tasks} independent streams
 * {@code new SplittableRandom(s_t)}, the seeds s_t drawn from {@code new SplittableRandom(seed)} after the
 * permutation, so the graph depends on (scale, edgeFactor, seed, tasks) and differs from RmatGraph's single-stream
 * graph of the same seed (same distribution). Rows are split into P blocks of equal size (the permutation balances
 * the nonzeros).
 *
 * <p>Driver memory: the permutation, 4 N bytes (broadcast). Executor memory per generating task: 16 bytes per
 * sample of the task; per block build: about 40 bytes per stored entry of the block.
 */
public final class RmatBlocks {

    private RmatBlocks() {
    }

    /**
     * @param scale      log2 of the number of vertices, 1..30
     * @param edgeFactor samples per vertex, >= 1, with edgeFactor 2^scale < 2^40
     * @param seed       seed of the permutation and of the task streams
     * @param partitions row blocks P, >= 1
     * @param tasks      generating tasks, >= 1
     * @throws IllegalArgumentException for parameters out of range
     */
    public static DistributedCsr generate(JavaSparkContext sc, int scale, int edgeFactor, long seed, int partitions,
                                          int tasks) {
        if (scale < 1 || scale > 30 || edgeFactor < 1 || partitions < 1 || tasks < 1
                || (long) edgeFactor << scale >= 1L << 40) {
            throw new IllegalArgumentException("expected 1 <= scale <= 30, edgeFactor >= 1, partitions >= 1, tasks >= 1,"
                    + " got scale " + scale + ", edgeFactor " + edgeFactor + ", partitions " + partitions + ", tasks "
                    + tasks);
        }
        int n = 1 << scale;
        long samples = (long) edgeFactor * n;
        SplittableRandom root = new SplittableRandom(seed);
        int[] perm = RmatGraph.permutation(n, root);
        List<long[]> work = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            long count = samples / tasks + (t < samples % tasks ? 1 : 0);
            work.add(new long[]{root.nextLong(), count});
        }
        long[] starts = new long[partitions + 1];
        for (int b = 0; b <= partitions; b++) {
            starts[b] = (long) b * n / partitions;
        }
        Broadcast<int[]> permutation = sc.broadcast(perm);
        JavaRDD<long[]> streams = sc.parallelize(work, tasks);
        JavaPairRDD<Integer, long[]> keys = streams.flatMapToPair(w -> {
            int[] p = permutation.value();
            SplittableRandom rnd = new SplittableRandom(w[0]);
            long[][] buckets = new long[partitions][];
            int[] fill = new int[partitions];
            for (int b = 0; b < partitions; b++) {
                buckets[b] = new long[1024];
            }
            for (long e = 0; e < w[1]; e++) {
                long rc = RmatGraph.sample(rnd, scale);
                int i = p[(int) (rc >>> 32)];
                int j = p[(int) rc];
                if (i == j) {
                    continue;
                }
                for (int side = 0; side < 2; side++) {
                    int row = side == 0 ? i : j;
                    int col = side == 0 ? j : i;
                    int b = block(starts, row);
                    if (fill[b] == buckets[b].length) {
                        if (buckets[b].length > (Integer.MAX_VALUE - 8) / 2) {
                            throw new IllegalArgumentException("more than 2^30 keys of one task for row block " + b
                                    + ": use more --rmat-tasks");
                        }
                        buckets[b] = Arrays.copyOf(buckets[b], buckets[b].length * 2);
                    }
                    buckets[b][fill[b]++] = (long) row << 32 | col;
                }
            }
            List<Tuple2<Integer, long[]>> out = new ArrayList<>(partitions);
            for (int b = 0; b < partitions; b++) {
                out.add(new Tuple2<>(b, Arrays.copyOf(buckets[b], fill[b])));
                buckets[b] = null;
            }
            return out.iterator();
        });
        // the broadcast stays alive: evicted blocks are rebuilt from it
        return DistributedCsr.fromPattern(n, starts, keys,
                "rmat-s" + scale + "-ef" + edgeFactor + "-seed" + seed + "-t" + tasks);
    }

    private static int block(long[] starts, int row) {
        int lo = 0;
        int hi = starts.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
