package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.ConsoleCapture;
import org.matfun.spark.SparkTestSupport;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixReader;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clean failures on bad input through the whole command line (issue 15): exit 2, one {@code matfun: error:} line
 * (and at most one {@code hint:} line), no stack trace anywhere, nothing written, no Spark task failed or retried.
 *
 * <ul>
 *   <li>{@link #commandLineFuzz()}: seeded mutants (truncation, byte flips, line swaps and copies, garbage
 *       tokens; some gzip, some truncated gzip) of real files (karate, CA-GrQc's first 200 lines, dolphins.gml, a
 *       vector file for karate) through {@code matfun bilinear} in process, alternating {@code --distribute rows}
 *       and {@code runs}, each under a timeout. Consistency: exit 0 exactly when {@link MatrixReader} accepts the
 *       file (for vector mutants: when the run is otherwise the same), with the summary's {@code n} and {@code nnz}
 *       those of the reader and a finite value or a finite {@code logAbsValue}; exit 2 exactly when the reader (or the
 *       vector check) rejects it, with the reader's message on the error line. (The reader itself is checked
 *       against an independent line-level reading by {@code ReaderFuzzTest}.)</li>
 *   <li>{@link #vectorLineFuzz()}: thousands of mutants of a vector file through the line parser the vector tasks
 *       run.</li>
 *   <li>{@link #childJvmConsoleIsClean()}: bad inputs in a child JVM with the shipped {@code conf/log4j2.properties}
 *       (the console an operator sees, exceptions printed with {@code %ex}).</li>
 *   <li>{@link #badLineIsReportedOnceOnALocalCluster()}: a bad line on {@code local-cluster[2,1,1024]} (separate
 *       executor JVMs) with {@code spark.task.maxFailures=4}: reported once, no task lost, no retry.</li>
 * </ul>
 * Counts and times go to {@code target/clean-failures.txt}.
 */
class CleanFailureTest {

    private static final long SEED = 0xC1EA4F15L;
    private static final int CLI_CASES = 150;
    private static final int VECTOR_CASES = 5000;
    private static final long CASE_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] karate;
    private static byte[] grqc;
    private static byte[] dolphins;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sources() throws IOException {
        SparkTestSupport.session();
        karate = gunzip("networks/karate.mtx.gz", Integer.MAX_VALUE);
        grqc = gunzip("snap/CA-GrQc.txt.gz", 200);
        dolphins = gunzip("networks/dolphins.gml.gz", Integer.MAX_VALUE);
    }

    @Test
    void commandLineFuzz() throws Exception {
        Random seeds = new Random(SEED);
        int accepted = 0;
        int rejected = 0;
        long t0 = System.nanoTime();
        StringBuilder v = new StringBuilder("# id value\n");
        for (int id = 1; id <= 34; id++) {
            v.append(id).append(' ').append(id % 3 == 0 ? "-0.5" : "1.25").append('\n');
        }
        byte[] vector = v.toString().getBytes(StandardCharsets.UTF_8);
        Path karateFile = Files.write(tmp.resolve("karate.mtx"), karate);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < CLI_CASES; i++) {
                long seed = seeds.nextLong();
                Random rnd = new Random(seed);
                int kind = rnd.nextInt(4); // 0 karate.mtx, 1 CA-GrQc edge list, 2 dolphins.gml, 3 vector file
                byte[] base = kind == 0 ? karate : kind == 1 ? grqc : kind == 2 ? dolphins : vector;
                String name = "case" + i + new String[]{".mtx", ".txt", ".gml", "-u.txt"}[kind];
                List<String> ops = new ArrayList<>();
                byte[] mutant = mutate(base, rnd, ops);
                int storage = kind == 3 ? 9 : rnd.nextInt(10); // 0: gzip, 1: truncated gzip, else plain
                if (storage <= 1) {
                    name += ".gz";
                    byte[] gz = gzip(mutant);
                    if (storage == 1) {
                        int cut = 1 + rnd.nextInt(gz.length - 1);
                        ops.add("gzip cut at " + cut + " of " + gz.length);
                        gz = Arrays.copyOf(gz, cut);
                    }
                    Files.write(tmp.resolve(name), gz);
                } else {
                    Files.write(tmp.resolve(name), mutant);
                }
                Path file = tmp.resolve(name);
                String mode = i % 2 == 0 ? "rows" : "runs";
                Path out = tmp.resolve("out" + i);
                List<String> args = new ArrayList<>(List.of("bilinear", "--matrix",
                        kind == 3 ? karateFile.toString() : file.toString(), "--function", "exp:beta=0.1",
                        "--u", kind == 3 ? "file:" + file : "ones", "--max-steps", "8", "--tol", "1e-6",
                        "--partitions", String.valueOf(1 + rnd.nextInt(3)), "--distribute", mode,
                        "--output", out.toString()));
                String context = "CLI fuzz case " + i + " (seed " + seed + ", " + name + ", " + ops + "): "
                        + String.join(" ", args);
                Future<CommandLineRun> f = worker.submit(() -> CommandLineRun.run(args));
                CommandLineRun r;
                try {
                    r = f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new AssertionError("no result in " + CASE_TIMEOUT_SECONDS + " s: " + context);
                } catch (ExecutionException e) {
                    throw new AssertionError(context, e.getCause());
                }
                String full = context + "\n--- stderr:\n" + r.err() + "\n--- log:\n" + r.log();
                String expectedError = kind == 3 ? null : readerError(file, kind);
                if (r.code() == 0) {
                    accepted++;
                    assertEquals(null, expectedError, "the run succeeded on a file the reader rejects: " + full);
                    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
                    if (kind != 3) {
                        long[] nnz = readerShape(file, kind);
                        assertEquals(nnz[0], s.get("n").asLong(), "n: " + full);
                        assertEquals(nnz[1], s.get("nnz").asLong(), "nnz: " + full);
                    }
                    assertTrue(Double.isFinite(s.get("logAbsValue").asDouble()), "logAbsValue: " + full);
                    assertEquals(0, r.failedTasks(), full);
                } else {
                    rejected++;
                    assertEquals(2, r.code(), "exit code: " + full);
                    CommandLineRun.assertClean(r, full);
                    if (expectedError != null) {
                        assertTrue(r.err().contains("matfun: error: " + expectedError), "the reader's message: "
                                + expectedError + "\n" + full);
                    } else if (kind != 3) {
                        throw new AssertionError("the run failed on a file the reader accepts: " + full);
                    } else {
                        assertTrue(r.err().contains(file.getFileName().toString()), "names the vector file: " + full);
                    }
                    assertFalse(Files.exists(out), "output written: " + full);
                }
            }
        } finally {
            worker.shutdownNow();
        }
        report(String.format(Locale.ROOT, "command line (in process): %d cases, %d exit 0, %d exit 2, %.1f s%n",
                CLI_CASES, accepted, rejected, (System.nanoTime() - t0) * 1e-9));
        assertTrue(accepted >= CLI_CASES / 10 && rejected >= CLI_CASES / 3, accepted + " accepted, " + rejected
                + " rejected");
    }

    /**
     * Vector files line by line, in process ({@link StartVectors#parseLine}, what the vector tasks run): every line
     * of thousands of mutants of a real vector file is skipped, parsed to an id and a finite value, or rejected
     * with a one-line InputException naming the file and the line; never another exception.
     */
    @Test
    void vectorLineFuzz() {
        StringBuilder v = new StringBuilder("\uFEFF# id value\n");
        for (int id = 1; id <= 34; id++) {
            v.append(id).append(id % 2 == 0 ? "," : " ").append(id % 3 == 0 ? "-0.5" : "1.25e-3").append('\n');
        }
        byte[] base = v.toString().getBytes(StandardCharsets.UTF_8);
        Random seeds = new Random(SEED ^ 0x5EED);
        long parsed = 0;
        long rejected = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < VECTOR_CASES; i++) {
            long seed = seeds.nextLong();
            List<String> ops = new ArrayList<>();
            byte[] mutant = mutate(base, new Random(seed), ops);
            String path = "u-" + i + ".txt";
            String[] lines = new String(mutant, StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
            for (int k = 0; k < lines.length; k++) {
                String context = "vector case " + i + " (seed " + seed + ", " + ops + "), line " + (k + 1) + ": "
                        + lines[k];
                try {
                    scala.Tuple2<Long, double[]> t = StartVectors.parseLine(path, k + 1, lines[k]);
                    if (t != null) {
                        parsed++;
                        assertTrue(Double.isFinite(t._2()[0]) && t._2()[1] == k + 1, context);
                    }
                } catch (InputException e) {
                    rejected++;
                    assertTrue(e.getMessage().startsWith(path + ", line " + (k + 1) + ": "), e.getMessage() + "; "
                            + context);
                    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), context);
                } catch (RuntimeException e) {
                    throw new AssertionError(context, e);
                }
            }
        }
        report(String.format(Locale.ROOT, "vector lines: %d mutants, %d lines parsed, %d rejected, %.1f s%n",
                VECTOR_CASES, parsed, rejected, (System.nanoTime() - t0) * 1e-9));
        assertTrue(parsed > 0 && rejected > VECTOR_CASES / 4, parsed + " parsed, " + rejected + " rejected");
    }

    /** The reader's message for {@code file}, or null if it reads. */
    private static String readerError(Path file, int kind) {
        try {
            readerShape(file, kind);
            return null;
        } catch (InputException e) {
            return e.getMessage();
        }
    }

    /** {n, nnz} of {@code file} as {@link MatrixReader} reads it. */
    private static long[] readerShape(Path file, int kind) {
        InputFormat format = kind == 0 ? InputFormat.MTX : kind == 1 ? InputFormat.EDGELIST : InputFormat.GML;
        LoadedMatrix m = MatrixReader.read(SparkTestSupport.context(), file.toString(), format, 2);
        try {
            return new long[]{m.n(), m.nnz()};
        } finally {
            m.unpersist();
        }
    }

    /** Bad inputs in a child JVM with the shipped log configuration: the console an operator reads. */
    @Test
    void childJvmConsoleIsClean() throws Exception {
        Path nan = Files.writeString(tmp.resolve("nan.mtx"), "%%MatrixMarket matrix coordinate real symmetric\n"
                + "3 3 3\n1 1 2\n2 2 NaN\n3 3 2\n");
        Path cut = tmp.resolve("cut.txt.gz");
        byte[] gz = gzip("1 2\n2 3\n".repeat(40000).getBytes(StandardCharsets.US_ASCII));
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        Path karateFile = Files.write(tmp.resolve("karate.mtx"), karate);
        Path vector = Files.writeString(tmp.resolve("u.txt"), "1 1.0\n2 two\n");
        Path pairs = Files.writeString(tmp.resolve("pairs.txt"), "1 2\n2 two\n");
        List<List<String>> cases = List.of(
                List.of("bilinear", "--matrix", nan.toString(), "--function", "exp", "--u", "ones"),
                List.of("bilinear", "--matrix", cut.toString(), "--function", "exp", "--u", "ones", "--distribute",
                        "runs"),
                List.of("communicability", "--graph", karateFile.toString(), "--total", "--pairs", pairs.toString()),
                List.of("bilinear", "--matrix", karateFile.toString(), "--function", "exp", "--u",
                        "file:" + vector, "--distribute", "runs"));
        List<String> expected = List.of("nan.mtx, line 4", "cut.txt.gz: cannot read past line", "pairs.txt, line 2",
                "u.txt, line 2");
        for (int i = 0; i < cases.size(); i++) {
            Path out = tmp.resolve("child-out" + i);
            List<String> args = new ArrayList<>(cases.get(i));
            args.addAll(List.of("--master", "local[2]", "--output", out.toString()));
            ChildJob job = ChildJob.start(List.of(), null, args.toArray(new String[0]));
            int code = job.waitFor();
            String output = job.output();
            String context = String.join(" ", args) + "\n--- output:\n" + output;
            assertEquals(2, code, context);
            assertConsole(output, expected.get(i), context);
            assertFalse(Files.exists(out), context);
        }
    }

    /**
     * The measurement the issue asks for: on a cluster of separate executor JVMs with
     * {@code spark.task.maxFailures=4}, a bad line is reported once, and no task is lost or retried (Spark logs
     * every failed attempt as "Lost task" with its stack trace).
     */
    @Test
    void badLineIsReportedOnceOnALocalCluster() throws Exception {
        StringBuilder sb = new StringBuilder("# a path graph with one bad line\n");
        for (int i = 1; i <= 20000; i++) {
            sb.append(i).append(' ').append(i == 15000 ? "1x" : String.valueOf(i + 1)).append('\n');
        }
        Path g = Files.writeString(tmp.resolve("bad-line.txt"), sb);
        Path sparkHome = Files.createDirectories(tmp.resolve("spark-home/jars"));
        List<String> extra = SparkTestSupport.linkClasspathJars(sparkHome, true);
        Path out = tmp.resolve("cluster-out");
        long t0 = System.nanoTime();
        ChildJob job = ChildJob.start(
                Map.of("SPARK_HOME", sparkHome.getParent().toString(), "SPARK_SCALA_VERSION", "2.13"),
                List.of("-Dspark.executor.memory=1g", "-Dspark.task.maxFailures=4",
                        "-Dspark.executor.extraClassPath=" + String.join(File.pathSeparator, extra)),
                null, p -> { }, "bilinear", "--matrix", g.toString(), "--function", "exp", "--u", "ones",
                "--partitions", "4", "--master", "local-cluster[2,1,1024]", "--output", out.toString());
        int code = job.waitFor();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        String output = job.output();
        String context = "local-cluster run\n--- output:\n" + output;
        assertEquals(2, code, context);
        assertConsole(output, "bad-line.txt, line 15001: expected an integer node id in column 2, found '1x'",
                context);
        assertFalse(Files.exists(out), context);
        long lost = output.lines().filter(l -> l.contains("Lost task") || l.contains("Exception in task")).count();
        long errors = output.lines().filter(l -> l.startsWith("matfun: error: ")).count();
        report(String.format(Locale.ROOT, "local-cluster[2,1,1024], spark.task.maxFailures=4, bad line 15001 of"
                + " 20001, 4 partitions: exit %d, %d error line(s), %d lost task line(s), %d stack frame(s), %.1f s%n",
                code, errors, lost, ConsoleCapture.FRAME.matcher(output).results().count(), seconds));
        assertEquals(0, lost, context);
    }

    /** One error line with {@code expected}, at most one hint, no stack frame, no exception name, no lost task. */
    private static void assertConsole(String output, String expected, String context) {
        assertEquals(1, output.lines().filter(l -> l.startsWith("matfun: error: ")).count(), context);
        assertTrue(output.lines().anyMatch(l -> l.startsWith("matfun: error: ") && l.contains(expected)),
                "lacks '" + expected + "': " + context);
        assertTrue(output.lines().filter(l -> l.startsWith("hint: ")).count() <= 1, context);
        assertFalse(ConsoleCapture.FRAME.matcher(output).find(), "stack trace: " + context);
        assertFalse(ConsoleCapture.EXCEPTION_NAME.matcher(output).find(), "exception class named: " + context);
        for (String l : output.lines().toList()) {
            assertFalse(l.contains("TaskSetManager") || l.contains(" Executor:") || l.contains("DAGScheduler"),
                    "Spark logged a task failure: " + l + "\n" + context);
            assertFalse(l.contains("ERROR"), "an ERROR line: " + l + "\n" + context);
        }
    }

    // ---------------------------------------------------------------- mutations and files

    /** 1 to 3 of: truncation, byte flips, a swap of two lines, a copied line, a garbage token in a line. */
    private static byte[] mutate(byte[] text, Random rnd, List<String> ops) {
        String[] garbage = {"NaN", "inf", "1e999", "x", "-1", "0", "99999999999999999999", "#", ",", "2f", "\t"};
        byte[] b = text;
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            switch (rnd.nextInt(5)) {
                case 0: {
                    int cut = b.length / 2 + rnd.nextInt(b.length - b.length / 2 + 1);
                    ops.add("truncate at " + cut);
                    b = Arrays.copyOf(b, cut);
                    break;
                }
                case 1: {
                    b = b.clone();
                    if (b.length > 0) {
                        int at = rnd.nextInt(b.length);
                        byte value = "0123456789 -.eE#x\n".getBytes(StandardCharsets.US_ASCII)[rnd.nextInt(18)];
                        ops.add("byte " + at + " := " + (value & 0xff));
                        b[at] = value;
                    }
                    break;
                }
                case 2: {
                    int x = rnd.nextInt(lines.length);
                    int y = rnd.nextInt(lines.length);
                    String t = lines[x];
                    lines[x] = lines[y];
                    lines[y] = t;
                    ops.add("swap lines " + (x + 1) + ", " + (y + 1));
                    b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                    break;
                }
                case 3: {
                    List<String> l = new ArrayList<>(Arrays.asList(lines));
                    int from = rnd.nextInt(l.size());
                    l.add(rnd.nextInt(l.size() + 1), l.get(from));
                    ops.add("copy line " + (from + 1));
                    b = String.join("\n", l).getBytes(StandardCharsets.UTF_8);
                    break;
                }
                default: {
                    int at = rnd.nextInt(lines.length);
                    String token = garbage[rnd.nextInt(garbage.length)];
                    ops.add("token '" + token + "' ends line " + (at + 1));
                    lines[at] = lines[at] + " " + token;
                    b = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
                    break;
                }
            }
        }
        return b;
    }

    private static byte[] gunzip(String relative, int maxLines) throws IOException {
        Path p = SparkTestSupport.sharedData(relative);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            String line;
            int n = 0;
            while (n < maxLines && (line = r.readLine()) != null) {
                sb.append(line).append('\n');
                n++;
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(b);
        }
        return bytes.toByteArray();
    }

    private static void report(String line) {
        try {
            Path p = Paths.get("target", "clean-failures.txt");
            Files.createDirectories(p.getParent());
            Files.writeString(p, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // informative only
        }
    }
}
