package org.matfun.spark.io;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed Spark job back into the {@link InputException} a task threw. Spark wraps task failures in a
 * {@code SparkException} whose cause is the task's exception when it could be deserialized; otherwise only the
 * message (with the exception's class name and stack trace) survives, and the exception is re-created from it.
 */
public final class SparkFailures {

    private static final int MAX_DEPTH = 64;
    private static final String MARKER = InputException.class.getName() + ": ";
    private static final Pattern FILE_LINE = Pattern.compile("^(.*?), line (\\d+): ");

    private SparkFailures() {
    }

    /**
     * The exception to throw for {@code e}, raised while reading {@code file}: the InputException found in the
     * cause chain or message (same message, {@code e} as cause), an InputException for an I/O failure (e.g. a
     * truncated gzip file), {@code e} itself if it is unchecked, else an IllegalStateException wrapping it.
     */
    public static RuntimeException translate(String file, Throwable e) {
        if (e instanceof InputException) {
            return (InputException) e;
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof InputException) {
                InputException ie = (InputException) t;
                return new InputException(ie.getMessage(), ie.file(), ie.line(), e);
            }
        }
        t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            InputException ie = fromMessage(t.getMessage(), e);
            if (ie != null) {
                return ie;
            }
        }
        t = e;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof IOException) {
                return new InputException(file + ": cannot read: " + t, file, 0L, e);
            }
        }
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        return new IllegalStateException("Spark job failed while reading " + file + ": " + e.getMessage(), e);
    }

    /** Re-creates the InputException whose "class: message" line appears in {@code message}, or null. */
    static InputException fromMessage(String message, Throwable cause) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf(MARKER);
        if (at < 0) {
            return null;
        }
        int start = at + MARKER.length();
        int end = message.indexOf('\n', start);
        String text = (end < 0 ? message.substring(start) : message.substring(start, end)).strip();
        String file = null;
        long line = 0L;
        Matcher m = FILE_LINE.matcher(text);
        if (m.find()) {
            file = m.group(1);
            try {
                line = Long.parseLong(m.group(2));
            } catch (NumberFormatException ignored) {
                line = 0L;
            }
        }
        return new InputException(text, file, line, cause);
    }
}
