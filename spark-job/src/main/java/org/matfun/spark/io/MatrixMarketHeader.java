package org.matfun.spark.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Locale;

/**
 * The banner and size line of a Matrix Market coordinate file, read on the driver from the first lines only.
 *
 * @param field       the value type of the entries
 * @param symmetric   true for {@code symmetric} (one triangle stored), false for {@code general}
 * @param n           rows = columns
 * @param declared    number of entry lines the size line announces
 * @param sizeLine    1-based line number of the size line; entries follow it
 */
record MatrixMarketHeader(Field field, boolean symmetric, long n, long declared, long sizeLine) {

    /** The Matrix Market field (value type) of a coordinate file that matfun reads. */
    enum Field {
        REAL, INTEGER, PATTERN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String BANNER = "%%MatrixMarket matrix coordinate <real|integer|pattern> <symmetric|general>";

    /**
     * Reads the banner (line 1), skips comment and blank lines, and reads the size line {@code rows cols entries}.
     *
     * @throws InputException if the file is empty, the banner is not a supported coordinate banner (complex,
     *                        hermitian, skew-symmetric, array, vector are named as "not supported"), or the size
     *                        line is missing, malformed or not square
     */
    static MatrixMarketHeader read(String file, BufferedReader in) throws IOException {
        String banner = in.readLine();
        if (banner == null) {
            throw new InputException(file, "no entries: the file is empty (expected the banner " + BANNER + ")");
        }
        if (!banner.isEmpty() && banner.charAt(0) == '\uFEFF') {
            banner = banner.substring(1);
        }
        String[] t = LineParser.splitWhitespace(banner.strip(), 6);
        if (t.length == 0 || !t[0].equalsIgnoreCase("%%MatrixMarket")) {
            throw new InputException(file, 1, banner, "not a Matrix Market file: expected the banner " + BANNER);
        }
        if (t.length != 5) {
            throw new InputException(file, 1, banner, "malformed Matrix Market banner: expected " + BANNER);
        }
        String object = t[1].toLowerCase(Locale.ROOT);
        String format = t[2].toLowerCase(Locale.ROOT);
        String fieldName = t[3].toLowerCase(Locale.ROOT);
        String symmetry = t[4].toLowerCase(Locale.ROOT);
        if (!object.equals("matrix")) {
            throw new InputException(file, 1, banner, "Matrix Market object '" + t[1]
                    + "' is not supported: expected 'matrix'");
        }
        if (!format.equals("coordinate")) {
            throw new InputException(file, 1, banner, "Matrix Market format '" + t[2]
                    + "' is not supported: expected 'coordinate' (sparse)");
        }
        Field field;
        switch (fieldName) {
            case "real":
                field = Field.REAL;
                break;
            case "integer":
                field = Field.INTEGER;
                break;
            case "pattern":
                field = Field.PATTERN;
                break;
            default:
                throw new InputException(file, 1, banner, "Matrix Market field '" + t[3]
                        + "' is not supported: expected real, integer or pattern");
        }
        boolean symmetric;
        if (symmetry.equals("symmetric")) {
            symmetric = true;
        } else if (symmetry.equals("general")) {
            symmetric = false;
        } else {
            throw new InputException(file, 1, banner, "Matrix Market symmetry '" + t[4]
                    + "' is not supported: expected symmetric or general (a real symmetric matrix)");
        }
        long lineNo = 1;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = LineParser.clean(line);
            if (LineParser.isBlankOrComment(s)) {
                continue;
            }
            return sizeLine(file, lineNo, line, s, field, symmetric);
        }
        throw new InputException(file, "no entries: no size line 'rows cols entries' after the banner (line 1)"
                + " and comments");
    }

    private static MatrixMarketHeader sizeLine(String file, long lineNo, String raw, String s, Field field,
                                               boolean symmetric) {
        String[] t = LineParser.splitWhitespace(s, 4);
        String expected = "expected the size line 'rows cols entries' (3 integers)";
        if (t.length != 3) {
            throw new InputException(file, lineNo, raw, expected);
        }
        if (!LineParser.isInteger(t[0]) || !LineParser.isInteger(t[1]) || !LineParser.isInteger(t[2])) {
            throw new InputException(file, lineNo, raw, expected);
        }
        long rows = Long.parseLong(t[0]);
        long cols = Long.parseLong(t[1]);
        long entries = Long.parseLong(t[2]);
        if (rows < 1 || cols < 1 || entries < 0) {
            throw new InputException(file, lineNo, raw, "size line: expected rows >= 1, cols >= 1, entries >= 0");
        }
        if (rows != cols) {
            throw new InputException(file, lineNo, raw, "matrix is not square (" + rows + " rows, " + cols
                    + " columns): expected a symmetric matrix");
        }
        return new MatrixMarketHeader(field, symmetric, rows, entries, lineNo);
    }
}
