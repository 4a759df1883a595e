package org.matfun.spark.jobs;

import org.matfun.spark.exec.DistributionChoice;
import org.matfun.spark.exec.RunParallel;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.matfun.core.bilinear.BilinearFormResult;

/**
 * What a bilinear job computed.
 *
 * @param result            value, error estimates, termination, T_k runs, history
 * @param n                 order of A
 * @param nnz               stored nonzeros (both triangles)
 * @param partitions        row blocks
 * @param haloEntries       entries received per halo exchange of width 1
 * @param haloBytesPerStep  bytes of halo values shuffled per Lanczos step (8 B haloEntries)
 * @param gradient          rows (src, dst, gradient) with original ids, one per stored undirected edge (a sweep:
 *                          (src, dst, parameter, gradient), one per edge and value), or null
 * @param loadSeconds       reading and partitioning
 * @param lanczosSeconds    the Lanczos steps and the quadrature
 * @param resumedAtStep     the checkpointed step the run resumed from, 0 for a fresh run
 * @param checkpoint        the checkpoint store (to clear once the results are committed), or null
 * @param cachedBytes       bytes of cached RDD blocks on the executors when the Lanczos steps ended (row blocks,
 *                          Lanczos states with the basis when kept)
 * @param distribution      the execution mode and why it was chosen
 * @param tasks             the run-parallel mode's task records ({@link RunParallel.Outcome#summary}), or null in
 *                          the block-row mode
 * @param edgeTable         the run-parallel mode's edge gradient on the driver (instead of {@code gradient}; a sweep's
 *                          has the parameter column), or null
 * @param stringIds         true if the node ids (src, dst of the gradient) are strings (an edge table with string ids)
 * @param spectrum          the spectrum interval the bounds used (Gershgorin or --spectrum)
 * @param stopRule          the value's stopping rule that was applied (auto resolved)
 * @param results           one result per parameter value of a sweep, in the order given ({@code result} is the one
 *                          that ran longest: its steps are the pass's); a single function's list is {@code [result]}
 */
public record BilinearOutcome(BilinearFormResult result, long n, long nnz, int partitions, long haloEntries,
                              long haloBytesPerStep, JavaRDD<Row> gradient, double loadSeconds,
                              double lanczosSeconds, int resumedAtStep, LanczosCheckpoint checkpoint,
                              long cachedBytes, DistributionChoice distribution, Map<String, Object> tasks,
                              BilinearRuns.EdgeTable edgeTable, boolean stringIds,
                              org.matfun.core.operator.SpectrumBounds spectrum,
                              org.matfun.core.lanczos.StopRule stopRule,
                              java.util.List<BilinearFormResult> results) {

    /** The outcome of a single function. */
    public BilinearOutcome(BilinearFormResult result, long n, long nnz, int partitions, long haloEntries,
                           long haloBytesPerStep, JavaRDD<Row> gradient, double loadSeconds,
                           double lanczosSeconds, int resumedAtStep, LanczosCheckpoint checkpoint,
                           long cachedBytes, DistributionChoice distribution, Map<String, Object> tasks,
                           BilinearRuns.EdgeTable edgeTable, boolean stringIds,
                           org.matfun.core.operator.SpectrumBounds spectrum,
                           org.matfun.core.lanczos.StopRule stopRule) {
        this(result, n, nnz, partitions, haloEntries, haloBytesPerStep, gradient, loadSeconds, lanczosSeconds,
                resumedAtStep, checkpoint, cachedBytes, distribution, tasks, edgeTable, stringIds, spectrum, stopRule,
                java.util.List.of(result));
    }

    /** The result that ran longest (the pass's steps and final T_k). */
    static BilinearFormResult longest(java.util.List<BilinearFormResult> results) {
        BilinearFormResult best = results.get(0);
        for (BilinearFormResult r : results) {
            if (r.steps() > best.steps()) {
                best = r;
            }
        }
        return best;
    }
}
