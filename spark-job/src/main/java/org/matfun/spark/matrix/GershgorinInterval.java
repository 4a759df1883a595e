package org.matfun.spark.matrix;

import org.apache.spark.api.java.JavaRDD;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.spark.io.MatrixEntry;
import scala.Tuple2;

/**
 * The Gershgorin interval of a distributed symmetric matrix ({@link SpectrumBounds#gershgorin}): one Spark job over
 * the stored entries, with the per-row sums combined map-side (reduceByKey) before the shuffle of at most n rows.
 * The same interval in both execution modes, since both start from the same entries.
 */
public final class GershgorinInterval {

    private GershgorinInterval() {
    }

    /**
     * @param n       order of the matrix (a row without entries is the disc {0})
     * @param entries both triangles of a symmetric matrix, 0-based (LoadedMatrix)
     * @return [min_i (a_ii - r_i), max_i (a_ii + r_i)], r_i = sum_{j != i} |a_ij|, widened for rounding
     * @throws IllegalArgumentException if an end is not finite
     */
    public static SpectrumBounds of(long n, JavaRDD<MatrixEntry> entries) {
        // per row: {diagonal, sum |off-diagonal|, stored entries}
        double[] g = entries
                .mapToPair(e -> new Tuple2<>(e.row(), e.row() == e.col()
                        ? new double[] {e.value(), 0.0, 1.0} : new double[] {0.0, Math.abs(e.value()), 1.0}))
                .reduceByKey((x, y) -> new double[] {x[0] + y[0], x[1] + y[1], x[2] + y[2]})
                .map(t -> new double[] {t._2()[0] - t._2()[1], t._2()[0] + t._2()[1], t._2()[2], 1.0})
                .reduce((x, y) -> new double[] {Math.min(x[0], y[0]), Math.max(x[1], y[1]), Math.max(x[2], y[2]),
                    x[3] + y[3]});
        double lo = g[0];
        double hi = g[1];
        if (g[3] < n) {
            lo = Math.min(lo, 0.0);
            hi = Math.max(hi, 0.0);
        }
        return SpectrumBounds.gershgorin(lo, hi, (long) g[2]);
    }
}
