package org.matfun.spark.jobs;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.matfun.spark.exec.Distribution;
import picocli.CommandLine.Option;

/**
 * The options every subcommand shares for where and how it runs (a picocli mixin): {@code --partitions},
 * {@code --master}, {@code --output}, {@code --overwrite}, {@code --distribute}, {@code --quiet}, {@code --verbose}.
 * The numerical options ({@code --tol}, {@code --max-steps}, {@code --format}) stay with each subcommand: their
 * defaults and accepted values differ.
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

    @Option(names = "--distribute", defaultValue = "auto", paramLabel = "auto|rows|runs",
            description = "Where the Lanczos runs execute: rows = A in row blocks, one Spark job per step (operators"
                    + " too big for one executor); runs = A broadcast once per executor, the independent runs spread"
                    + " over tasks; auto = runs when A fits the executor memory (default: ${DEFAULT-VALUE}).")
    String distribute;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors (no progress lines, no summary"
            + " line); the results are in the output directory and the exit code.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Also print matfun's debug lines and Spark's INFO lines.")
    boolean verbose;

    /** --distribute, parsed. */
    public Distribution distribution() {
        return Distribution.parse(distribute);
    }

    /** --partitions as given, or null for Spark's default parallelism. */
    public Integer partitions() {
        return partitions;
    }

    /**
     * Runs the subcommand's work through {@link SubcommandRun#run} with these options.
     *
     * @param appName Spark application name
     * @param work    the subcommand's work
     * @throws IllegalArgumentException if the output directory exists and --overwrite was not given, or if both
     *                                  --quiet and --verbose were given
     * @throws RuntimeException         whatever the work throws, after the staging directory is removed
     */
    public void run(String appName, SubcommandRun.Work work) {
        if (quiet && verbose) {
            throw new IllegalArgumentException("--quiet and --verbose exclude each other; give one");
        }
        if (quiet) {
            Configurator.setLevel("org.matfun", Level.WARN);
        } else if (verbose) {
            Configurator.setLevel("org.matfun", Level.DEBUG);
            Configurator.setLevel("org.apache.spark", Level.INFO);
        }
        SubcommandRun.run(appName, master, partitions, output, overwrite, work);
    }
}
