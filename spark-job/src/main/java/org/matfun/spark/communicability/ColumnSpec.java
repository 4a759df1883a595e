package org.matfun.spark.communicability;

import org.apache.spark.api.java.JavaRDD;
import org.matfun.core.trace.ProbeDistribution;
import org.matfun.spark.matrix.BlockVector;
import org.matfun.spark.matrix.DistributedCsr;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One starting vector of a batched pass: e_p, e_p + e_q, e_p - e_q, the all-ones vector, or a Rademacher probe
 * (entries +-1 from the seed and the global row index, independent of the partitioning).
 *
 * @param kind  which vector
 * @param p     first node index (NODE, PLUS, MINUS); probe number (PROBE)
 * @param q     second node index (PLUS, MINUS)
 * @param seed  probe seed (PROBE)
 */
public record ColumnSpec(Kind kind, long p, long q, long seed) implements Serializable {

    /** The kinds of starting vectors. */
    public enum Kind { NODE, PLUS, MINUS, ONES, PROBE }

    static ColumnSpec node(long p) {
        return new ColumnSpec(Kind.NODE, p, -1, 0);
    }

    static ColumnSpec plus(long p, long q) {
        return new ColumnSpec(Kind.PLUS, p, q, 0);
    }

    static ColumnSpec minus(long p, long q) {
        return new ColumnSpec(Kind.MINUS, p, q, 0);
    }

    static ColumnSpec ones() {
        return new ColumnSpec(Kind.ONES, -1, -1, 0);
    }

    /** Probe i of a run with seed s: entries {@code ProbeDistribution.RADEMACHER.entry(s, i, row)} (core trace). */
    static ColumnSpec probe(long seed, int i) {
        return new ColumnSpec(Kind.PROBE, i, -1, seed);
    }

    /** Entry of this vector at global row {@code row}. */
    double at(long row) {
        switch (kind) {
            case NODE:
                return row == p ? 1.0 : 0.0;
            case PLUS:
                return row == p || row == q ? 1.0 : 0.0;
            case MINUS:
                return row == p ? 1.0 : row == q ? -1.0 : 0.0;
            case ONES:
                return 1.0;
            default:
                return ProbeDistribution.RADEMACHER.entry(seed, p, row);
        }
    }

    /** The starting block: per row block, rows x B values, x[i * B + r] = column r at row rowStart + i. */
    static JavaRDD<BlockVector> block(DistributedCsr a, List<ColumnSpec> columns) {
        ColumnSpec[] cs = columns.toArray(new ColumnSpec[0]);
        int bs = cs.length;
        return a.blocks().map(b -> {
            int rows = b.rows();
            long start = b.rowStart();
            double[] x = new double[rows * bs];
            for (int r = 0; r < bs; r++) {
                ColumnSpec c = cs[r];
                if (c.kind == Kind.ONES || c.kind == Kind.PROBE) {
                    for (int i = 0; i < rows; i++) {
                        x[i * bs + r] = c.at(start + i);
                    }
                } else {
                    for (long idx : c.kind == Kind.NODE ? new long[] {c.p} : new long[] {c.p, c.q}) {
                        long local = idx - start;
                        if (local >= 0 && local < rows) {
                            x[(int) local * bs + r] = c.at(idx);
                        }
                    }
                }
            }
            return new BlockVector(b.block(), bs, x);
        });
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(new long[] {p, q});
    }
}
