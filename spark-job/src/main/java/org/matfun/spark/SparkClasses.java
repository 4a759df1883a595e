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
            // Spark SQL types that Spark itself does not register but ships when it infers a table's schema in a
            // job (Parquet/ORC inputs: any numeric, string or other column type of the user's table)
            , org.apache.spark.sql.types.FloatType$.class, org.apache.spark.sql.types.ShortType$.class
            , org.apache.spark.sql.types.ByteType$.class, org.apache.spark.sql.types.BooleanType$.class
            , org.apache.spark.sql.types.DecimalType.class, org.apache.spark.sql.types.DateType$.class
            , org.apache.spark.sql.types.TimestampType$.class, org.apache.spark.sql.types.TimestampNTZType$.class
            , org.apache.spark.sql.types.BinaryType$.class, org.apache.spark.sql.types.NullType$.class
            , org.apache.spark.sql.types.ArrayType.class, org.apache.spark.sql.types.MapType.class
            , org.apache.spark.sql.types.CharType.class, org.apache.spark.sql.types.VarcharType.class
            // matfun records: io
            , org.matfun.spark.io.MatrixEntry.class, org.matfun.spark.io.MatrixEntry[].class
            , org.matfun.spark.io.PairKey.class, org.matfun.spark.io.EdgeWeights.class
            , org.matfun.spark.io.CoordinateValues.class
            // matfun records: matrix and lanczos
            , org.matfun.spark.matrix.CsrBlock.class, org.matfun.spark.matrix.HaloMessage.class
            , org.matfun.spark.matrix.HaloRequest.class, org.matfun.spark.matrix.BlockVector.class
            , org.matfun.spark.lanczos.LanczosBlockState.class, org.matfun.spark.lanczos.EdgeGradient.class
            , int[][][].class
            // matfun records: communicability (the broadcast output ids)
            , org.matfun.spark.communicability.NodeIds.class
    );
}
