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

    /** The flags of this test JVM that Spark needs on Java 17 (from the surefire/failsafe argLine), for child JVMs. */
    public static java.util.List<String> java17Flags() {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")
                    || a.startsWith("-Dio.netty")) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Links the jars of the test classpath into {@code jarsDir} (the jars/ of a SPARK_HOME for separate executor
     * JVMs), leaving out matfun's own jars unless {@code withMatfunJars}.
     *
     * @return the classpath's directories other than test classes (for spark.executor.extraClassPath)
     */
    public static java.util.List<String> linkClasspathJars(Path jarsDir, boolean withMatfunJars)
            throws java.io.IOException {
        java.util.List<String> directories = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry);
            boolean matfun = p.getFileName().toString().startsWith("matfun-");
            if (entry.endsWith(".jar") && Files.exists(p) && (withMatfunJars || !matfun)) {
                Path link = jarsDir.resolve(p.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, p.toAbsolutePath());
                }
            } else if (Files.isDirectory(p) && !entry.contains("test-classes")) {
                directories.add(p.toAbsolutePath().toString());
            }
        }
        return directories;
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
