package org.matfun.spark.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * An output directory that appears only when complete: everything is written to a hidden sibling
 * {@code .NAME.tmp-UUID}, which is renamed to NAME at {@link #commit()}; {@link #abort()} deletes it.
 * Works on any Hadoop file system (local, HDFS, ...).
 */
public final class OutputDirectory {

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final boolean overwrite;

    private OutputDirectory(FileSystem fs, Path target, Path staging, boolean overwrite) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /**
     * Checks the target and reserves a staging directory (not yet created).
     *
     * @throws IllegalArgumentException if the target exists and {@code overwrite} is false, or its parent is
     *                                  not a directory
     */
    public static OutputDirectory prepare(String dir, boolean overwrite, Configuration conf) {
        try {
            Path target = new Path(dir);
            FileSystem fs = target.getFileSystem(conf);
            if (fs instanceof org.apache.hadoop.fs.LocalFileSystem) {
                fs.setWriteChecksum(false); // no .crc side files next to the results
            }
            target = fs.makeQualified(target);
            if (fs.exists(target) && !overwrite) {
                throw new IllegalArgumentException("output directory " + dir
                        + " already exists; choose another --output or pass --overwrite");
            }
            Path parent = target.getParent();
            if (parent != null && fs.exists(parent) && !fs.getFileStatus(parent).isDirectory()) {
                throw new IllegalArgumentException("cannot create " + dir + ": " + parent + " is not a directory");
            }
            Path staging = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
            return new OutputDirectory(fs, target, staging, overwrite);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare output directory " + dir, e);
        }
    }

    /** Where to write a file or a Spark output inside the staging directory. */
    public String path(String name) {
        return new Path(staging, name).toString();
    }

    /** Writes a UTF-8 text file into the staging directory. */
    public void writeText(String name, String text) {
        try (FSDataOutputStream out = fs.create(new Path(staging, name), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + " in " + staging, e);
        }
    }

    /** Moves the staging directory to the target (replacing it with --overwrite). */
    public void commit() {
        try {
            fs.mkdirs(staging);
            if (fs.exists(target)) {
                if (!overwrite) {
                    throw new IllegalStateException("output directory " + target + " appeared during the run");
                }
                fs.delete(target, true);
            }
            if (!fs.rename(staging, target)) {
                throw new IllegalStateException("could not rename " + staging + " to " + target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the results to " + target, e);
        }
    }

    /** Deletes the staging directory (after a failure); never throws. */
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do: the target was never touched
        }
    }

    /** The final directory. */
    public String target() {
        return target.toString();
    }
}
