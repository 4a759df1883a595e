package org.matfun.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class matfun ships between JVMs, so that the job runs with
 * {@code spark.kryo.registrationRequired=true} (see {@code conf/spark-defaults.conf}).
 * Add a class here whenever an RDD record, a shuffle message or a broadcast gets a new type.
 */
public final class MatfunKryoRegistrator implements KryoRegistrator {

    @Override
    public void registerClasses(Kryo kryo) {
        for (Class<?> c : SparkClasses.SHIPPED) {
            kryo.register(c);
        }
    }
}
