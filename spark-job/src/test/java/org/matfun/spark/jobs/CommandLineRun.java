package org.matfun.spark.jobs;

import org.matfun.spark.ConsoleCapture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One in-process run of the matfun command line ({@link MatfunMain#execute}), with its exit code, everything
 * printed to System.out and System.err, the WARN/ERROR log events of the run ({@link ConsoleCapture}: where Spark's
 * task failures and their stack traces would appear) and the Spark tasks that failed during it; and the check every
 * bad-input test makes of such a run.
 *
 * @param code        exit code
 * @param err         standard error of the run
 * @param out         standard output of the run
 * @param log         the WARN and ERROR log events of the run, with their stack traces
 * @param failedTasks Spark task attempts that failed during the run
 */
record CommandLineRun(int code, String err, String out, String log, long failedTasks) {

    /** Runs the command line, capturing System.out, System.err and the log (synchronized: they are global). */
    static synchronized CommandLineRun run(List<String> args) {
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ByteArrayOutputStream outBuf = new ByteArrayOutputStream();
        int code;
        try (ConsoleCapture capture = ConsoleCapture.start()) {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(outBuf, true, StandardCharsets.UTF_8));
            try {
                code = MatfunMain.execute(args.toArray(new String[0]));
            } finally {
                System.err.flush();
                System.out.flush();
                System.setErr(savedErr);
                System.setOut(savedOut);
            }
            return new CommandLineRun(code, buf.toString(StandardCharsets.UTF_8),
                    outBuf.toString(StandardCharsets.UTF_8), capture.log(), capture.failedTasks());
        }
    }

    /**
     * Runs with a fresh output directory in {@code dir} and checks: exit code 2, a user-error message with every
     * fragment, exactly one {@code matfun: error:} line (and at most one {@code hint:} line after it), no stack
     * frame and no exception class name in stdout, stderr or the log, no failed Spark task, no output directory,
     * no hidden staging sibling.
     */
    static void fails(Path dir, List<String> args, String... fragments) throws IOException {
        String name = "out-" + System.nanoTime();
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add("--output");
        all.add(out.toString());
        CommandLineRun r = run(all);
        String context = String.join(" ", all) + "\n--- stderr:\n" + r.err + "\n--- stdout:\n" + r.out
                + "\n--- log:\n" + r.log;
        assertEquals(2, r.code, "exit code of " + context);
        assertTrue(r.err.contains("matfun: error: "), "not reported as a user error: " + context);
        for (String f : fragments) {
            assertTrue(r.err.contains(f), "message lacks '" + f + "': " + context);
        }
        assertClean(r, context);
        assertFalse(Files.exists(out), "output directory written: " + context);
        assertEquals(List.of(), hiddenSiblings(dir, name), context);
    }

    /**
     * The console of a run that failed on bad input: one error line (plus an optional hint line), no stack frame
     * ({@code ^\s+at }) and no exception class name in stdout, stderr or the log, nothing else logged at WARN or
     * ERROR, no failed Spark task.
     */
    static void assertClean(CommandLineRun r, String context) {
        String all = r.out + "\n" + r.err + "\n" + r.log;
        assertFalse(ConsoleCapture.FRAME.matcher(all).find(), "stack trace printed: " + context);
        assertFalse(ConsoleCapture.EXCEPTION_NAME.matcher(all).find(), "exception class named: " + context);
        long errors = r.err.lines().filter(l -> l.startsWith("matfun: error: ")).count();
        assertEquals(1, errors, "one error line: " + context);
        long hints = r.err.lines().filter(l -> l.startsWith("hint: ")).count();
        assertTrue(hints <= 1, "at most one hint line: " + context);
        String logged = r.log.lines()
                .filter(l -> !l.contains("Using an existing Spark session")) // in-process tests share one session
                .collect(Collectors.joining("\n"));
        assertEquals("", logged.strip(), "nothing logged at WARN or ERROR: " + context);
        assertEquals(0, r.failedTasks, "Spark tasks failed (and were retried) on bad input: " + context);
    }

    /** Hidden staging siblings {@code .NAME.tmp-*} left in {@code dir}. */
    static List<String> hiddenSiblings(Path dir, String name) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("." + name + ".tmp-"))
                    .collect(Collectors.toList());
        }
    }
}
