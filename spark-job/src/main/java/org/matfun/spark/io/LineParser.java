package org.matfun.spark.io;

import scala.Tuple2;

/**
 * Parses single lines of edge lists, CSV edge tables and Matrix Market entry sections. Pure functions, run on
 * executors; every error is an {@link InputException} naming the file, the line and the text.
 */
final class LineParser {

    /** Columns an edge line may have before the rest is ignored: src, dst, weight. */
    private static final int EDGE_COLUMNS = 3;

    private LineParser() {
    }

    /**
     * The line without a trailing carriage return, surrounding blanks, and a leading byte order mark (U+FEFF, which
     * some Windows tools write at the start of a UTF-8 file).
     */
    static String clean(String raw) {
        String s = raw.strip();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1).strip();
        }
        return s;
    }

    /** True for a blank line or a comment ({@code #} or {@code %} first). */
    static boolean isBlankOrComment(String cleaned) {
        return cleaned.isEmpty() || cleaned.charAt(0) == '#' || cleaned.charAt(0) == '%';
    }

    /**
     * The first {@code max} whitespace-separated tokens of {@code s} (fewer if there are fewer).
     * Blanks are any {@link Character#isWhitespace} characters (space, tab, CR, ...).
     */
    static String[] splitWhitespace(String s, int max) {
        String[] buf = new String[max];
        int count = 0;
        int i = 0;
        int len = s.length();
        while (count < max) {
            while (i < len && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int start = i;
            while (i < len && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            buf[count++] = s.substring(start, i);
        }
        return shrink(buf, count);
    }

    /** The first {@code max} comma-separated fields of {@code s}, each stripped of blanks. */
    static String[] splitComma(String s, int max) {
        String[] buf = new String[max];
        int count = 0;
        int start = 0;
        while (count < max) {
            int comma = s.indexOf(',', start);
            if (comma < 0) {
                buf[count++] = s.substring(start).strip();
                break;
            }
            buf[count++] = s.substring(start, comma).strip();
            start = comma + 1;
        }
        return shrink(buf, count);
    }

    private static String[] shrink(String[] buf, int count) {
        if (count == buf.length) {
            return buf;
        }
        String[] out = new String[count];
        System.arraycopy(buf, 0, out, 0, count);
        return out;
    }

    /** The fields of an edge line: whitespace-separated for edge lists, comma-separated for CSV. */
    static String[] edgeFields(String cleaned, boolean csv) {
        return csv ? splitComma(cleaned, EDGE_COLUMNS) : splitWhitespace(cleaned, EDGE_COLUMNS);
    }

    /** True if {@code s} is an integer node id: ASCII digits with an optional sign, within the range of a long. */
    static boolean isInteger(String s) {
        if (!isAsciiInteger(s)) {
            return false;
        }
        try {
            Long.parseLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * True if {@code s} is {@code [+-]?[0-9]+} (ASCII digits only: {@link Long#parseLong} would also accept other
     * scripts' digits).
     */
    static boolean isAsciiInteger(String s) {
        int len = s.length();
        int i = len > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (i == len) {
            return false;
        }
        for (; i < len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * True if {@code s} is a decimal number {@code [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?} with ASCII digits d. This
     * excludes what {@link Double#parseDouble} accepts beyond the decimal notation of data files: hexadecimal
     * ({@code 0x1p3}), Java type suffixes ({@code 2f}, {@code 2d}), {@code NaN}, {@code Infinity}.
     */
    static boolean isDecimal(String s) {
        int len = s.length();
        int i = len > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        int digits = 0;
        while (i < len && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < len && s.charAt(i) == '.') {
            i++;
            while (i < len && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < len && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < len && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < len && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == len;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True for the usual spellings of a non-finite value: nan, inf, infinity (any case, optional sign). */
    static boolean isNonFiniteWord(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        return t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity");
    }

    /**
     * Parses an edge line {@code src dst [weight]} (or {@code src,dst[,weight]}); columns after the third are
     * ignored.
     *
     * @param raw  the line as read
     * @param line its 1-based number
     * @return the unordered pair and its weight on this line, or null for a blank or comment line
     */
    static Tuple2<PairKey, EdgeWeights> parseEdge(String file, long line, String raw, boolean csv) {
        String s = clean(raw);
        if (isBlankOrComment(s)) {
            return null;
        }
        String[] f = edgeFields(s, csv);
        String shape = csv ? "'src,dst[,weight]'" : "'src dst [weight]'";
        if (f.length < 2 || f[1].isEmpty()) {
            throw new InputException(file, line, raw, "expected " + shape + " with at least 2 columns, found "
                    + (f.length < 2 ? f.length : 1));
        }
        long src = parseId(file, line, raw, f[0], 1);
        long dst = parseId(file, line, raw, f[1], 2);
        double weight = 1.0;
        if (f.length > 2) {
            weight = parseFinite(file, line, raw, f[2], "weight in column 3");
        }
        return new Tuple2<>(new PairKey(src, dst), new EdgeWeights(weight, line));
    }

    private static long parseId(String file, long line, String raw, String token, int column) {
        if (isInteger(token)) {
            return Long.parseLong(token);
        }
        throw new InputException(file, line, raw, "expected an integer node id in column " + column
                + (isAsciiInteger(token) ? " (at most 19 digits, a 64-bit integer)" : "") + ", found '"
                + InputException.excerpt(token) + "'");
    }

    /** A finite double in decimal notation ({@link #isDecimal}), or an error naming {@code what}. */
    static double parseFinite(String file, long line, String raw, String token, String what) {
        if (!isDecimal(token)) {
            throw new InputException(file, line, raw, "expected a " + (isNonFiniteWord(token) ? "finite " : "")
                    + "number as " + what + ", found '" + InputException.excerpt(token) + "'");
        }
        double v = Double.parseDouble(token);
        if (!Double.isFinite(v)) {
            throw new InputException(file, line, raw, "expected a finite number as " + what + ", found '"
                    + InputException.excerpt(token) + "'");
        }
        return v;
    }

    /**
     * Parses a Matrix Market entry line {@code row col value} ({@code row col} for pattern matrices), 1-based.
     *
     * @param n     order of the matrix: indices must lie in 1..n
     * @param field the header's field
     * @return the unordered pair and the entry's value, or null for a blank or comment line
     */
    static Tuple2<PairKey, CoordinateValues> parseCoordinate(String file, long line, String raw, long n,
                                                            MatrixMarketHeader.Field field) {
        String s = clean(raw);
        if (isBlankOrComment(s)) {
            return null;
        }
        int expected = field == MatrixMarketHeader.Field.PATTERN ? 2 : 3;
        String[] t = splitWhitespace(s, expected + 1);
        if (t.length != expected) {
            String shape = expected == 2 ? "'row col' (2 columns, pattern matrix)"
                    : "'row col value' (3 columns, " + field.label() + " matrix)";
            throw new InputException(file, line, raw, "expected " + shape + ", found "
                    + (t.length > expected ? "more than " + expected : String.valueOf(t.length)) + " columns");
        }
        long row = parseIndex(file, line, raw, t[0], "row", n);
        long col = parseIndex(file, line, raw, t[1], "column", n);
        double value = 1.0;
        if (field == MatrixMarketHeader.Field.INTEGER) {
            if (!isInteger(t[2])) {
                throw new InputException(file, line, raw, "expected an integer value (field 'integer'), found '"
                        + InputException.excerpt(t[2]) + "'");
            }
            value = (double) Long.parseLong(t[2]);
        } else if (field == MatrixMarketHeader.Field.REAL) {
            value = parseFinite(file, line, raw, t[2], "value in column 3");
        }
        return new Tuple2<>(new PairKey(row, col), CoordinateValues.of(row, col, value, line));
    }

    private static long parseIndex(String file, long line, String raw, String token, String what, long n) {
        if (!isInteger(token)) {
            throw new InputException(file, line, raw, "expected an integer " + what + " index in 1.." + n
                    + ", found '" + InputException.excerpt(token) + "'");
        }
        long i = Long.parseLong(token);
        if (i < 1 || i > n) {
            throw new InputException(file, line, raw, what + " index " + i + " is out of range 1.." + n
                    + " (Matrix Market indices are 1-based)");
        }
        return i;
    }
}
