package org.matfun.spark.jobs;

import org.apache.spark.sql.SparkSession;
import org.matfun.spark.SparkSessions;

/**
 * What every subcommand does around its own work: get the SparkSession (and stop it afterwards if this call
 * created it, so a session shared by tests or spark-submit is left alone), resolve the number of row blocks,
 * prepare the output directory before any Spark work, and remove the staging directory if the work fails, so
 * that a failed run leaves no output directory (issue 4: output atomicity).
 */
public final class SubcommandRun {

    /** A subcommand's work inside its session; it commits {@code out} when done. */
    @FunctionalInterface
    public interface Work {
        /**
         * @param spark      the session
         * @param partitions row blocks: --partitions, or Spark's default parallelism
         * @param out        the prepared output directory (staging until committed)
         */
        void run(SparkSession spark, int partitions, OutputDirectory out);
    }

    private SubcommandRun() {
    }

    /**
     * @param appName    Spark application name
     * @param master     --master, or null for spark-submit's or local[*]
     * @param partitions --partitions, or null for Spark's default parallelism
     * @param output     --output
     * @param overwrite  --overwrite
     * @throws IllegalArgumentException if the output directory exists and overwrite is false
     * @throws RuntimeException         whatever the work throws, after the staging directory is removed
     */
    public static void run(String appName, String master, Integer partitions, String output, boolean overwrite,
                           Work work) {
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.create(appName, master);
        try {
            int p = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
            OutputDirectory out = OutputDirectory.prepare(output, overwrite, spark.sparkContext().hadoopConfiguration());
            try {
                work.run(spark, p, out);
            } catch (RuntimeException e) {
                out.abort();
                throw e;
            }
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }
}
