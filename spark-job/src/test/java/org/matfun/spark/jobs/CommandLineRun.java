package org.matfun.spark.jobs;

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
 * One in-process run of the matfun command line ({@link MatfunMain#execute}), with its exit code and everything
 * printed to System.err; and the check every bad-input test makes of such a run.
 *
 * @param code exit code
 * @param err  standard error of the run
 */
record CommandLineRun(int code, String err) {

    /** Runs the command line, capturing System.err (synchronized: System.err is global). */
    static synchronized CommandLineRun run(List<String> args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code;
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            code = MatfunMain.execute(args.toArray(new String[0]));
        } finally {
            System.err.flush();
            System.setErr(saved);
        }
        return new CommandLineRun(code, buf.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs with a fresh output directory in {@code dir} and checks: exit code 2, a user-error message with every
     * fragment and no stack trace, no output directory, no hidden staging sibling.
     */
    static void fails(Path dir, List<String> args, String... fragments) throws IOException {
        String name = "out-" + System.nanoTime();
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add("--output");
        all.add(out.toString());
        CommandLineRun r = run(all);
        String context = String.join(" ", all) + "\n--- stderr:\n" + r.err;
        assertEquals(2, r.code, "exit code of " + context);
        assertTrue(r.err.contains("matfun: error: "), "not reported as a user error: " + context);
        for (String f : fragments) {
            assertTrue(r.err.contains(f), "message lacks '" + f + "': " + context);
        }
        assertFalse(r.err.contains("\tat "), "stack trace printed: " + context);
        assertFalse(Files.exists(out), "output directory written: " + context);
        assertEquals(List.of(), hiddenSiblings(dir, name), context);
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
