package org.matfun.spark.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Driver-side access to the first lines of an input file through Hadoop's FileSystem, decompressed with the codec
 * its name implies ({@code .gz}, ...), exactly as {@code sc.textFile} sees it. Lines are split at LF, CR or CRLF,
 * like Hadoop's line reader, so that line numbers agree with the distributed read.
 */
final class TextFiles {

    private TextFiles() {
    }

    /** A first-lines reader that returns its pooled decompressor when closed. */
    static final class Head implements AutoCloseable {
        private final BufferedReader reader;
        private final Decompressor decompressor;

        Head(BufferedReader reader, Decompressor decompressor) {
            this.reader = reader;
            this.decompressor = decompressor;
        }

        BufferedReader reader() {
            return reader;
        }

        @Override
        public void close() throws IOException {
            try {
                reader.close();
            } finally {
                if (decompressor != null) {
                    CodecPool.returnDecompressor(decompressor);
                }
            }
        }
    }

    /**
     * Checks that {@code file} names one existing regular file.
     *
     * @throws InputException if it does not exist, is a directory, or its file system cannot be reached
     */
    static void requireFile(Configuration conf, String file) {
        try {
            Path p = new Path(file);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus status = fs.getFileStatus(p);
            if (status.isDirectory()) {
                throw new InputException(file, "is a directory: expected one file (directories and globs are not"
                        + " read, so that line numbers in messages are meaningful)");
            }
        } catch (FileNotFoundException e) {
            throw new InputException(file, "file not found");
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException(file + ": cannot open: " + SparkFailures.describe(e), file, 0L, e);
        }
    }

    /** Opens {@code file} for reading its first lines on the driver; close the result. */
    static Head open(Configuration conf, String file) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(conf);
        InputStream in = fs.open(p);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        Decompressor decompressor = null;
        if (codec != null) {
            decompressor = CodecPool.getDecompressor(codec);
            try {
                in = codec.createInputStream(in, decompressor);
            } catch (IOException | RuntimeException e) {
                in.close();
                CodecPool.returnDecompressor(decompressor);
                throw e;
            }
        }
        return new Head(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), decompressor);
    }

    /**
     * The 1-based number of the header line of a CSV edge table, or 0 if it has none: the header is the first
     * line that is neither blank nor a comment, if neither of its first two fields is an integer.
     */
    static long csvHeaderLine(Configuration conf, String file) {
        try (Head head = open(conf, file)) {
            return csvHeaderLine(head.reader());
        } catch (IOException e) {
            throw SparkFailures.cannotRead(file, e, e);
        }
    }

    /** {@link #csvHeaderLine(Configuration, String)} on the lines of {@code in} (read up to the first non-comment). */
    static long csvHeaderLine(BufferedReader in) throws IOException {
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = LineParser.clean(line);
            if (LineParser.isBlankOrComment(s)) {
                continue;
            }
            String[] f = LineParser.splitComma(s, 2);
            boolean firstIsId = LineParser.isInteger(f[0]);
            boolean secondIsId = f.length > 1 && LineParser.isInteger(f[1]);
            return !firstIsId && !secondIsId ? lineNo : 0L;
        }
        return 0L;
    }

    /** Reads the Matrix Market banner and size line. */
    static MatrixMarketHeader matrixMarketHeader(Configuration conf, String file) {
        try (Head head = open(conf, file)) {
            return MatrixMarketHeader.read(file, head.reader());
        } catch (IOException e) {
            throw SparkFailures.cannotRead(file, e, e);
        }
    }
}
