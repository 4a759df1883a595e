package org.matfun.spark.matrix;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import org.matfun.spark.io.MatrixReader;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link DistributedCsr#fromPattern} (packed keys, generated inside the executors) builds the same row blocks, halo
 * and send plan as {@link DistributedCsr#build(LoadedMatrix, long[])} from the reader's entries, on CA-GrQc (a 0/1
 * adjacency), when its keys arrive shuffled, split over several arrays per block and with every entry repeated.
 */
class DistributedCsrPatternTest {

    @Test
    void packedKeysGiveTheReadersBlocks() {
        JavaSparkContext sc = SparkTestSupport.context();
        LoadedMatrix graph = MatrixReader.read(sc, SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString(),
                InputFormat.EDGELIST, 2);
        DistributedCsr expected = DistributedCsr.build(graph, 3);
        long[] starts = expected.rowStarts();
        List<MatrixEntry> entries = graph.entries().collect();
        List<Long> keys = new ArrayList<>();
        for (MatrixEntry e : entries) {
            assertEquals(1.0, e.value(), 0.0, "CA-GrQc is a 0/1 adjacency");
            long key = e.row() << 32 | e.col();
            keys.add(key);
            keys.add(key); // repeated samples are one entry
        }
        java.util.Collections.shuffle(keys, new Random(7));
        List<Tuple2<Integer, long[]>> arrays = new ArrayList<>();
        int chunk = 997;
        for (int from = 0; from < keys.size(); from += chunk) {
            List<Long> part = keys.subList(from, Math.min(keys.size(), from + chunk));
            for (int b = 0; b < 3; b++) {
                final int block = b;
                long[] mine = part.stream().mapToLong(Long::longValue)
                        .filter(k -> (k >>> 32) >= starts[block] && (k >>> 32) < starts[block + 1]).toArray();
                arrays.add(new Tuple2<>(b, mine));
            }
        }
        DistributedCsr actual = DistributedCsr.fromPattern(graph.n(), starts,
                JavaPairRDD.fromJavaRDD(sc.parallelize(arrays, 4)), "packed CA-GrQc");
        try {
            assertEquals(expected.n(), actual.n());
            assertEquals(expected.nonzeros(), actual.nonzeros());
            assertEquals(expected.haloEntries(), actual.haloEntries());
            assertEquals(expected.maxBlockNonzeros(), actual.maxBlockNonzeros());
            List<CsrBlock> want = expected.blocks().collect();
            List<CsrBlock> got = actual.blocks().collect();
            assertEquals(want.size(), got.size());
            for (int b = 0; b < want.size(); b++) {
                CsrBlock w = want.get(b);
                CsrBlock g = got.get(b);
                assertEquals(w.block(), g.block());
                assertEquals(w.rowStart(), g.rowStart());
                assertArrayEquals(w.rowPointers(), g.rowPointers(), "row pointers of block " + b);
                assertArrayEquals(w.columnIndices(), g.columnIndices(), "columns of block " + b);
                assertArrayEquals(w.values, g.values, 0.0, "values of block " + b);
                assertArrayEquals(w.halo, g.halo, "halo of block " + b);
                assertEquals(Arrays.deepToString(w.sendRows), Arrays.deepToString(g.sendRows), "send plan of " + b);
            }
        } finally {
            expected.unpersist();
            actual.unpersist();
            graph.unpersist();
        }
    }

    @Test
    void keyOutsideItsBlockIsRejected() {
        JavaSparkContext sc = SparkTestSupport.context();
        long[] starts = {0, 2, 4};
        List<Tuple2<Integer, long[]>> arrays = List.of(new Tuple2<>(0, new long[]{3L << 32 | 1}));
        Exception e = assertThrows(Exception.class, () -> DistributedCsr.fromPattern(4, starts,
                JavaPairRDD.fromJavaRDD(sc.parallelize(arrays, 1)), "bad"));
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals(IllegalArgumentException.class, root.getClass(), String.valueOf(root));
        org.junit.jupiter.api.Assertions.assertTrue(root.getMessage().contains("sent to row block 0"), root.getMessage());
    }
}
