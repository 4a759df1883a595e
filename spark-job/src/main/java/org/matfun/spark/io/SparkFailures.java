package org.matfun.spark.io;

import java.io.EOFException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

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
                return new InputException(ie.getMessage(), ie.file(), ie.line(), e).withHint(ie.hint());
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
                return cannotRead(file, (IOException) t, e);
            }
        }
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        return new IllegalStateException("Spark job failed while reading " + file + ": " + e.getMessage(), e);
    }

    /**
     * The InputException for an I/O failure while reading {@code file}. An end of data inside a compressed stream,
     * or a corrupt one, is named as such: it is what a truncated or damaged {@code .gz} file looks like.
     *
     * @param failure the I/O error
     * @param cause   the exception to chain (the failure itself, or the Spark exception that carried it)
     */
    static InputException cannotRead(String file, IOException failure, Throwable cause) {
        String what = String.valueOf(failure.getMessage());
        boolean compressed = failure instanceof EOFException || failure instanceof ZipException
                || what.contains("gzip") || what.contains("compress");
        if (compressed) {
            return new InputException(file + ": cannot read: the compressed data is truncated or corrupt ("
                    + describe(failure) + "); expected a complete compressed file", file, 0L, cause)
                    .withHint("test the file with 'gzip -t' (or the tool of its compression) and copy it again");
        }
        return new InputException(file + ": cannot read: " + describe(failure), file, 0L, cause);
    }

    /**
     * What an I/O error says, for a user's message: its message (the exception's class name only when it has
     * none, without the package), on one line.
     */
    static String describe(Throwable failure) {
        String m = failure.getMessage();
        if (m == null || m.isBlank()) {
            m = failure.getClass().getSimpleName().replace("Exception", " error");
        }
        return m.replaceAll("[\\r\\n]+", " ").strip();
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
