package org.matfun.spark.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.spark.SparkTestSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console of {@code --help} and {@code --version}: a child JVM with the build's Java 17 flags (the pom's
 * {@code spark.java17.opens}, as deploy/matfun passes them) prints the help text and nothing else: no JVM warning
 * (no incubator module) and no picocli warning (every {@code %} in a description escaped). {@code --quiet} drops
 * the progress and summary lines, {@code --verbose} adds the debug ones.
 */
class QuietConsoleTest {

    @TempDir
    Path tmp;

    private ChildJob bilinear(Path out, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("bilinear", "--matrix",
                SparkTestSupport.sharedData("suitesparse/bcsstk01.mtx.gz").toString(),
                "--function", "exp:beta=-1e-6", "--u", "ones", "--master", "local[1]", "--output", out.toString()));
        args.addAll(List.of(flags));
        return ChildJob.start(List.of(), null, args.toArray(new String[0]));
    }

    @Test
    void quietPrintsNoProgressAndVerbosePrintsMore() throws Exception {
        ChildJob quiet = bilinear(tmp.resolve("quiet"), "--quiet");
        assertEquals(0, quiet.waitFor(), quiet.output());
        assertTrue(Files.exists(tmp.resolve("quiet/summary.json")), "results written");
        assertFalse(quiet.output().contains(" INFO "), quiet.output());

        ChildJob normal = bilinear(tmp.resolve("normal"));
        assertEquals(0, normal.waitFor(), normal.output());
        assertTrue(normal.output().contains("INFO  bilinear: done: F = "), normal.output());

        ChildJob verbose = bilinear(tmp.resolve("verbose"), "--verbose");
        assertEquals(0, verbose.waitFor(), verbose.output());
        assertTrue(verbose.output().contains("INFO  SparkContext"), "Spark's INFO lines:\n" + verbose.output());

        ChildJob clash = bilinear(tmp.resolve("clash"), "--quiet", "--verbose");
        assertEquals(2, clash.waitFor(), clash.output());
        assertTrue(clash.output().contains("matfun: error: --quiet and --verbose exclude each other"),
                clash.output());
        assertFalse(Files.exists(tmp.resolve("clash")), "nothing written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "bilinear --help", "trace --help", "communicability --help", "--version"})
    void helpAndVersionPrintNoWarning(String command) throws Exception {
        ChildJob job = ChildJob.start(List.of(), null, command.split(" "));
        assertEquals(0, job.waitFor(), job.output());
        String out = job.output();
        assertFalse(out.isBlank(), "printed something");
        for (String noise : List.of("WARNING", "WARN", "incubator", "Could not format", "Exception", "\tat ")) {
            assertFalse(out.contains(noise), "'" + noise + "' in the output of " + command + ":\n" + out);
        }
        if (command.endsWith("--help")) {
            assertTrue(out.contains("Usage:"), out);
        }
    }
}
