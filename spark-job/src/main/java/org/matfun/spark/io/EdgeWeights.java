package org.matfun.spark.io;

import java.io.Serializable;

/**
 * Shuffle value of the edge-list reader: the weight an unordered pair got on its earliest line, and the earliest
 * line that gave it a different weight, if any. Merging is associative and commutative, so the result does not
 * depend on partitioning. Public only so that {@code SparkClasses} can register it with Kryo; not part of the
 * reading API.
 */
public final class EdgeWeights implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double weight;
    private final long line;
    private final boolean conflict;
    private final double otherWeight;
    private final long otherLine;

    /**
     * One edge line.
     *
     * @param weight the weight on that line
     * @param line   its 1-based line number
     */
    public EdgeWeights(double weight, long line) {
        this(weight, line, false, 0.0, 0L);
    }

    private EdgeWeights(double weight, long line, boolean conflict, double otherWeight, long otherLine) {
        this.weight = weight;
        this.line = line;
        this.conflict = conflict;
        this.otherWeight = otherWeight;
        this.otherLine = otherLine;
    }

    /** @return the weight given on the earliest line listing the pair */
    public double weight() {
        return weight;
    }

    /** @return the earliest 1-based line listing the pair */
    public long line() {
        return line;
    }

    /** @return true if some line gave the pair a weight different from {@link #weight()} */
    public boolean hasConflict() {
        return conflict;
    }

    /** @return the first weight different from {@link #weight()} (meaningful if {@link #hasConflict()}) */
    public double otherWeight() {
        return otherWeight;
    }

    /** @return the earliest line giving {@link #otherWeight()} (meaningful if {@link #hasConflict()}) */
    public long otherLine() {
        return otherLine;
    }

    /**
     * Combines the lines of one pair seen in two places.
     * IMPLEMENTATION NOTES: let F be the side with the earlier first line and S the other. The earliest line whose
     * weight differs from F's is either F's own conflict, or S's first line if S's weight differs from F's, or else
     * (S's weight equals F's) S's own conflict. Numeric comparison: 0.0 and -0.0 are the same weight.
     */
    static EdgeWeights merge(EdgeWeights a, EdgeWeights b) {
        EdgeWeights f = a.line <= b.line ? a : b;
        EdgeWeights s = f == a ? b : a;
        boolean has = f.conflict;
        double w = f.otherWeight;
        long at = f.otherLine;
        boolean sHas;
        double sw;
        long sAt;
        if (s.weight != f.weight) {
            sHas = true;
            sw = s.weight;
            sAt = s.line;
        } else {
            sHas = s.conflict;
            sw = s.otherWeight;
            sAt = s.otherLine;
        }
        if (sHas && (!has || sAt < at)) {
            has = true;
            w = sw;
            at = sAt;
        }
        return new EdgeWeights(f.weight, f.line, has, w, at);
    }
}
