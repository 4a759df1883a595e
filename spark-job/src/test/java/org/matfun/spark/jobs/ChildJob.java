package org.matfun.spark.jobs;

import org.matfun.spark.SparkTestSupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The matfun command line in a child JVM (the test classpath and JVM flags, conf/log4j2.properties for the
 * progress lines), for tests that kill a driver or need a Spark master other than the shared session's.
 */
final class ChildJob {

    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private ChildJob(Process process, Predicate<String> when, Consumer<Process> action) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (when != null && when.test(line)) {
                        action.accept(process);
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param systemProperties extra -D flags for the child
     * @param killWhen         kill the child (SIGKILL) at the first output line matching this, or null
     */
    static ChildJob start(List<String> systemProperties, Predicate<String> killWhen, String... args)
            throws IOException {
        return start(Map.of(), systemProperties, killWhen, Process::destroyForcibly, args);
    }

    /**
     * @param environment extra environment variables for the child
     * @param when        run {@code action} on the child process at each output line matching this, or null
     */
    static ChildJob start(Map<String, String> environment, List<String> systemProperties, Predicate<String> when,
                          Consumer<Process> action, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SparkTestSupport.java17Flags());
        cmd.add("-Xmx2g");
        cmd.add("-Dlog4j2.configurationFile=" + Paths.get("../conf/log4j2.properties").toAbsolutePath().normalize());
        cmd.addAll(systemProperties);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MatfunMain.class.getName());
        Collections.addAll(cmd, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        return new ChildJob(pb.start(), when, action);
    }

    /** Waits for the child and returns its exit code. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("child job did not finish in 10 minutes:\n" + output());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }
}
