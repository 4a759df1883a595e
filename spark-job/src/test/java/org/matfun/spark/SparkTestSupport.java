package org.matfun.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** One shared {@code local[2]} SparkSession for all Spark tests (STYLE.md), with matfun's Kryo setup. */
public final class SparkTestSupport {

    private static SparkSession session;

    private SparkTestSupport() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .config(SparkSessions.conf("matfun-tests", "local[2]"))
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.ui.enabled", "false")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /** Serializes and deserializes a value with the session's serializer (Kryo, registration required). */
    @SuppressWarnings("unchecked")
    public static <T> T kryoRoundTrip(T value) {
        org.apache.spark.serializer.SerializerInstance ser = session().sparkContext().env().serializer().newInstance();
        scala.reflect.ClassTag<Object> tag = scala.reflect.ClassTag$.MODULE$.AnyRef();
        return (T) ser.deserialize(ser.serialize(value, tag), tag);
    }

    /** {@code ../shared/data/<relative>} from the repository root (tests run with the module as working dir). */
    public static Path sharedData(String relative) {
        Path[] candidates = {Paths.get("../../shared/data"), Paths.get("../shared/data")};
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                return c.resolve(relative).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("../shared/data not found from " + Paths.get("").toAbsolutePath());
    }
}
