package org.matfun.spark.io;

import java.util.Locale;

/**
 * The input formats {@link MatrixReader} reads: four text formats (any of them may be gzip-compressed,
 * {@code .gz}) and three table sources read with Spark SQL ({@link #PARQUET}, {@link #ORC}, {@link #TABLE}),
 * whose columns are named by {@link TableColumns}.
 */
public enum InputFormat {

    /** Matrix Market {@code coordinate real|integer|pattern symmetric|general}, 1-based indices. */
    MTX,

    /** SNAP-style whitespace-separated edge list {@code src dst [weight]}, {@code #}/{@code %} comments. */
    EDGELIST,

    /** Comma-separated edge table {@code src,dst[,weight]} with an optional header line. */
    CSV,

    /**
     * GML graph ({@code graph [ node [ id N ... ] edge [ source S target T weight W ... ] ]}), as written by
     * networkx and the Newman network collection; parsed on the driver (see {@link MatrixReader}).
     */
    GML,

    /** Parquet file or directory of part files ({@code spark.read().parquet}): an edge or matrix-entry table. */
    PARQUET,

    /** ORC file or directory of part files ({@code spark.read().orc}): an edge or matrix-entry table. */
    ORC,

    /** A catalog table ({@code spark.read().table(NAME)}; the path is the table name): edge or matrix entries. */
    TABLE;

    /** @return true for the table sources read with Spark SQL ({@link #PARQUET}, {@link #ORC}, {@link #TABLE}) */
    public boolean isTable() {
        return this == PARQUET || this == ORC || this == TABLE;
    }

    /**
     * Guesses the format from the file name, ignoring a trailing {@code .gz} (case-insensitive):
     * {@code .mtx} is {@link #MTX}, {@code .csv} is {@link #CSV}, {@code .gml} is {@link #GML}, {@code .parquet} is
     * {@link #PARQUET}, {@code .orc} is {@link #ORC} (a trailing {@code /} ignored: directories of part files),
     * anything else ({@code .txt}, {@code .tsv}, {@code .edges}, no extension, ...) is {@link #EDGELIST}.
     * {@link #TABLE} is never guessed.
     *
     * @param path a file name, path or URI ({@code hdfs://.../graph.csv.gz})
     * @return the format the name suggests; never null
     * @throws IllegalArgumentException if {@code path} is null or blank
     */
    public static InputFormat detect(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path must be a non-blank file name, got " + quote(path));
        }
        String name = path.trim().toLowerCase(Locale.ROOT);
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        if (name.endsWith(".orc")) {
            return ORC;
        }
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - ".gz".length());
        }
        if (name.endsWith(".mtx")) {
            return MTX;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".gml")) {
            return GML;
        }
        return EDGELIST;
    }

    /**
     * Parses a format name as given on a command line: {@code mtx}, {@code edgelist}, {@code csv}, {@code gml},
     * {@code parquet}, {@code orc} or {@code table}, in any case, surrounding blanks ignored.
     *
     * @param name the format name
     * @return the format; never null
     * @throws IllegalArgumentException if {@code name} is null or not one of the seven names
     */
    public static InputFormat parse(String name) {
        if (name != null) {
            String key = name.trim().toLowerCase(Locale.ROOT);
            switch (key) {
                case "mtx":
                    return MTX;
                case "edgelist":
                    return EDGELIST;
                case "csv":
                    return CSV;
                case "gml":
                    return GML;
                case "parquet":
                    return PARQUET;
                case "orc":
                    return ORC;
                case "table":
                    return TABLE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown input format " + quote(name)
                + "; expected one of: mtx, edgelist, csv, gml, parquet, orc, table (case-insensitive)");
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
