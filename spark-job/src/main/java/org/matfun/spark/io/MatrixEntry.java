package org.matfun.spark.io;

import java.io.Serializable;

/**
 * One stored entry {@code A[row, col] = value} of a matrix, with 0-based internal indices
 * ({@code 0 <= row, col < n}). Immutable; equality compares all three fields ({@code value} with
 * {@link Double#compare}).
 *
 * <p>Shipped in RDDs and shuffles: it is registered with Kryo in {@code SparkClasses}.
 */
public final class MatrixEntry implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long row;
    private final long col;
    private final double value;

    /**
     * @param row   0-based row index
     * @param col   0-based column index
     * @param value the stored value (may be zero: an explicitly stored position)
     */
    public MatrixEntry(long row, long col, double value) {
        this.row = row;
        this.col = col;
        this.value = value;
    }

    /** @return the 0-based row index */
    public long row() {
        return row;
    }

    /** @return the 0-based column index */
    public long col() {
        return col;
    }

    /** @return the stored value */
    public double value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MatrixEntry)) {
            return false;
        }
        MatrixEntry e = (MatrixEntry) o;
        return row == e.row && col == e.col && Double.compare(value, e.value) == 0;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(row);
        h = 31 * h + Long.hashCode(col);
        return 31 * h + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "(" + row + ", " + col + ") = " + value;
    }
}
