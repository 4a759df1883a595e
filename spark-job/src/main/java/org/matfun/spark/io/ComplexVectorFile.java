package org.matfun.spark.io;

import org.apache.hadoop.conf.Configuration;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Arrays;

/**
 * A complex starting vector read on the driver: lines {@code ID RE [IM]} (IM default 0), {@code #}/{@code %}
 * comments, ids as in the input (row numbers for .mtx); missing ids are 0. Result: 2 n doubles interleaved.
 */
public final class ComplexVectorFile {

    private ComplexVectorFile() {
    }

    /**
     * @param ids original id by internal index, ascending
     * @throws InputException for a malformed line, an unknown or repeated id, or an all-zero vector
     */
    public static double[] read(Configuration conf, String file, long[] ids) {
        TextFiles.requireFile(conf, file);
        double[] x = new double[2 * ids.length];
        boolean[] seen = new boolean[ids.length];
        boolean nonzero = false;
        try (TextFiles.Head head = TextFiles.open(conf, file)) {
            BufferedReader in = head.reader();
            String line;
            long lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String s = line.strip();
                if (s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '%') {
                    continue;
                }
                String[] t = s.split("[\\s,]+");
                if (t.length < 2 || t.length > 3) {
                    throw new InputException(file, lineNo, line, "expected 'ID RE [IM]'");
                }
                long id;
                double re;
                double im = 0.0;
                try {
                    id = Long.parseLong(t[0]);
                } catch (NumberFormatException e) {
                    throw new InputException(file, lineNo, line, "id '" + t[0] + "' is not an integer; expected"
                            + " 'ID RE [IM]'");
                }
                try {
                    re = Double.parseDouble(t[1]);
                    if (t.length == 3) {
                        im = Double.parseDouble(t[2]);
                    }
                } catch (NumberFormatException e) {
                    re = Double.NaN;
                }
                if (!Double.isFinite(re) || !Double.isFinite(im)) {
                    throw new InputException(file, lineNo, line, "expected finite numbers 'ID RE [IM]'");
                }
                int i = Arrays.binarySearch(ids, id);
                if (i < 0) {
                    throw new InputException(file, lineNo, line, "id " + id + " is not a node of the input");
                }
                if (seen[i]) {
                    throw new InputException(file, lineNo, line, "id " + id + " is given twice");
                }
                seen[i] = true;
                x[2 * i] = re;
                x[2 * i + 1] = im;
                nonzero |= re != 0.0 || im != 0.0;
            }
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage() + " (truncated or corrupt?)");
        }
        if (!nonzero) {
            throw new InputException(file, "the vector is zero (no nonzero 'ID RE [IM]' line)");
        }
        return x;
    }
}
