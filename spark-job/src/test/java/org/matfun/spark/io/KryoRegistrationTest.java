package org.matfun.spark.io;

import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.matfun.spark.SparkTestSupport;
import scala.Tuple2;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The io records round-trip through the session's serializer (Kryo with registration required), as they do when
 * a shuffle or a spill to disk writes them.
 */
class KryoRegistrationTest {

    private static SerializerInstance kryo() {
        return SparkTestSupport.session().sparkContext().env().serializer().newInstance();
    }


    @Test
    void ioRecordsRoundTrip() {
        SerializerInstance ser = kryo();
        assertEquals("org.apache.spark.serializer.KryoSerializerInstance", ser.getClass().getName());
        MatrixEntry e = new MatrixEntry(3, 5, -2.5);
        assertEquals(e, SparkTestSupport.kryoRoundTrip(e));
        MatrixEntry[] array = {e, new MatrixEntry(0, 0, 1)};
        assertEquals(array[1], SparkTestSupport.kryoRoundTrip(array)[1]);
        PairKey k = new PairKey(9, 2);
        assertEquals(k, SparkTestSupport.kryoRoundTrip(k));
        EdgeWeights w = EdgeWeights.merge(new EdgeWeights(1.0, 3), new EdgeWeights(2.0, 7));
        EdgeWeights w2 = SparkTestSupport.kryoRoundTrip(w);
        assertEquals(7, w2.otherLine());
        assertEquals(2.0, w2.otherWeight());
        CoordinateValues c = CoordinateValues.merge(CoordinateValues.of(2, 1, 1.5, 4),
                CoordinateValues.of(1, 2, 1.5, 9));
        CoordinateValues c2 = SparkTestSupport.kryoRoundTrip(c);
        assertEquals(9, c2.upperLine());
        assertEquals(1.5, c2.lowerSum());
        Tuple2<PairKey, EdgeWeights> t = SparkTestSupport.kryoRoundTrip(new Tuple2<>(k, new EdgeWeights(4.0, 1)));
        assertEquals(k, t._1());
        assertFalse(t._2().hasConflict());
    }
}
