package org.matfun.spark.exec;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The execution mode a job runs in and why (DESIGN 3.1b), as recorded in {@code summary.json}
 * ({@code run.distribution}, {@code run.distributionReason}, {@code run.predictedBytes},
 * {@code run.availableBytes}) and in the log.
 *
 * <p>The prediction for {@code runs}: the operator is held twice per executor, as CSR (4 B per row pointer,
 * 12 B per stored entry: an int column index and a double) and as its SELL-C-sigma copy (the same again plus the
 * padding of its chunks: {@value #SELL_FACTOR} x the CSR bytes is allowed for it), plus the working vectors of
 * the tasks running at once in that executor ({@code workingBytesPerTask} x cores per executor: the caller
 * counts 8 n bytes per vector a task holds, e.g. 3 B vectors of the recurrence and the basis when kept). The
 * available bytes are {@code spark.executor.memory} (the driver's heap, {@code Runtime.maxMemory()}, in local
 * mode, where driver and executor are one JVM), and {@code runs} is chosen when the prediction is at most
 * {@value #MEMORY_FRACTION} of them.
 *
 * @param mode           ROWS or RUNS (never AUTO)
 * @param requested      what the user asked for
 * @param reason         one sentence: why this mode
 * @param predictedBytes bytes per executor the runs mode would need
 * @param availableBytes executor memory (driver heap in local mode)
 */
public record DistributionChoice(Distribution mode, Distribution requested, String reason, long predictedBytes,
                                 long availableBytes) {

    /** Fraction of an executor's memory that the runs mode may plan to use. */
    public static final double MEMORY_FRACTION = 0.5;
    /** The SELL-C-sigma copy's bytes, relative to the CSR bytes (padding included). */
    static final double SELL_FACTOR = 1.25;

    /**
     * Bytes the runs mode needs in one executor.
     *
     * @param n                   order of A
     * @param nnz                 stored entries (both triangles)
     * @param workingBytesPerTask bytes of vectors one task holds
     * @param concurrentTasks     tasks running at once in one executor (its cores)
     */
    public static long predictBytes(long n, long nnz, long workingBytesPerTask, int concurrentTasks) {
        double csr = 4.0 * (n + 1) + 12.0 * nnz;
        return (long) Math.min(Long.MAX_VALUE, csr * (1 + SELL_FACTOR)
                + (double) workingBytesPerTask * Math.max(1, concurrentTasks));
    }

    /**
     * Chooses the mode. No Spark job is run.
     *
     * @param requested           the user's --distribute
     * @param n                   order of A
     * @param nnz                 stored entries (both triangles)
     * @param workingBytesPerTask bytes of vectors one task of the runs mode holds
     * @param sc                  the context (its master and memory settings)
     */
    public static DistributionChoice choose(Distribution requested, long n, long nnz, long workingBytesPerTask,
                                            SparkContext sc) {
        return choose(requested, n, nnz, workingBytesPerTask, availableBytes(sc), coresPerExecutor(sc), sc.isLocal());
    }

    /**
     * The same choice from the numbers alone.
     *
     * @param available       executor memory (driver heap in local mode), bytes
     * @param concurrentTasks tasks running at once in one executor
     * @param local           local mode (the available bytes are the driver's)
     */
    public static DistributionChoice choose(Distribution requested, long n, long nnz, long workingBytesPerTask,
                                            long available, int concurrentTasks, boolean local) {
        long predicted = predictBytes(n, nnz, workingBytesPerTask, concurrentTasks);
        boolean tooLarge = n > Integer.MAX_VALUE - 8 || nnz > Integer.MAX_VALUE - 8;
        boolean fits = !tooLarge && predicted <= MEMORY_FRACTION * available;
        String sizes = String.format(Locale.ROOT, "%s predicted for the operator (CSR + SELL-C-sigma) and the"
                        + " tasks' vectors against %s of %s memory (%.0f%% allowed)", bytes(predicted), bytes(available),
                local ? "driver (local mode)" : "executor", 100 * MEMORY_FRACTION);
        switch (requested) {
            case ROWS:
                return new DistributionChoice(Distribution.ROWS, requested, "--distribute rows was given; " + sizes,
                        predicted, available);
            case RUNS:
                if (tooLarge) {
                    throw new IllegalArgumentException("--distribute runs needs n and nnz below 2^31 (n = " + n
                            + ", nnz = " + nnz + "); use --distribute rows");
                }
                return new DistributionChoice(Distribution.RUNS, requested, "--distribute runs was given; " + sizes,
                        predicted, available);
            default:
                if (fits) {
                    return new DistributionChoice(Distribution.RUNS, requested, "auto: the operator fits one executor: "
                            + sizes, predicted, available);
                }
                return new DistributionChoice(Distribution.ROWS, requested, tooLarge
                        ? "auto: n or nnz is 2^31 or more, beyond one executor's arrays" : "auto: the operator does not"
                        + " fit one executor: " + sizes, predicted, available);
        }
    }

    /**
     * The block-row plan in place of an automatic choice of runs, for a reason the job knows and the sizes do not
     * (e.g. step checkpoints were asked for). An explicit {@code --distribute} is kept.
     *
     * @param why the reason, appended to the sizes
     * @return this choice if it was requested explicitly or is already rows, else rows with the reason
     */
    public DistributionChoice preferRows(String why) {
        if (requested != Distribution.AUTO || mode == Distribution.ROWS) {
            return this;
        }
        return new DistributionChoice(Distribution.ROWS, requested, "auto: " + why, predictedBytes, availableBytes);
    }

    /** The fields for summary.json's run object. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("distribution", mode.label());
        s.put("distributionRequested", requested.label());
        s.put("distributionReason", reason);
        s.put("predictedBytes", predictedBytes);
        s.put("availableBytes", availableBytes);
        return s;
    }

    static long availableBytes(SparkContext sc) {
        if (sc.isLocal()) {
            return Runtime.getRuntime().maxMemory();
        }
        SparkConf conf = sc.getConf();
        return conf.getSizeAsBytes("spark.executor.memory", "1g");
    }

    static int coresPerExecutor(SparkContext sc) {
        if (sc.isLocal()) {
            return Math.max(1, sc.defaultParallelism());
        }
        return Math.max(1, sc.getConf().getInt("spark.executor.cores", 1));
    }

    private static String bytes(long b) {
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
}
