package org.matfun.spark.io;

import org.apache.hadoop.conf.Configuration;
import org.matfun.core.hermitian.HermitianCsrMatrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Matrix Market {@code coordinate complex hermitian} (lower triangle stored, real diagonal) and
 * {@code coordinate complex general} (Hermitian as given, or (A + A^H)/2 with --symmetrize), read on the driver into
 * a {@link HermitianCsrMatrix} (small inputs). Lines {@code i j re im}, 1-based. {@code complex symmetric} and
 * {@code skew-symmetric} are refused (not Hermitian). A real, integer or pattern file (symmetric or general) is read
 * as Hermitian with zero imaginary parts, for a complex function on a real matrix. Ids of the outputs are the row numbers 1..n.
 */
public final class ComplexMatrixMarket {

    private ComplexMatrixMarket() {
    }

    /** True if the file's first line is a Matrix Market banner with the field {@code complex}. */
    public static boolean isComplex(Configuration conf, String file) {
        try {
            TextFiles.requireFile(conf, file);
        } catch (InputException e) {
            return false; // the real reader reports it as before
        }
        try (TextFiles.Head head = TextFiles.open(conf, file)) {
            String banner = head.reader().readLine();
            if (banner == null) {
                return false;
            }
            String[] t = banner.strip().split("\\s+");
            return t.length >= 4 && t[0].equalsIgnoreCase("%%MatrixMarket") && t[3].equalsIgnoreCase("complex");
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: the real reader reports it as before
        }
    }

