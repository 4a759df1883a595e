package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.lanczos.DistributedLanczos;

import java.nio.file.Files;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures Spark and matfun must survive with the result unchanged: a driver killed (SIGKILL) in the middle of a
 * run leaves no output, and rerunning the same command with --checkpoint-dir resumes from the last checkpoint
 * and produces the same result; task failures (first attempts of chosen Lanczos tasks fail, retried by Spark)
 * give the same result as an undisturbed run. Compared with an undisturbed run of the same command.
 */
class RecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * 60 steps of u^T exp(A) v on CA-GrQc with the parameter gradient (runs the whole budget), 3 blocks. The
     * recovery under test is the block-row plan's: {@code --distribute rows} unless the test passes
     * {@code --checkpoint-dir}, where auto must choose that plan itself.
     */
    private List<String> command(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("bilinear", "--matrix",
                SparkTestSupport.sharedData("snap/CA-GrQc.txt.gz").toString(), "--function", "exp:beta=1",
                "--u", "random:1", "--v", "random:2", "--gradient", "parameter", "--tol", "1e-300",
                "--max-steps", "60", "--partitions", "3", "--master", "local[2]", "--output", out.toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--checkpoint-dir")) {
            args.addAll(List.of("--distribute", "rows"));
        }
        return args;
    }

    private static JsonNode undisturbed;

    /** The undisturbed run (computed once for the class). */
    private JsonNode reference() throws Exception {
        if (undisturbed == null) {
            Path out = tmp.resolve("undisturbed");
            ChildJob job = ChildJob.start(List.of(), null, command(out).toArray(new String[0]));
            assertEquals(0, job.waitFor(), job.output());
            undisturbed = JSON.readTree(out.resolve("summary.json").toFile());
        }
        return undisturbed;
    }

    /**
     * A real cluster of separate executor JVMs (local-cluster[2,1,1024], a SPARK_HOME whose jars/ holds the
     * test classpath's jars): one executor is killed (SIGKILL) at step 15; Spark replaces it, recomputes the
     * lost blocks from lineage and the reliable checkpoints (--checkpoint-dir), and the result is unchanged.
     */
    @Test
    void executorLossOnAMultiJvmClusterLeavesTheResultUnchanged() throws Exception {
        JsonNode expected = reference();
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
        List<String> extra = SparkTestSupport.linkClasspathJars(sparkHome, true);
        Path out = tmp.resolve("cluster");
        List<String> args = command(out, "--checkpoint-dir", tmp.resolve("cluster-checkpoints").toString());
        args.set(args.indexOf("local[2]"), "local-cluster[2,1,1024]");
        List<Long> killed = new ArrayList<>();
        ChildJob job = ChildJob.start(
                Map.of("SPARK_HOME", sparkHome.getParent().toString(), "SPARK_SCALA_VERSION", "2.13"),
                List.of("-Dspark.executor.memory=1g",
                        "-Dspark.executor.extraClassPath=" + String.join(File.pathSeparator, extra)),
                line -> line.contains("step   15 ") && killed.isEmpty(),
                driver -> driver.descendants()
                        .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                        .findFirst()
                        .ifPresent(h -> {
                            killed.add(h.pid());
                            h.destroyForcibly();
                        }),
                args.toArray(new String[0]));
        assertEquals(0, job.waitFor(), job.output());
        assertEquals(1, killed.size(), "an executor JVM was found and killed:\n" + job.output());
        assertSameResult(expected, JSON.readTree(out.resolve("summary.json").toFile()));
    }

    @Test
    void killedDriverResumesFromCheckpointWithTheSameResult() throws Exception {
        JsonNode expected = reference();
        assertEquals("STEP_BUDGET", expected.get("termination").asText());
        assertEquals(60, expected.get("steps").asInt());

        Path out = tmp.resolve("resumed");
        Path checkpoints = tmp.resolve("checkpoints");
        String[] args = command(out, "--checkpoint-dir", checkpoints.toString()).toArray(new String[0]);
        ChildJob killed = ChildJob.start(List.of(), line -> line.contains("step   35 "), args);
        int code = killed.waitFor();
        assertTrue(code != 0, "the first run should have been killed:\n" + killed.output());
        assertFalse(Files.exists(out), "a killed run leaves no output directory");
        assertFalse(Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith(".resumed")),
                "nor a half-written one");
        assertTrue(Files.exists(checkpoints.resolve("lanczos/driver.json")), "checkpoint written");

        ChildJob rerun = ChildJob.start(List.of(), null, args);
        assertEquals(0, rerun.waitFor(), rerun.output());
        assertTrue(rerun.output().contains("resuming from the checkpoint"), rerun.output());
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(30, s.get("resumedAtStep").asInt(), "the last checkpoint before step 35");
        assertEquals("rows", s.get("run").get("distribution").asText(), "auto keeps step checkpoints in rows");
        assertTrue(s.get("run").get("distributionReason").asText().contains("--checkpoint-dir"), s.toString());
        assertSameResult(expected, s);
        assertTrue(Files.exists(checkpoints.resolve("lanczos/driver.json")),
                "kept after a STEP_BUDGET stop, for a rerun with a larger --max-steps");
        try (var rdd = Files.walk(checkpoints.resolve("rdd"))) {
            long states = rdd.filter(p -> p.getFileName().toString().startsWith("rdd-")).count();
            assertTrue(states <= 2, "superseded RDD checkpoints are deleted, found " + states);
        }
    }

    @Test
    void failedTasksAreRetriedWithTheSameResult() throws Exception {
        JsonNode expected = reference();
        Path out = tmp.resolve("retried");
        List<String> args = command(out);
        args.set(args.indexOf("local[2]"), "local[2,4]");
        ChildJob job = ChildJob.start(List.of("-D" + DistributedLanczos.FAIL_TASKS_PROPERTY + "=3:0,12:1,31:2"),
                null, args.toArray(new String[0]));
        assertEquals(0, job.waitFor(), job.output());
        assertTrue(job.output().contains("matfun test hook: injected failure of block 1 at Lanczos step 12"),
                "the failures were injected:\n" + job.output());
        assertSameResult(expected, JSON.readTree(out.resolve("summary.json").toFile()));
    }

    private static void assertSameResult(JsonNode expected, JsonNode actual) {
        for (String field : List.of("value", "logAbsValue", "gradientParameter", "steps", "matvecs", "termination",
                "errorEstimate", "gradientErrorEstimate")) {
            assertEquals(expected.get(field), actual.get(field), field);
        }
    }
}
