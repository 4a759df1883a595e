package org.matfun.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The architectural boundary of STYLE "Architecture" and DESIGN 3: core imports nothing from Spark, Scala or
 * Breeze. Checked twice: in the sources (every line of every main .java file) and on the test classpath (the
 * classes cannot be loaded, so no dependency of core pulls them in).
 */
class CoreBoundaryTest {

    /** Main sources, relative to the module directory (surefire's working directory, i.e. core/). */
    private static final Path MAIN_SOURCES = Paths.get("src", "main", "java");

    /** org.apache.spark, or a scala / breeze package as a whole word (not e.g. "javascala."), anywhere on a line. */
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\borg\\s*\\.\\s*apache\\s*\\.\\s*spark\\b|(?<![\\w.])(scala|breeze)\\s*\\.\\s*[A-Za-z_]");

    /** Every main source line is free of org.apache.spark, scala. and breeze.; the scan sees at least 10 files. */
    @Test
    void mainSourcesReferenceNoSparkScalaOrBreeze() throws IOException {
        assertTrue(Files.isDirectory(MAIN_SOURCES), "no " + MAIN_SOURCES.toAbsolutePath()
                + ": the test must run with core/ as working directory");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(MAIN_SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 10, "only " + files.size() + " source files under "
                + MAIN_SOURCES.toAbsolutePath() + ": the scan would pass vacuously");
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = FORBIDDEN.matcher(lines.get(i));
                if (m.find()) {
                    violations.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), violations, "core must not import or reference Spark, Scala or Breeze");
    }

    /** The pattern itself: catches imports, fully qualified uses and static imports; ignores unrelated words. */
    @Test
    void patternRecognisesReferences() {
        for (String bad : new String[] {"import org.apache.spark.SparkContext;", "scala.Option<String> o;",
            "import static scala.collection.JavaConverters.*;", "breeze.linalg.DenseVector v;",
            "x = new org.apache.spark.api.java.JavaSparkContext();", "import scala.Tuple2;"}) {
            assertTrue(FORBIDDEN.matcher(bad).find(), bad);
        }
        for (String ok : new String[] {"// No Spark, no Scala.", "double scale = 2.0;", "logScale.value()",
            "javascala.Foo", "this.scalar.x"}) {
            assertTrue(!FORBIDDEN.matcher(ok).find(), ok);
        }
    }

    /** Spark and Scala classes are absent from core's test classpath (Class.forName throws ClassNotFoundException). */
    @ParameterizedTest
    @ValueSource(strings = {"org.apache.spark.SparkContext", "scala.Option", "scala.collection.immutable.List",
        "breeze.linalg.DenseVector"})
    void sparkAndScalaAreNotOnTheClasspath(String className) {
        assertThrows(ClassNotFoundException.class,
                () -> Class.forName(className, false, CoreBoundaryTest.class.getClassLoader()));
    }
}
