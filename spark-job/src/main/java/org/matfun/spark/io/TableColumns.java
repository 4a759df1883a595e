package org.matfun.spark.io;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which columns of a table input ({@link InputFormat#PARQUET}, {@link InputFormat#ORC}, {@link InputFormat#TABLE})
 * hold the graph or the matrix, and how to read them. A table is either
 * <ul>
 *   <li>an <b>edge table</b> ({@code src}, {@code dst}, optional {@code weight}): an undirected graph with the
 *       edge-list semantics of {@link MatrixReader} (a pair listed in both directions or repeated is one edge,
 *       conflicting weights are an error, a self-loop is a diagonal entry); ids are integer or string columns; or</li>
 *   <li>a <b>matrix-entry table</b> ({@code row}, {@code col}, optional {@code value}): Matrix Market coordinate
 *       semantics (duplicates summed, symmetry required), integer indices, {@code indexBase}-based.</li>
 * </ul>
 * The kind is {@link Kind#ENTRIES} if any matrix-entry option was given explicitly ({@code entryOptions}); else the
 * table is an edge table if it has the source and destination columns, and a matrix-entry table if it has the row
 * and column columns instead (see {@link TableLoader}).
 *
 * @param src          edge source column (default {@code src})
 * @param dst          edge destination column (default {@code dst})
 * @param weight       edge weight column (default {@code weight}; when not given explicitly it is optional: every
 *                     weight is 1 if the table has no such column)
 * @param weightGiven  true if {@code weight} was named explicitly (then it must exist)
 * @param row          matrix-entry row column (default {@code row})
 * @param col          matrix-entry column column (default {@code col})
 * @param value        matrix-entry value column (default {@code value}; optional unless {@code valueGiven}: 1.0,
 *                     a pattern matrix)
 * @param valueGiven   true if {@code value} was named explicitly (then it must exist)
 * @param indexBase    0 or 1: the smallest valid row/column index of a matrix-entry table
 * @param entryOptions true if any of row, col, value or index base was given explicitly (forces {@link Kind#ENTRIES})
 */
public record TableColumns(String src, String dst, String weight, boolean weightGiven, String row, String col,
                           String value, boolean valueGiven, int indexBase, boolean entryOptions)
        implements Serializable {

    /** The two kinds of table. */
    public enum Kind {
        /** src, dst[, weight]: an undirected graph. */
        EDGES,
        /** row, col[, value]: matrix entries. */
        ENTRIES
    }

    /**
     * @throws IllegalArgumentException if a column name is blank or {@code indexBase} is not 0 or 1
     * @throws NullPointerException     if a column name is null
     */
    public TableColumns {
        for (String c : new String[] {src, dst, weight, row, col, value}) {
            Objects.requireNonNull(c, "column name");
            if (c.isBlank()) {
                throw new IllegalArgumentException("a table column name must not be blank");
            }
        }
        if (indexBase != 0 && indexBase != 1) {
            throw new IllegalArgumentException("--index-base = " + indexBase + "; expected 0 or 1");
        }
    }

    /** @return the defaults: {@code src, dst[, weight]} or {@code row, col[, value]}, 1-based */
    public static TableColumns defaults() {
        return new TableColumns("src", "dst", "weight", false, "row", "col", "value", false, 1, false);
    }

    /**
     * The columns as options give them: a null name means the default.
     *
     * @param indexBase null for the default (1), else 0 or 1
     * @return the columns
     * @throws IllegalArgumentException if a name is blank or {@code indexBase} is not 0 or 1
     */
    public static TableColumns of(String src, String dst, String weight, String row, String col, String value,
                                  Integer indexBase) {
        TableColumns d = defaults();
        boolean entries = row != null || col != null || value != null || indexBase != null;
        return new TableColumns(src == null ? d.src : src, dst == null ? d.dst : dst,
                weight == null ? d.weight : weight, weight != null, row == null ? d.row : row,
                col == null ? d.col : col, value == null ? d.value : value, value != null,
                indexBase == null ? d.indexBase : indexBase, entries);
    }
}
