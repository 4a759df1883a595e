package org.matfun.spark.jobs;

import org.matfun.spark.io.TableColumns;
import picocli.CommandLine.Option;

/**
 * The column options of table inputs ({@code --format parquet|orc|table}), shared by {@code bilinear},
 * {@code trace} and {@code communicability} (a picocli mixin): {@code --src-col}, {@code --dst-col},
 * {@code --weight-col} for edge tables, {@code --row-col}, {@code --col-col}, {@code --value-col} and
 * {@code --index-base} for matrix-entry tables. Ignored for the text formats.
 */
public final class TableOptions {

    @Option(names = "--src-col", paramLabel = "NAME",
            description = "Edge table: source id column, integer or string (default: src).")
    String src;

    @Option(names = "--dst-col", paramLabel = "NAME",
            description = "Edge table: destination id column, integer or string (default: dst).")
    String dst;

    @Option(names = "--weight-col", paramLabel = "NAME",
            description = "Edge table: numeric weight column (default: weight if the table has it, else every"
                    + " weight is 1).")
    String weight;

    @Option(names = "--row-col", paramLabel = "NAME",
            description = "Matrix-entry table (Matrix Market semantics): integer row index column (default: row).")
    String row;

    @Option(names = "--col-col", paramLabel = "NAME",
            description = "Matrix-entry table: integer column index column (default: col).")
    String col;

    @Option(names = "--value-col", paramLabel = "NAME",
            description = "Matrix-entry table: numeric value column (default: value if present, else 1: a pattern).")
    String value;

    @Option(names = "--index-base", paramLabel = "0|1",
            description = "Matrix-entry table: index of the first row and column (default: 1, as Matrix Market).")
    Integer indexBase;

    /**
     * @return the columns the options name, defaults elsewhere
     * @throws IllegalArgumentException if a name is blank or --index-base is not 0 or 1
     */
    public TableColumns columns() {
        return TableColumns.of(src, dst, weight, row, col, value, indexBase);
    }
}
