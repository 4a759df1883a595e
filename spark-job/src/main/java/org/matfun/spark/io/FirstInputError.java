package org.matfun.spark.io;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.AccumulatorV2;

import java.io.Serializable;

/**
 * The earliest bad line of one input file, found by Spark tasks and read on the driver: the way a parse error
 * becomes a <em>result</em> of the tasks instead of a task failure (which Spark would log with its stack trace and
 * retry {@code spark.task.maxFailures} times on input that can never parse).
 *
 * <p>A task that meets a bad line records it here ({@link #add}) and stops reading its partition (the rest of the
 * partition cannot hold an earlier line); the task succeeds. Spark merges the tasks' values on the driver when they
 * complete; {@link #throwIfAny()} after the job then throws the error with the smallest position (line number), so
 * the message is about the first bad line of the file whatever the partitioning. The merge keeps a minimum, so a
 * task run twice (speculation, a recomputed stage) does not change the result.
 *
 * <p>Usage: {@link #register} on the driver, pass the object to the tasks (it is serialized with the closure), run
 * the action that reads the whole file, then call {@link #throwIfAny()} before anything else looks at the data
 * (which may be incomplete when an error was recorded).
 */
public final class FirstInputError extends AccumulatorV2<FirstInputError.Error, FirstInputError.Error> {

    private static final long serialVersionUID = 1L;

    /**
     * One recorded error.
     *
     * @param message  the one-line message ({@link InputException#getMessage()})
     * @param file     the file as the caller named it
     * @param line     the 1-based line the message is about, or 0 for the file as a whole
     * @param hint     the exception's {@link InputException#hint()}, or null
     * @param position where in the file the error was found (the line, or the line after the last one read for a
     *                 decompression failure), the key of the minimum
     */
    public record Error(String message, String file, long line, String hint, long position) implements Serializable {

        /** The error of an {@link InputException} found at {@code position}. */
        static Error of(InputException e, long position) {
            return new Error(e.getMessage(), e.file(), e.line(), e.hint(), position);
        }

        /** The exception to throw on the driver: same message, file, line and hint. */
        InputException toException() {
            return new InputException(message, file, line, null).withHint(hint);
        }
    }

    private Error first;

    /**
     * A new accumulator registered with {@code sc} (so that Spark merges the tasks' values).
     *
     * @param sc   the Spark context
     * @param file the input file, for the accumulator's name
     * @return an empty accumulator
     */
    public static FirstInputError register(JavaSparkContext sc, String file) {
        FirstInputError acc = new FirstInputError();
        sc.sc().register(acc, "matfun input errors of " + file);
        return acc;
    }

    /** Records {@code e}, found at {@code position} (see {@link Error}); executors call it. */
    public void add(InputException e, long position) {
        add(Error.of(e, position));
    }

    /**
     * Throws the earliest recorded error, if any.
     *
     * @throws InputException the error with the smallest position (its message, file and line)
     */
    public void throwIfAny() {
        Error e = first;
        if (e != null) {
            throw e.toException();
        }
    }

    @Override
    public boolean isZero() {
        return first == null;
    }

    @Override
    public FirstInputError copy() {
        FirstInputError c = new FirstInputError();
        c.first = first;
        return c;
    }

    @Override
    public void reset() {
        first = null;
    }

    @Override
    public void add(Error e) {
        if (e != null && (first == null || e.position() < first.position())) {
            first = e;
        }
    }

    @Override
    public void merge(AccumulatorV2<Error, Error> other) {
        add(other.value());
    }

    /** @return the earliest recorded error, or null */
    @Override
    public Error value() {
        return first;
    }
}
