package org.matfun.bench.baselines;

import org.matfun.core.operator.CsrMatrix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The matrices of the baseline benchmark, read on one machine without Spark (benchmark-only helper; the
 * job's readers are in spark-job's {@code io} package):
 * <ul>
 *   <li>Matrix Market {@code coordinate real|integer|pattern symmetric|general} (gzip allowed): the
 *       symmetric case mirrors the stored triangle; pattern entries are 1;</li>
 *   <li>SNAP edge lists: {@code #} comments, two node ids per line; the graph is made undirected, node ids
 *       are re-indexed in order of first appearance, repeated pairs and self-loops are dropped, weights 1
 *       (the adjacency matrix);</li>
 *   <li>the seed SPD problem of DESIGN 4: A = U diag(exp(|linspace(-5, 5, n) + 0.4 N(0, 1)|)) U^T with U
 *       a random orthogonal matrix (eight random Householder reflections, as core's test SeedProblem), all
 *       from one seed; stored dense as CSR.</li>
 * </ul>
 */
public final class BenchmarkMatrices {

    private BenchmarkMatrices() {
    }

    /** Reads a Matrix Market file. @throws IOException if unreadable or not coordinate format */
    public static CsrMatrix readMatrixMarket(Path path) throws IOException {
        try (BufferedReader in = open(path)) {
            String header = in.readLine();
            if (header == null || !header.startsWith("%%MatrixMarket matrix coordinate")) {
                throw new IOException(path + ": line 1 is not a '%%MatrixMarket matrix coordinate' header");
            }
            boolean pattern = header.contains("pattern");
            boolean symmetric = header.contains("symmetric");
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.startsWith("%"));
            if (line == null) {
                throw new IOException(path + ": no size line");
            }
            String[] size = line.trim().split("\\s+");
            int n = Integer.parseInt(size[0]);
            int entries = Integer.parseInt(size[2]);
            int cap = symmetric ? 2 * entries : entries;
            int[] r = new int[cap];
            int[] c = new int[cap];
            double[] v = new double[cap];
            int m = 0;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("%")) {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                int i = Integer.parseInt(t[0]) - 1;
                int j = Integer.parseInt(t[1]) - 1;
                double x = pattern ? 1.0 : Double.parseDouble(t[2]);
                r[m] = i;
                c[m] = j;
                v[m++] = x;
                if (symmetric && i != j) {
                    r[m] = j;
                    c[m] = i;
                    v[m++] = x;
                }
            }
            return CsrMatrix.fromCoordinates(n, Arrays.copyOf(r, m), Arrays.copyOf(c, m), Arrays.copyOf(v, m));
        }
    }

    /** Reads a SNAP edge list as an undirected 0/1 adjacency matrix without self-loops. */
    public static CsrMatrix readEdgeList(Path path) throws IOException {
        return readEdgeList(path, new HashMap<>());
    }

    /**
     * As {@link #readEdgeList(Path)}, filling {@code index} with node id -> row index (order of first
     * appearance).
     */
    public static CsrMatrix readEdgeList(Path path, Map<Long, Integer> index) throws IOException {
        Map<Long, Boolean> seen = new HashMap<>();
        int[] r = new int[1 << 16];
        int[] c = new int[1 << 16];
        int m = 0;
        try (BufferedReader in = open(path)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                int i = index.computeIfAbsent(Long.parseLong(t[0]), x -> index.size());
                int j = index.computeIfAbsent(Long.parseLong(t[1]), x -> index.size());
                if (i == j) {
                    continue;
                }
                long key = ((long) Math.min(i, j) << 32) | Math.max(i, j);
                if (seen.put(key, Boolean.TRUE) != null) {
                    continue;
                }
                if (m + 2 > r.length) {
                    r = Arrays.copyOf(r, 2 * r.length);
                    c = Arrays.copyOf(c, 2 * c.length);
                }
                r[m] = i;
                c[m++] = j;
                r[m] = j;
                c[m++] = i;
            }
        }
        double[] ones = new double[m];
        Arrays.fill(ones, 1.0);
        return CsrMatrix.fromCoordinates(index.size(), Arrays.copyOf(r, m), Arrays.copyOf(c, m), ones);
    }

    /**
     * The seed SPD problem (DESIGN 4), dense, order n.
     *
     * @return the matrix as CSR with all n^2 entries stored (exactly symmetric)
     */
    public static CsrMatrix seedSpd(int n, long seed) {
        return seedSpdWithEigen(n, seed).matrix();
    }

    /**
     * The seed SPD problem and its construction.
     *
     * @param matrix      A, all n^2 entries stored
     * @param eigenvalues lambda, length n (not sorted)
     * @param basis       U, n x n column-major orthogonal
     */
    public record SeedProblem(CsrMatrix matrix, double[] eigenvalues, double[] basis) {
    }

    /**
     * The seed SPD problem with its eigenvalues and eigenbasis (A = U diag(lambda) U^T up to rounding), built
     * as core's test {@code SeedProblem}: the same seed gives the same lambda and U = H_1 ... H_8, a product of
     * eight Householder reflections H_r = I - 2 w_r w_r^T with Gaussian w_r (drawn after lambda from the same
     * {@link Random}). Cost O(n^2) (each reflection is applied to n columns in O(n)).
     */
    public static SeedProblem seedSpdWithEigen(int n, long seed) {
        Random rnd = new Random(seed);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? 0.0 : -5.0 + 10.0 * i / (n - 1);
            lambda[i] = Math.exp(Math.abs(x + 0.4 * rnd.nextGaussian()));
        }
        double[][] w = new double[SEED_REFLECTIONS][n];
        for (int r = 0; r < SEED_REFLECTIONS; r++) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                w[r][i] = rnd.nextGaussian();
                s += w[r][i] * w[r][i];
            }
            s = Math.sqrt(s);
            for (int i = 0; i < n; i++) {
                w[r][i] /= s;
            }
        }
        // U = H_1 ... H_8: column j is U e_j (reflections applied last to first); column-major
        double[] u = new double[n * n];
        double[] col = new double[n];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(col, 0.0);
            col[j] = 1.0;
            applyU(w, col);
            System.arraycopy(col, 0, u, j * n, n);
        }
        // A = U diag(lambda) U^T: row i of A is U (lambda o U^T e_i) = U (lambda o row i of U)
        int[] rows = new int[n * n];
        int[] cols = new int[n * n];
        double[] vals = new double[n * n];
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                col[j] = lambda[j] * u[j * n + i];
            }
            applyU(w, col);
            System.arraycopy(col, 0, a, i * n, n);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int e = i * n + j;
                rows[e] = i;
                cols[e] = j;
                vals[e] = i <= j ? a[i * n + j] : a[j * n + i]; // exact symmetry: upper triangle mirrored
            }
        }
        return new SeedProblem(CsrMatrix.fromCoordinates(n, rows, cols, vals), lambda, u);
    }

    private static final int SEED_REFLECTIONS = 8;

    /** x = H_1 H_2 ... H_m x in place. */
    private static void applyU(double[][] w, double[] x) {
        for (int r = w.length - 1; r >= 0; r--) {
            double d = 0.0;
            for (int i = 0; i < x.length; i++) {
                d += w[r][i] * x[i];
            }
            for (int i = 0; i < x.length; i++) {
                x[i] -= 2.0 * d * w[r][i];
            }
        }
    }

    /**
     * A direction E with the sparsity pattern of A and seeded weights uniform in [-1, 1), symmetric
     * (E_pq = E_qp): the affine family A + theta E of the benchmark.
     */
    public static CsrMatrix randomDirection(CsrMatrix a, long seed) {
        int n = a.dimension();
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double[] val = new double[col.length];
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                int j = col[p];
                long lo = Math.min(i, j);
                long hi = Math.max(i, j);
                val[p] = 2.0 * new Random(seed * 0x9E3779B97F4A7C15L + lo * 1_000_003L + hi).nextDouble() - 1.0;
            }
        }
        return a.withValues(val);
    }

    /** Rademacher vector +-1/sqrt(n) from a seed (unit norm). */
    public static double[] rademacher(int n, long seed) {
        Random rnd = new Random(seed);
        double[] u = new double[n];
        double s = 1.0 / Math.sqrt(n);
        for (int i = 0; i < n; i++) {
            u[i] = rnd.nextBoolean() ? s : -s;
        }
        return u;
    }

    private static BufferedReader open(Path path) throws IOException {
        InputStream raw = Files.newInputStream(path);
        InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    }
}
