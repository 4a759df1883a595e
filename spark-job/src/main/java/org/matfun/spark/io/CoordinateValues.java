package org.matfun.spark.io;

import java.io.Serializable;

/**
 * Shuffle value of the Matrix Market reader: for an unordered pair {lo, hi} of 1-based row numbers, the summed
 * values, entry counts and earliest lines of the entries stored at (hi, lo) ("lower": row >= col, which includes
 * the diagonal) and at (lo, hi) ("upper": {@code row < col}). Public only so that {@code SparkClasses} can register it
 * with Kryo; not part of the reading API.
 */
public final class CoordinateValues implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double lowerSum;
    private final long lowerCount;
    private final long lowerLine;
    private final double upperSum;
    private final long upperCount;
    private final long upperLine;

    private CoordinateValues(double lowerSum, long lowerCount, long lowerLine,
                             double upperSum, long upperCount, long upperLine) {
        this.lowerSum = lowerSum;
        this.lowerCount = lowerCount;
        this.lowerLine = lowerLine;
        this.upperSum = upperSum;
        this.upperCount = upperCount;
        this.upperLine = upperLine;
    }

    /**
     * One entry line {@code row col value}.
     *
     * @param row   1-based row
     * @param col   1-based column
     * @param value the value
     * @param line  1-based line number
     * @return the values of that single entry
     */
    public static CoordinateValues of(long row, long col, double value, long line) {
        if (row >= col) {
            return new CoordinateValues(value, 1L, line, 0.0, 0L, 0L);
        }
        return new CoordinateValues(0.0, 0L, 0L, value, 1L, line);
    }

    static CoordinateValues merge(CoordinateValues a, CoordinateValues b) {
        return new CoordinateValues(a.lowerSum + b.lowerSum, a.lowerCount + b.lowerCount,
                earliest(a.lowerCount, a.lowerLine, b.lowerCount, b.lowerLine),
                a.upperSum + b.upperSum, a.upperCount + b.upperCount,
                earliest(a.upperCount, a.upperLine, b.upperCount, b.upperLine));
    }

    private static long earliest(long countA, long lineA, long countB, long lineB) {
        if (countA == 0) {
            return lineB;
        }
        if (countB == 0) {
            return lineA;
        }
        return Math.min(lineA, lineB);
    }

    /** @return sum of the values stored at (hi, lo), row >= col */
    public double lowerSum() {
        return lowerSum;
    }

    /** @return number of entry lines at (hi, lo) */
    public long lowerCount() {
        return lowerCount;
    }

    /** @return earliest line of an entry at (hi, lo); meaningful if {@code lowerCount() > 0} */
    public long lowerLine() {
        return lowerLine;
    }

    /** @return sum of the values stored at (lo, hi), {@code row < col} */
    public double upperSum() {
        return upperSum;
    }

    /** @return number of entry lines at (lo, hi) */
    public long upperCount() {
        return upperCount;
    }

    /** @return earliest line of an entry at (lo, hi); meaningful if {@code upperCount() > 0} */
    public long upperLine() {
        return upperLine;
    }

    /** @return number of entry lines of this pair, both orientations */
    public long count() {
        return lowerCount + upperCount;
    }
}
