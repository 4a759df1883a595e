package org.matfun.spark;

import java.util.List;

/** The classes matfun ships between JVMs (records of RDDs, shuffle messages, closures' captured values). */
final class SparkClasses {

    private SparkClasses() {
    }

    static final List<Class<?>> SHIPPED = List.of(
            // JDK and Spark types that matfun's RDDs carry
            double[].class, double[][].class, int[].class, int[][].class, long[].class, long[][].class,
            boolean[].class, byte[].class, Object[].class, String[].class,
            java.util.ArrayList.class, java.util.HashMap.class
            // matfun records: io
            , org.matfun.spark.io.MatrixEntry.class, org.matfun.spark.io.MatrixEntry[].class
            , org.matfun.spark.io.PairKey.class, org.matfun.spark.io.EdgeWeights.class
            , org.matfun.spark.io.CoordinateValues.class
            // matfun records: matrix and lanczos
            , org.matfun.spark.matrix.CsrBlock.class, org.matfun.spark.matrix.HaloMessage.class
            , org.matfun.spark.matrix.HaloRequest.class, org.matfun.spark.matrix.BlockVector.class
            , org.matfun.spark.lanczos.LanczosBlockState.class, org.matfun.spark.lanczos.EdgeGradient.class
            , int[][][].class
    );
}
