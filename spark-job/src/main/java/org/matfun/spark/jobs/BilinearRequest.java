package org.matfun.spark.jobs;

import org.matfun.spark.exec.Distribution;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.TableColumns;

/**
 * Everything a bilinear job needs, validated on construction.
 *
 * @param matrix             input path (local, HDFS, ...)
 * @param format             input format
 * @param columns            table columns (for --format parquet|orc|table)
 * @param function           f
 * @param u                  left vector
 * @param v                  right vector
 * @param gradient           which derivative to deliver
 * @param options            Lanczos budget, tolerances, reorthogonalization
 * @param partitions         row blocks P >= 1
 * @param checkpointInterval steps between lineage truncations and checkpoint saves, >= 1
 * @param checkpointDir      where to checkpoint the run for resuming it (reliable storage), or null
 * @param symmetrize         use (A + A^T) / 2 for a general Matrix Market matrix that is not symmetric
 * @param distribution       where the run executes: rows, runs, or auto (DESIGN 3.1b)
 * @param stop               the value's stopping rule: estimate, bound, or auto (bound where two-sided bounds exist)
 * @param spectrum           a spectrum interval the user asserts ({@code --spectrum}), or null for Gershgorin's
 * @param functions          f at one or several parameter values (issue 14); {@code function} is its first
 */
public record BilinearRequest(String matrix, InputFormat format, TableColumns columns, MatrixFunction function, VectorSpec u, VectorSpec v,
                              GradientRequest gradient, LanczosOptions options, int partitions,
                              int checkpointInterval, String checkpointDir, boolean symmetrize,
                              Distribution distribution, StopChoice stop, SpectrumBounds spectrum,
                              org.matfun.core.function.FunctionList functions) {

    /** {@code --stop}: the rule for the value (issue 16). */
    public enum StopChoice {
        /** BOUND where two-sided bounds exist for f on the spectrum interval, else ESTIMATE. */
        AUTO,
        ESTIMATE,
        BOUND
    }

    /** True if f is given at several parameter values (one result per value). */
    public boolean sweep() {
        return functions.list();
    }

    /** @throws IllegalArgumentException for a missing field, P < 1, or a parameter gradient of a function without one */
    public BilinearRequest {
        if (matrix == null || format == null || columns == null || function == null || u == null || v == null || gradient == null
                || options == null || distribution == null || stop == null) {
            throw new IllegalArgumentException("matrix, format, function, u, v, gradient and options are required");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions = " + partitions + "; expected an integer >= 1");
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("--checkpoint-interval = " + checkpointInterval + "; expected >= 1");
        }
        if (functions == null) {
            functions = org.matfun.core.function.FunctionList.of(function);
        }
        if (functions.first() != function) {
            throw new IllegalArgumentException("function must be the first of functions");
        }
        if (gradient == GradientRequest.PARAMETER && !function.hasParameter()) {
            throw new IllegalArgumentException("--gradient parameter: function " + function.spec()
                    + " has no parameter; use exp:beta=... or power:p=...");
        }
    }
}
