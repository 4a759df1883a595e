package org.matfun.spark.lanczos;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.matfun.core.lanczos.Reorthogonalization;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;
import org.matfun.spark.jobs.StartVectors;
import org.matfun.spark.jobs.VectorSpec;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.CsrBlock;
import org.matfun.spark.matrix.DistributedCsr;
import org.matfun.spark.matrix.HaloMessage;
import scala.Tuple2;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every record the distributed Lanczos ships (row blocks, halo messages, block vectors, block states with their
 * basis, edge gradients) round-trips through the session's Kryo serializer with registration required, as it
 * does in a shuffle, a collect, or a spill of a cached state to disk.
 */
class KryoShippedRecordsTest {


    @Test
    void lanczosRecordsRoundTrip() {
        JavaSparkContext sc = SparkTestSupport.context();
        LoadedMatrix m = MatrixReader.read(sc, SparkTestSupport.sharedData("networks/karate.mtx.gz").toString(),
                InputFormat.MTX, 2);
        DistributedCsr a = DistributedCsr.build(m, 3);
        VectorSpec u = VectorSpec.parse("node:1");
        VectorSpec v = VectorSpec.parse("node:34");
        DistributedLanczos lanczos = DistributedLanczos.start(a, StartVectors.build(sc, a, m, u, v), 2,
                Reorthogonalization.NONE, true, 2);
        for (int k = 0; k < 3; k++) {
            lanczos.step();
        }
        for (CsrBlock b : a.blocks().collect()) {
            CsrBlock c = SparkTestSupport.kryoRoundTrip(b);
            assertArrayEquals(b.rowPointers(), c.rowPointers());
            assertArrayEquals(b.columnIndices(), c.columnIndices());
            assertEquals(b.haloSize(), c.haloSize());
        }
        List<LanczosBlockState> states = lanczos.states().collect();
        for (LanczosBlockState s : states) {
            LanczosBlockState c = SparkTestSupport.kryoRoundTrip(s);
            assertEquals(s.basis.length, c.basis.length);
            assertArrayEquals(s.basis[2], c.basis[2]);
            assertArrayEquals(s.partials, c.partials);
        }
        BlockVector bv = SparkTestSupport.kryoRoundTrip(new BlockVector(1, 2, new double[]{1, 2, 3, 4}));
        assertArrayEquals(new double[]{1, 2, 3, 4}, bv.values());
        Tuple2<Integer, HaloMessage> msg = SparkTestSupport.kryoRoundTrip(new Tuple2<>(2, new HaloMessage(0, new double[]{5, 6})));
        assertArrayEquals(new double[]{5, 6}, msg._2().values());
        EdgeGradient g = SparkTestSupport.kryoRoundTrip(new EdgeGradient(3, 4, 0.5));
        assertEquals(0.5, g.gradient());
        lanczos.release();
        a.unpersist();
        m.unpersist();
    }
}
