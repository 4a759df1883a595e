package org.matfun.spark.matrix;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.matfun.core.hermitian.HermitianCsrMatrix;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the interleaved real embedding M of a Hermitian A (a random sparse A of order 11 with complex
 * off-diagonal entries, a real zero off-diagonal entry and a missing diagonal entry): M is symmetric, has
 * 4 nnz_off + 2 nnz_diag stored entries, M x is the interleaved A z (core's product), the row boundaries are even
 * and the starting block lands in the rows 2i, 2i + 1 of each block (with empty blocks).
 */
class HermitianEmbeddingTest {

    private static HermitianCsrMatrix matrix(int n, long seed) {
        Random rnd = new Random(seed);
        List<int[]> at = new ArrayList<>();
        List<double[]> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i != 4) {
                at.add(new int[] {i, i});
                val.add(new double[] {rnd.nextGaussian(), 0});
            }
            for (int j = 0; j < i; j++) {
                if (rnd.nextDouble() < 0.35) {
                    at.add(new int[] {i, j});
                    val.add(new double[] {rnd.nextGaussian(), rnd.nextGaussian()});
                }
            }
        }
        at.add(new int[] {10, 0});
        val.add(new double[] {0.0, 0.0}); // an explicitly stored zero
        int m = at.size();
        int[] r = new int[m];
        int[] c = new int[m];
        double[] re = new double[m];
        double[] im = new double[m];
        for (int e = 0; e < m; e++) {
            r[e] = at.get(e)[0];
            c[e] = at.get(e)[1];
            re[e] = val.get(e)[0];
            im[e] = val.get(e)[1];
        }
        return HermitianCsrMatrix.fromLowerTriangle(n, r, c, re, im);
    }

    @Test
    void embeddingIsSymmetricAndAppliesA() {
        JavaSparkContext sc = SparkTestSupport.context();
        int n = 11;
        HermitianCsrMatrix a = matrix(n, 3L);
        LoadedMatrix m = HermitianEmbedding.load(sc, a, "random", 3);
        List<MatrixEntry> entries = m.entries().collect();
        assertEquals(HermitianEmbedding.entries(a), entries.size());
        assertEquals(2L * n, m.n());
        Map<Long, Double> byPosition = new HashMap<>();
        for (MatrixEntry e : entries) {
            assertTrue(byPosition.put(e.row() * 2 * n + e.col(), e.value()) == null, "one entry per position " + e);
        }
        for (MatrixEntry e : entries) {
            Double mirror = byPosition.get(e.col() * 2 * n + e.row());
            assertTrue(mirror != null && mirror == e.value(), "M symmetric at " + e);
        }
        Random rnd = new Random(5L);
        double[] z = new double[2 * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextGaussian();
        }
        double[] az = new double[2 * n];
        a.apply(z, az, 1);
        double[] mx = new double[2 * n];
        for (MatrixEntry e : entries) {
            mx[(int) e.row()] += e.value() * z[(int) e.col()];
        }
        for (int i = 0; i < 2 * n; i++) {
            assertEquals(az[i], mx[i], 1e-14 * (1 + Math.abs(az[i])), "(M x)[" + i + "] = interleaved (A z)");
        }
    }

    @Test
    void evenBoundariesAndStartsInPlace() {
        JavaSparkContext sc = SparkTestSupport.context();
        int n = 11;
        HermitianCsrMatrix a = matrix(n, 7L);
        for (int p : new int[] {1, 3, 16}) {
            long[] starts = HermitianEmbedding.rowStarts(a, p);
            assertEquals(p + 1, starts.length);
            assertEquals(0, starts[0]);
            assertEquals(2L * n, starts[p]);
            for (int b = 0; b < p; b++) {
                assertTrue(starts[b] % 2 == 0 && starts[b] <= starts[b + 1], "even, nondecreasing: " + b);
            }
            DistributedCsr m = DistributedCsr.build(HermitianEmbedding.load(sc, a, "random", p), starts);
            int width = 4;
            double[] z = new double[2 * n * width];
            for (int i = 0; i < z.length; i++) {
                z[i] = i + 1;
            }
            List<BlockVector> blocks = HermitianEmbedding.starts(sc, m, z, width).collect();
            int row = 0;
            for (BlockVector v : blocks) {
                for (int i = 0; i < v.rows(); i++, row++) {
                    for (int r = 0; r < width; r++) {
                        // row 2 node + part, column r: z[2 (node B + r) + part]
                        assertEquals(z[2 * ((row / 2) * width + r) + row % 2], v.values()[i * width + r]);
                    }
                }
            }
            assertEquals(2 * n, row);
            assertEquals(HermitianEmbedding.entries(a), m.nonzeros());
            m.unpersist();
        }
    }
}
