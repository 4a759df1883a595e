package org.matfun.spark.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.matfun.spark.SparkTestSupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thin job jar submitted with {@code deploy/submit.sh} to a real standalone cluster on this machine: a
 * Master and a Worker bound to 127.0.0.1, started from the Maven-resolved Spark jars (a SPARK_HOME whose
 * jars/ holds them, SPARK_SCALA_VERSION=2.13), and a bin/spark-submit that runs Spark's own
 * {@code org.apache.spark.deploy.SparkSubmit} as the real script does. The result equals the embedded run's, and
 * the run-parallel mode ({@code auto} picks it here) equals the block-row plan on the same cluster.
 * Runs in {@code verify} (failsafe), after the jar is packaged.
 */
class StandaloneClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Process> DAEMONS = new ArrayList<>();
    private static Path home;
    private static String master;
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("matfun-standalone");
        home = work.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        SparkTestSupport.linkClasspathJars(jars, false);
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path submit = bin.resolve("spark-submit");
        Files.writeString(submit, "#!/usr/bin/env bash\n"
                + "# spark-submit equivalent: the real script ends in the same class, SparkSubmit\n"
                + "exec \"" + java() + "\" " + String.join(" ", SparkTestSupport.java17Flags()) + " -Xmx1g"
                + " -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = freePort();
        master = "spark://127.0.0.1:" + port;
        DAEMONS.add(daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        waitForPort(port);
        DAEMONS.add(daemon("worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "2", "--memory", "2g", "--webui-port", Integer.toString(freePort()),
                "--work-dir", work.resolve("worker").toString(), master));
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : DAEMONS) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void submittedThinJarGivesTheEmbeddedResult() throws Exception {
        Path repo = Paths.get("..").toAbsolutePath().normalize();
        Path data = Paths.get("../../shared/data").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            data = Paths.get("../shared/data").toAbsolutePath().normalize();
        }
        String matrix = data.resolve("snap/CA-GrQc.txt.gz").toString();
        String[] job = {"bilinear", "--matrix", matrix, "--function", "exp:beta=0.1", "--u", "node:3466",
            "--v", "node:937", "--gradient", "edges", "--tol", "1e-12", "--partitions", "3"};

        Path clusterOut = work.resolve("cluster-out");
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("deploy/submit.sh").toString(), "--master", master,
                "--conf", "spark.executor.memory=1g", "--conf", "spark.driver.memory=1g", "--conf",
                "spark.executor.cores=1"));
        cmd.addAll(List.of(job));
        cmd.addAll(List.of("--output", clusterOut.toString()));
        assertEquals(0, run(cmd, "submit"), "deploy/submit.sh exit code, see target/standalone-submit.log");

        Path localOut = work.resolve("local-out");
        List<String> local = new ArrayList<>(List.of(repo.resolve("deploy/matfun").toString()));
        local.addAll(List.of(job));
        local.addAll(List.of("--master", "local[2]", "--output", localOut.toString()));
        assertEquals(0, run(local, "embedded"), "deploy/matfun exit code, see target/standalone-embedded.log");

        JsonNode c = JSON.readTree(clusterOut.resolve("summary.json").toFile());
        JsonNode l = JSON.readTree(localOut.resolve("summary.json").toFile());
        assertTrue(c.get("run").get("sparkMaster").asText().startsWith("spark://127.0.0.1:"), c.toString());
        assertEquals("CONVERGED", c.get("termination").asText());
        assertEquals(l.get("steps"), c.get("steps"));
        assertEquals(l.get("value").asDouble(), c.get("value").asDouble(), 1e-15 * Math.abs(l.get("value").asDouble()));
        assertEquals(l.get("gradientEdges"), c.get("gradientEdges"));
        assertTrue(Files.isDirectory(clusterOut.resolve("gradient")));
        // auto chose the run-parallel mode (the operator fits the 1 GB executor): its task ran in the worker's
        // executor JVM, a process separate from the driver
        assertEquals("runs", c.get("run").get("distribution").asText(), c.get("run").toString());

        // the block-row plan on the same cluster (halo exchange between the executor's tasks): the same result
        Path rowsOut = work.resolve("cluster-rows-out");
        List<String> rows = new ArrayList<>(cmd.subList(0, cmd.size() - 2));
        rows.addAll(List.of("--distribute", "rows", "--output", rowsOut.toString()));
        assertEquals(0, run(rows, "submit-rows"), "deploy/submit.sh exit code, see target/standalone-submit-rows.log");
        JsonNode r = JSON.readTree(rowsOut.resolve("summary.json").toFile());
        assertEquals("rows", r.get("run").get("distribution").asText());
        assertEquals(c.get("steps"), r.get("steps"));
        assertEquals(c.get("termination"), r.get("termination"));
        // the two modes sum in another order: 1e3 eps relative (docs/execution-modes.md)
        assertEquals(c.get("value").asDouble(), r.get("value").asDouble(),
                1e3 * Math.ulp(1.0) * Math.abs(c.get("value").asDouble()));
        assertEquals(c.get("gradientEdges"), r.get("gradientEdges"));
    }

    private static int run(List<String> cmd, String name) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Paths.get("target", "standalone-" + name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("MATFUN_DRIVER_MEMORY", "2g");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 10 minutes");
        }
        return p.exitValue();
    }

    private static Process daemon(String name, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(SparkTestSupport.java17Flags());
        cmd.addAll(List.of("-Xmx512m", "-cp", home.resolve("jars") + "/*", mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Paths.get("target", "standalone-" + name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the standalone Master did not open port " + port);
    }
}