    /**
     * @throws InputException for a refused banner, a malformed line, an index out of range, a non-real diagonal of
     *                        a hermitian file, an upper-triangle entry of a hermitian file, a general file that is
     *                        not Hermitian without --symmetrize (file, line, what was expected)
     */
    public static HermitianCsrMatrix read(Configuration conf, String file, boolean symmetrize) {
        try (TextFiles.Head head = TextFiles.open(conf, file)) {
            return parse(file, head.reader(), symmetrize);
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage() + " (truncated or corrupt?)");
        }
    }

    static HermitianCsrMatrix parse(String file, BufferedReader in, boolean symmetrize) throws IOException {
        String banner = in.readLine();
        String[] b = banner.strip().split("\\s+");
        String expected = "%%MatrixMarket matrix coordinate complex <hermitian|general>";
        if (b.length != 5 || !b[1].equalsIgnoreCase("matrix") || !b[2].equalsIgnoreCase("coordinate")) {
            throw new InputException(file, 1, banner, "malformed complex Matrix Market banner: expected " + expected);
        }
        String field = b[3].toLowerCase(Locale.ROOT);
        boolean complex = field.equals("complex");
        boolean pattern = field.equals("pattern");
        if (!complex && !pattern && !field.equals("real") && !field.equals("integer")) {
            throw new InputException(file, 1, banner, "Matrix Market field '" + b[3] + "' is not supported: expected"
                    + " complex, real, integer or pattern");
        }
        String symmetry = b[4].toLowerCase(Locale.ROOT);
        boolean hermitian;
        if (symmetry.equals("hermitian") || (!complex && symmetry.equals("symmetric"))) {
            hermitian = true; // a real symmetric file is Hermitian with zero imaginary parts
        } else if (symmetry.equals("general")) {
            hermitian = false;
        } else {
            throw new InputException(file, 1, banner, "Matrix Market symmetry '" + b[4] + "' of a " + field
                    + " matrix is not supported: expected hermitian or general (a complex " + symmetry
                    + " matrix is not Hermitian)");
        }
        int width = complex ? 4 : pattern ? 2 : 3;
        long lineNo = 1;
        String line;
        long n = -1;
        long declared = 0;
        long sizeLine = 0;
        int m = 0;
        int[] rows = new int[16];
        int[] cols = new int[16];
        double[] re = new double[16];
        double[] im = new double[16];
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.charAt(0) == '%') {
                continue;
            }
            String[] t = s.split("\\s+");
            if (n < 0) {
                if (t.length != 3) {
                    throw new InputException(file, lineNo, line, "expected the size line 'rows cols entries'"
                            + " (3 integers)");
                }
                long r;
                long c;
                try {
                    r = Long.parseLong(t[0]);
                    c = Long.parseLong(t[1]);
                    declared = Long.parseLong(t[2]);
                } catch (NumberFormatException e) {
                    throw new InputException(file, lineNo, line, "expected the size line 'rows cols entries'"
                            + " (3 integers)");
                }
                if (r != c || r < 1 || r > Integer.MAX_VALUE - 8) {
                    throw new InputException(file, lineNo, line, "expected a square matrix with 1 <= n < 2^31");
                }
                n = r;
                sizeLine = lineNo;
                continue;
            }
            if (t.length != width) {
                throw new InputException(file, lineNo, line, complex
                        ? "expected an entry line 'i j re im' (complex field)"
                        : pattern ? "expected an entry line 'i j' (pattern field)" : "expected an entry line 'i j value'");
            }
            long i;
            long j;
            double x;
            double y;
            try {
                i = Long.parseLong(t[0]);
                j = Long.parseLong(t[1]);
            } catch (NumberFormatException e) {
                throw new InputException(file, lineNo, line, "expected integer indices 'i j re im'");
            }
            try {
                x = pattern ? 1.0 : Double.parseDouble(t[2]);
                y = complex ? Double.parseDouble(t[3]) : 0.0;
            } catch (NumberFormatException e) {
                x = Double.NaN;
                y = Double.NaN;
            }
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new InputException(file, lineNo, line, "expected finite real and imaginary parts");
            }
            if (i < 1 || i > n || j < 1 || j > n) {
                throw new InputException(file, lineNo, line, "index (" + i + ", " + j + ") out of range 1.." + n
                        + " (1-based)");
            }
            if (i == j && y != 0.0 && hermitian) {
                throw new InputException(file, lineNo, line, "diagonal entry A(" + i + "," + i + ") = " + x + " + "
                        + y + "i is not real: a Hermitian matrix has a real diagonal");
            }
            if (hermitian && i < j && !complex) {
                long swap = i; // a real symmetric entry may be given in either triangle
                i = j;
                j = swap;
            }
            if (hermitian && i < j) {
                throw new InputException(file, lineNo, line, "entry (" + i + ", " + j + ") is above the diagonal:"
                        + " a 'hermitian' file stores the lower triangle (i >= j)");
            }
            if (m + 2 > rows.length) {
                rows = Arrays.copyOf(rows, 2 * rows.length);
                cols = Arrays.copyOf(cols, 2 * cols.length);
                re = Arrays.copyOf(re, 2 * re.length);
                im = Arrays.copyOf(im, 2 * im.length);
            }
            if (!hermitian && symmetrize) {
                // (A + A^H)/2: half of the entry at (i, j), half of its conjugate at (j, i)
                rows[m] = (int) i - 1;
                cols[m] = (int) j - 1;
                re[m] = x / 2;
                im[m++] = y / 2;
                rows[m] = (int) j - 1;
                cols[m] = (int) i - 1;
                re[m] = x / 2;
                im[m++] = -y / 2;
            } else {
                rows[m] = (int) i - 1;
                cols[m] = (int) j - 1;
                re[m] = x;
                im[m++] = y;
            }
        }
        if (n < 0) {
            throw new InputException(file, "no entries: no size line 'rows cols entries' after the banner");
        }
        long lines = !hermitian && symmetrize ? m / 2 : m;
        if (lines != declared) {
            throw new InputException(file, sizeLine, null, "the size line declares " + declared + " entries but the"
                    + " file has " + lines + " entry lines");
        }
        rows = Arrays.copyOf(rows, m);
        cols = Arrays.copyOf(cols, m);
        re = Arrays.copyOf(re, m);
        im = Arrays.copyOf(im, m);
        try {
            return hermitian ? HermitianCsrMatrix.fromLowerTriangle((int) n, rows, cols, re, im)
                    : HermitianCsrMatrix.fromCoordinates((int) n, rows, cols, re, im);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, e.getMessage() + " (0-based indices)"
                    + (hermitian ? "" : "; a 'complex general' file must be Hermitian, or give --symmetrize for"
                    + " (A + A^H)/2"));
        }
    }
}
