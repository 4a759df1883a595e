package org.matfun.core;

import org.matfun.core.operator.CsrMatrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The real matrices of ../shared/data for core tests: a minimal reader of gzipped Matrix Market coordinate files
 * ({@code real} or {@code pattern}, {@code symmetric} or {@code general} that is symmetric), both triangles stored
 * in the result.
 */
public final class SharedMatrices {

    private SharedMatrices() {
    }

    /** The path of a file under ../shared/data (from the module or the repository directory). */
    public static Path path(String relative) {
        for (String c : new String[] {"../../shared/data", "../shared/data"}) {
            Path p = Paths.get(c);
            if (Files.isDirectory(p)) {
                return p.resolve(relative).toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("../shared/data not found from " + Paths.get("").toAbsolutePath());
    }

    /** A symmetric matrix from ../shared/data/{relative} (a .mtx.gz file). */
    public static CsrMatrix read(String relative) {
        return read(relative, false);
    }

    /**
     * @param relative  file under ../shared/data
     * @param adjacency if true, the graph of the off-diagonal pattern: 1 at every stored off-diagonal position, 0
     *                  diagonal
     */
    public static CsrMatrix read(String relative, boolean adjacency) {
        Path p = path(relative);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.US_ASCII))) {
            String header = in.readLine().toLowerCase(Locale.ROOT);
            boolean pattern = header.contains("pattern");
            boolean symmetric = header.contains("symmetric");
            String line = in.readLine();
            while (line.startsWith("%")) {
                line = in.readLine();
            }
            String[] size = line.trim().split("\\s+");
            int n = Integer.parseInt(size[0]);
            int nnz = Integer.parseInt(size[2]);
            int cap = symmetric ? 2 * nnz : nnz;
            int[] rows = new int[cap];
            int[] cols = new int[cap];
            double[] vals = new double[cap];
            int m = 0;
            for (int e = 0; e < nnz; e++) {
                String[] t = in.readLine().trim().split("\\s+");
                int i = Integer.parseInt(t[0]) - 1;
                int j = Integer.parseInt(t[1]) - 1;
                double v = pattern ? 1.0 : Double.parseDouble(t[2]);
                if (adjacency) {
                    if (i == j) {
                        continue;
                    }
                    v = 1.0;
                }
                rows[m] = i;
                cols[m] = j;
                vals[m++] = v;
                if (symmetric && i != j) {
                    rows[m] = j;
                    cols[m] = i;
                    vals[m++] = v;
                }
            }
            if (adjacency) {
                // a general pattern may list both (i, j) and (j, i): keep 1, not 2
                return ones(CsrMatrix.fromCoordinates(n, java.util.Arrays.copyOf(rows, m),
                        java.util.Arrays.copyOf(cols, m), java.util.Arrays.copyOf(vals, m)));
            }
            return CsrMatrix.fromCoordinates(n, java.util.Arrays.copyOf(rows, m), java.util.Arrays.copyOf(cols, m),
                    java.util.Arrays.copyOf(vals, m));
        } catch (IOException e) {
            throw new UncheckedIOException(p.toString(), e);
        }
    }

    private static CsrMatrix ones(CsrMatrix a) {
        double[] v = a.values();
        java.util.Arrays.fill(v, 1.0);
        return a.withValues(v);
    }
}
