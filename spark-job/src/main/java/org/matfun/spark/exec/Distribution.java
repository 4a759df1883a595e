package org.matfun.spark.exec;

import java.util.Locale;

/**
 * Where the Lanczos runs of a job execute (DESIGN 3.1b).
 * <ul>
 *   <li>{@link #ROWS}: the block-row plan of DESIGN 3.1: A split into row blocks, one Spark job per Lanczos step
 *       (halo exchange, SpMM, one reduction); for operators too big for one executor.</li>
 *   <li>{@link #RUNS}: the operator is broadcast once and cached per executor JVM (CSR and its SELL-C-sigma copy);
 *       the independent runs (pairs, probes, Taylor columns, the single run of a bilinear form) are spread over
 *       Spark tasks, each running core's in-memory Lanczos, estimator and gradient.</li>
 *   <li>{@link #AUTO}: {@code RUNS} when the operator and the tasks' working vectors fit the stated fraction of
 *       an executor's memory ({@link DistributionChoice}), else {@code ROWS}.</li>
 * </ul>
 */
public enum Distribution {
    AUTO, ROWS, RUNS;

    /**
     * @param text auto, rows or runs (any case)
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public static Distribution parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("--distribute '" + text + "' is not one of auto|rows|runs");
        }
    }

    /** The lower-case name used on the command line and in summary.json. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
