package org.matfun.spark.io;

/**
 * A matrix or graph file that cannot be read as the format it claims: a malformed line, an index out of range,
 * a non-finite value, an unsupported Matrix Market variant, an asymmetric matrix, conflicting edge weights, a
 * file with no entries, or a file that cannot be opened.
 *
 * <p>The message is one line and names the file, the 1-based line number where there is one, the offending text
 * (truncated to about 80 characters) and what was expected, e.g.
 * {@code graph.txt, line 7: expected an integer node id in column 2, found 'x' in "1 x 2.5"}.
 * Errors raised inside Spark tasks reach the caller as this exception, not wrapped in a {@code SparkException}.
 */
public final class InputException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Longest excerpt of an offending line quoted in a message, in characters. */
    static final int MAX_EXCERPT = 80;

    private final String file;
    private final long line;
    private final String hint;

    /**
     * An error about the file as a whole (no particular line).
     *
     * @param file    the file as the caller named it
     * @param problem what is wrong and what was expected
     */
    public InputException(String file, String problem) {
        this(file + ": " + problem, file, 0L, null);
    }

    /**
     * An error at one line of the file.
     *
     * @param file    the file as the caller named it
     * @param line    1-based line number
     * @param text    the offending line (quoted, truncated to about 80 characters); null to quote nothing
     * @param problem what is wrong and what was expected
     */
    public InputException(String file, long line, String text, String problem) {
        this(file + ", line " + line + ": " + problem + (text == null ? "" : " in \"" + excerpt(text) + "\""),
                file, line, null);
    }

    /** Full control: used to re-throw an executor's exception on the driver with the same message. */
    InputException(String message, String file, long line, Throwable cause) {
        this(message, file, line, cause, null);
    }

    private InputException(String message, String file, long line, Throwable cause, String hint) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.hint = hint;
    }

    /**
     * The same error with a short suggestion of what to do, printed by the command line on a second line
     * {@code hint: ...} after the message.
     *
     * @param hint one line, or null for none
     * @return a new exception with this one's message, file, line and cause
     */
    public InputException withHint(String hint) {
        InputException e = new InputException(getMessage(), file, line, getCause(), hint);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** @return a short suggestion of what to do (one line), or null */
    public String hint() {
        return hint;
    }

    /** @return the file as the caller named it, or null if unknown (message recovered from a Spark failure) */
    public String file() {
        return file;
    }

    /** @return the 1-based line number the error is about, or 0 if it is about the file as a whole */
    public long line() {
        return line;
    }

    /**
     * The text quoted in messages: at most {@link #MAX_EXCERPT} characters (then "..."), a tab shown as the two
     * characters backslash-t, other control characters as '?', so that the message stays on one line.
     */
    static String excerpt(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_EXCERPT) + 3);
        int limit = Math.min(text.length(), MAX_EXCERPT);
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        if (text.length() > MAX_EXCERPT) {
            sb.append("...");
        }
        return sb.toString();
    }
}
