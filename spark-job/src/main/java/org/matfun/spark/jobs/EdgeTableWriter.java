package org.matfun.spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a table of (src, dst, value columns...) held on the driver as one Parquet file, {@code DIR/part-00000.parquet}
 * (plus {@code _SUCCESS}), with parquet-mr's writer directly: the same file layout and types Spark writes and reads
 * ({@code src}, {@code dst}: non-null int64 = LongType; values: non-null double), without the Spark SQL plan, its
 * sort and its jobs. Used by the run-parallel mode, whose results are on the driver already and in order.
 * Compression: snappy (as {@code conf/spark-defaults.conf} sets for Spark's own writes).
 */
final class EdgeTableWriter {

    private EdgeTableWriter() {
    }

    /**
     * @param conf       Hadoop configuration (file systems)
     * @param dir        output directory (must not exist)
     * @param valueNames names of the double columns after src and dst
     * @param src        src per row, length R
     * @param dst        dst per row, length R
     * @param values     one array of length R per value column
     * @return rows written, R
     * @throws UncheckedIOException if the file cannot be written
     */
    static long write(Configuration conf, String dir, String[] valueNames, long[] src, long[] dst, double[]... values) {
        return write(conf, dir, valueNames, src, dst, null, null, values);
    }

    /**
     * As {@link #write(Configuration, String, String[], long[], long[], double[]...)}, with string ids when
     * {@code srcLabels} is not null: {@code src}, {@code dst} are then non-null UTF-8 strings (Spark's StringType)
     * from {@code srcLabels}, {@code dstLabels} (length R), and {@code src}, {@code dst} only give the row count.
     */
    static long write(Configuration conf, String dir, String[] valueNames, long[] src, long[] dst,
                      String[] srcLabels, String[] dstLabels, double[]... values) {
        boolean labels = srcLabels != null;
        Types.MessageTypeBuilder b = Types.buildMessage();
        if (labels) {
            b.required(PrimitiveType.PrimitiveTypeName.BINARY)
                    .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named("src");
            b.required(PrimitiveType.PrimitiveTypeName.BINARY)
                    .as(org.apache.parquet.schema.LogicalTypeAnnotation.stringType()).named("dst");
        } else {
            b.required(PrimitiveType.PrimitiveTypeName.INT64).named("src");
            b.required(PrimitiveType.PrimitiveTypeName.INT64).named("dst");
        }
        for (String name : valueNames) {
            b.required(PrimitiveType.PrimitiveTypeName.DOUBLE).named(name);
        }
        MessageType schema = b.named("spark_schema");
        Path out = new Path(dir);
        try {
            FileSystem fs = out.getFileSystem(conf);
            fs.mkdirs(out);
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new Path(out, "part-00000.parquet"))
                    .withConf(conf).withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
                for (int i = 0; i < src.length; i++) {
                    Group g = labels ? groups.newGroup().append("src", srcLabels[i]).append("dst", dstLabels[i])
                            : groups.newGroup().append("src", src[i]).append("dst", dst[i]);
                    for (int c = 0; c < valueNames.length; c++) {
                        g.append(valueNames[c], values[c][i]);
                    }
                    w.write(g);
                }
            }
            fs.create(new Path(out, "_SUCCESS"), false).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
        return src.length;
    }
}
