package org.matfun.spark.jobs;

import org.matfun.spark.exec.Distribution;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.trace.TraceOptions;
import org.matfun.spark.io.InputFormat;
import org.matfun.spark.io.TableColumns;

import java.util.List;

/**
 * Everything a trace job needs, validated on construction.
 *
 * @param components         A = sum_i theta_i A_i: the first is {@code --matrix}, then each {@code --component}
 * @param format             input format of the matrix files
 * @param columns            table columns (for --format parquet|orc|table)
 * @param function           f
 * @param gradient           which derivative to deliver
 * @param options            Lanczos budget, tolerance, reorthogonalization of each probe block
 * @param trace              probes, block size, seed, distribution, target
 * @param partitions         row blocks P >= 1
 * @param checkpointInterval steps between lineage truncations, >= 1
 * @param symmetrize         use (A + A^T) / 2 for a general Matrix Market matrix that is not symmetric
 */
public record TraceRequest(List<Component> components, InputFormat format, TableColumns columns,
                           MatrixFunction function,
                           TraceGradient gradient, LanczosOptions options, TraceOptions trace, int partitions,
                           int checkpointInterval, boolean symmetrize, Distribution distribution) {

    /** The keyword of {@code --component} that stands for the identity matrix I. */
    public static final String IDENTITY = "identity";

    /**
     * One term theta_i A_i.
     *
     * @param path  the matrix file, or null for the identity I
     * @param theta the coefficient, finite
     */
    public record Component(String path, double theta) {

        /** True for the identity I. */
        public boolean identity() {
            return path == null;
        }

        /** The path, or "identity". */
        public String label() {
            return path == null ? IDENTITY : path;
        }
    }

    /** @throws IllegalArgumentException for a missing field, P < 1, no file component or a non-finite theta */
    public TraceRequest {
        if (components == null || components.isEmpty() || format == null || columns == null || function == null || gradient == null
                || options == null || trace == null) {
            throw new IllegalArgumentException("components, format, function, gradient, options and trace are"
                    + " required");
        }
        components = List.copyOf(components);
        if (components.get(0).identity()) {
            throw new IllegalArgumentException("--matrix must be a matrix file, not the identity");
        }
        for (int i = 0; i < components.size(); i++) {
            if (!Double.isFinite(components.get(i).theta())) {
                throw new IllegalArgumentException("theta of component " + (i + 1) + " ("
                        + components.get(i).label() + ") = " + components.get(i).theta() + "; expected finite");
            }
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions = " + partitions + "; expected an integer >= 1");
        }
        if (checkpointInterval < 1) {
            throw new IllegalArgumentException("--checkpoint-interval = " + checkpointInterval + "; expected >= 1");
        }
    }

    /** Number of components that are matrix files (not the identity). */
    public int fileComponents() {
        int c = 0;
        for (Component comp : components) {
            c += comp.identity() ? 0 : 1;
        }
        return c;
    }

    /**
     * True if every theta-derivative is a driver-only quadrature: the family is theta_1 A_1 + sum_j theta_j I
     * with theta_1 != 0, so A_1 = (A - c I) / theta_1 and (W^T A_1 W) = (Lambda - c I) / theta_1 (DESIGN 2.3
     * with W^T A W = Lambda, W^T W = I): no Lanczos basis is kept.
     */
    public boolean driverOnlyGradient() {
        return fileComponents() == 1 && components.get(0).theta() != 0.0;
    }
}
