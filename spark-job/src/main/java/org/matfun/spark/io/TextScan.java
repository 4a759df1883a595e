package org.matfun.spark.io;

import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Parses the lines of one text file on the executors without ever failing a Spark task on bad input: every line is
 * numbered (1-based, over the whole file), handed to a {@link LineFunction}, and the first {@link InputException}
 * of each partition, or the failure to decompress it, is recorded in a {@link FirstInputError} instead of being
 * thrown. The task then stops reading its partition and succeeds; the caller runs the job that reads the file and
 * calls {@link FirstInputError#throwIfAny()} on the driver, which throws the earliest error of the file.
 *
 * <p>Why: a task that throws is logged by Spark's {@code TaskSetManager} and {@code Executor} with its stack trace
 * and retried up to {@code spark.task.maxFailures} times (4 by default on a cluster), although a bad line can never
 * parse. Here no task fails for bad input, so Spark logs nothing and retries nothing.
 *
 * <p>What counts as bad input: an {@link InputException} thrown by the line function, and, for a file read through
 * a compression codec (by name: {@code .gz}, {@code .bz2}, ...), an exception while decompressing it (a truncated or
 * corrupt file), except the ones that can be transient (network errors, interrupted or timed-out reads, HDFS
 * checksum errors of one replica, the file vanishing). Those, and any exception of a plain file's reader or of the
 * line function other than an InputException, still fail the task: Spark retries it, and the driver reports it.
 *
 * <p>Cost: a file of several partitions is read twice (one job counting the lines of each partition, for the line
 * numbers, as {@code zipWithIndex} does; then the parse); a file of one partition (e.g. gzip) once. Driver memory:
 * one {@code long} per partition.
 */
public final class TextScan {

    private TextScan() {
    }

    /**
     * Parses one line of a file. Runs on executors.
     *
     * @param <T> the parsed record
     */
    @FunctionalInterface
    public interface LineFunction<T> extends Serializable {
        /**
         * @param line 1-based line number in the file
         * @param raw  the line as read (without its line terminator; the text decoded as UTF-8)
         * @return the record, or null to skip the line (blank, comment, header)
         * @throws InputException if the line is malformed: the message names the file, the line and the text
         */
        T parse(long line, String raw);
    }

    /**
     * The records of the lines of {@code file}, lazily: nothing is read until an action runs. After the first action
     * that reads every partition, call {@link FirstInputError#throwIfAny()} on {@code errors}: if it throws, the
     * records seen by that action were incomplete (each bad partition stopped at its first bad line).
     *
     * @param sc            the Spark context
     * @param file          one text file, optionally compressed (any Hadoop path)
     * @param minPartitions minimum number of partitions of the text, at least 1
     * @param errors        collects the first bad line of each partition ({@link FirstInputError#register})
     * @param parser        the line function
     * @param <T>           the parsed record
     * @return the parsed records in file order, one partition per text partition
     * @throws InputException if the line count of a multi-partition file (run here, one Spark job) meets a truncated
     *                        or corrupt compressed block: the message names the file and the last line read
     */
    public static <T> JavaRDD<T> parse(JavaSparkContext sc, String file, int minPartitions, FirstInputError errors,
                                       LineFunction<T> parser) {
        JavaRDD<String> text = sc.hadoopFile(file, TextInput.class, LongWritable.class, Text.class, minPartitions)
                .map(record -> record._2().toString());
        boolean compressed = new CompressionCodecFactory(sc.hadoopConfiguration()).getCodec(new Path(file)) != null;
        long[] starts = lineStarts(text, file, compressed);
        return text.mapPartitionsWithIndex((p, it) -> new Parsing<>(file, compressed, starts[p], it, parser, errors),
                true);
    }

    /**
     * The number of lines before each partition: 0 for a single partition (no job), else one Spark job counting
     * the lines of each partition.
     */
    private static long[] lineStarts(JavaRDD<String> text, String file, boolean compressed) {
        int parts = text.getNumPartitions();
        long[] starts = new long[parts];
        if (parts <= 1) {
            return starts;
        }
        List<long[]> counts = text.mapPartitionsWithIndex((p, it) -> {
            long n = 0;
            try {
                while (it.hasNext()) {
                    it.next();
                    n++;
                }
            } catch (Exception e) {
                if (!isCorruptInput(compressed, e)) {
                    throw e;
                }
                return Collections.singletonList(new long[]{p, n, 1}).iterator();
            }
            return Collections.singletonList(new long[]{p, n, 0}).iterator();
        }, true).collect();
        long[] n = new long[parts];
        boolean[] bad = new boolean[parts];
        for (long[] c : counts) {
            n[(int) c[0]] = c[1];
            bad[(int) c[0]] = c[2] != 0;
        }
        long before = 0;
        for (int p = 0; p < parts; p++) {
            starts[p] = before;
            if (bad[p]) {
                throw corrupt(file, before + n[p]);
            }
            before += n[p];
        }
        return starts;
    }

    /**
     * True if {@code e}, thrown while reading a file's records, says that its compressed data is truncated or
     * corrupt (deterministic: retrying cannot help), false if it may be transient or is not about compressed data.
     */
    static boolean isCorruptInput(boolean compressed, Throwable e) {
        if (!compressed || e instanceof Error) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof SocketException
                    || t instanceof UnknownHostException || t instanceof ChecksumException
                    || t instanceof FileNotFoundException) {
                return false;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return true;
    }

    /** The error for a compressed file whose data ends or breaks after {@code linesRead} lines. */
    static InputException corrupt(String file, long linesRead) {
        return new InputException(file + ": cannot read past line " + linesRead + ": the compressed data is"
                + " truncated or corrupt; expected a complete compressed file", file, 0L, null)
                .withHint("test the file with 'gzip -t' (or the tool of its compression) and copy it again");
    }

    /**
     * Hadoop's {@link TextInputFormat} (what {@code sc.textFile} reads with: the same splits, codecs and lines),
     * except that a record reader that cannot be created (for a split of a compressed file: its data is read to
     * find the first record, e.g. a truncated bzip2 block) fails at its first record instead, inside the task's
     * iterator, where {@link TextScan} can record it as bad input. Public for Hadoop's reflection only.
     */
    public static final class TextInput extends TextInputFormat {

        @Override
        public RecordReader<LongWritable, Text> getRecordReader(InputSplit split, JobConf job, Reporter reporter)
                throws IOException {
            try {
                return super.getRecordReader(split, job, reporter);
            } catch (IOException | RuntimeException e) {
                return new Failing(e);
            }
        }
    }

    /** A record reader whose first record is the failure to open the split. */
    private static final class Failing implements RecordReader<LongWritable, Text> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public boolean next(LongWritable key, Text value) throws IOException {
            if (failure instanceof IOException) {
                throw (IOException) failure;
            }
            throw (RuntimeException) failure;
        }

        @Override
        public LongWritable createKey() {
            return new LongWritable();
        }

        @Override
        public Text createValue() {
            return new Text();
        }

        @Override
        public long getPos() {
            return 0L;
        }

        @Override
        public void close() {
        }

        @Override
        public float getProgress() {
            return 0f;
        }
    }

    /** The records of one partition, stopping at its first bad line. */
    private static final class Parsing<T> implements Iterator<T> {
        private final String file;
        private final boolean compressed;
        private final Iterator<String> lines;
        private final LineFunction<T> parser;
        private final FirstInputError errors;
        private long line;
        private T next;
        private boolean done;

        Parsing(String file, boolean compressed, long start, Iterator<String> lines, LineFunction<T> parser,
                FirstInputError errors) {
            this.file = file;
            this.compressed = compressed;
            this.line = start;
            this.lines = lines;
            this.parser = parser;
            this.errors = errors;
        }

        @Override
        public boolean hasNext() {
            while (next == null && !done) {
                String raw;
                try {
                    if (!lines.hasNext()) {
                        done = true;
                        break;
                    }
                    raw = lines.next();
                } catch (RuntimeException e) {
                    stopOrThrow(e);
                    break;
                } catch (Exception e) {
                    // Hadoop's record reader throws IOException through Scala's iterator (undeclared)
                    stopOrThrow(e);
                    break;
                }
                line++;
                try {
                    next = parser.parse(line, raw);
                } catch (InputException e) {
                    errors.add(e, line);
                    done = true;
                }
            }
            return next != null;
        }

        private void stopOrThrow(Exception e) {
            if (!isCorruptInput(compressed, e)) {
                sneakyThrow(e);
            }
            errors.add(corrupt(file, line), line + 1);
            done = true;
        }

        @Override
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            T t = next;
            next = null;
            return t;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
        throw (E) e;
    }
}
