package org.matfun.spark.jobs;

import picocli.CommandLine.Option;

/**
 * The options every subcommand shares for where and how it runs (a picocli mixin): {@code --partitions},
 * {@code --master}, {@code --output}, {@code --overwrite}. The numerical options ({@code --tol},
 * {@code --max-steps}, {@code --format}) stay with each subcommand: their defaults and accepted values differ.
 */
public final class RunOptions {

    @Option(names = "--partitions", paramLabel = "P", description = "Row blocks (default: Spark's default parallelism).")
    Integer partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: the one spark-submit set, else local[*]).")
    String master;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (must not exist).")
    String output;

    @Option(names = "--overwrite", description = "Replace an existing output directory.")
    boolean overwrite;

    /** --partitions as given, or null for Spark's default parallelism. */
    public Integer partitions() {
        return partitions;
    }

    /**
     * Runs the subcommand's work through {@link SubcommandRun#run} with these options.
     *
     * @param appName Spark application name
     * @param work    the subcommand's work
     * @throws IllegalArgumentException if the output directory exists and --overwrite was not given
     * @throws RuntimeException         whatever the work throws, after the staging directory is removed
     */
    public void run(String appName, SubcommandRun.Work work) {
        SubcommandRun.run(appName, master, partitions, output, overwrite, work);
    }
}
