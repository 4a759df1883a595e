package org.matfun.bench.jmh;

import org.matfun.core.operator.CsrMatrix;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The benchmark matrices as core {@link CsrMatrix} objects, read without Spark: SuiteSparse Matrix Market files
 * (symmetric, stored triangle mirrored) and SNAP edge lists (symmetric 0/1 adjacency: self-loops dropped, each
 * unordered pair once, node ids numbered 0..n-1 in increasing id order). The parsed coordinates are cached in
 * a binary file under {@code matfun.bench.cache} (default benchmarks/target/jmh-cache) so that every JMH fork
 * does not re-parse the text.
 *
 * <p>System properties: {@code matfun.data} (default ../shared/data), {@code matfun.bench.cache}.
 */
public final class BenchMatrices {

    private BenchMatrices() {
    }

    /** Relative path under the data directory of each benchmark matrix. */
    public static String file(String name) {
        switch (name) {
            case "G3_circuit":
                return "suitesparse/G3_circuit.mtx.gz";
            case "Andrews":
                return "suitesparse/Andrews.mtx.gz";
            case "CA-HepPh":
                return "snap/CA-HepPh.txt.gz";
            case "soc-Slashdot0902":
                return "snap/soc-Slashdot0902.txt.gz";
            default:
                throw new IllegalArgumentException("unknown benchmark matrix " + name
                        + "; expected G3_circuit, Andrews, CA-HepPh or soc-Slashdot0902");
        }
    }

    /** Loads (or reads from the cache) the named matrix. */
    public static CsrMatrix load(String name) throws IOException {
        Path data = Paths.get(System.getProperty("matfun.data", "../shared/data"));
        Path cacheDir = Paths.get(System.getProperty("matfun.bench.cache", "benchmarks/target/jmh-cache"));
        Path cache = cacheDir.resolve(name + ".coo");
        Coordinates c;
        if (Files.isRegularFile(cache)) {
            c = readCache(cache);
        } else {
            Path src = data.resolve(file(name));
            c = src.toString().endsWith(".mtx.gz") ? readMatrixMarket(src) : readEdgeList(src);
            Files.createDirectories(cacheDir);
            Path tmp = Files.createTempFile(cacheDir, name, ".tmp");
            writeCache(tmp, c);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return CsrMatrix.fromCoordinates(c.n, Arrays.copyOf(c.rows, c.m), Arrays.copyOf(c.cols, c.m),
                Arrays.copyOf(c.vals, c.m));
    }

    private static final class Coordinates {
        int n;
        int m;
        int[] rows = new int[1 << 16];
        int[] cols = new int[1 << 16];
        double[] vals = new double[1 << 16];

        void add(int i, int j, double v) {
            if (m == rows.length) {
                rows = Arrays.copyOf(rows, 2 * m);
                cols = Arrays.copyOf(cols, 2 * m);
                vals = Arrays.copyOf(vals, 2 * m);
            }
            rows[m] = i;
            cols[m] = j;
            vals[m] = v;
            m++;
        }
    }

    private static BufferedReader open(Path p) throws IOException {
        return new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16), 1 << 16),
                StandardCharsets.US_ASCII), 1 << 16);
    }

    private static Coordinates readMatrixMarket(Path p) throws IOException {
        Coordinates c = new Coordinates();
        try (BufferedReader r = open(p)) {
            String banner = r.readLine();
            if (banner == null || !banner.startsWith("%%MatrixMarket matrix coordinate")) {
                throw new IOException(p + ": line 1: expected a coordinate Matrix Market banner, got " + banner);
            }
            boolean symmetric = banner.contains("symmetric");
            boolean pattern = banner.contains("pattern");
            String line;
            int lineNo = 1;
            boolean sized = false;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isEmpty() || line.charAt(0) == '%') {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                if (!sized) {
                    c.n = Integer.parseInt(t[0]);
                    sized = true;
                    continue;
                }
                int i = Integer.parseInt(t[0]) - 1;
                int j = Integer.parseInt(t[1]) - 1;
                double v = pattern ? 1.0 : Double.parseDouble(t[2]);
                c.add(i, j, v);
                if (symmetric && i != j) {
                    c.add(j, i, v);
                }
            }
        }
        return c;
    }

    private static Coordinates readEdgeList(Path p) throws IOException {
        long[] pairs = new long[1 << 16];
        int m = 0;
        try (BufferedReader r = open(p)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.charAt(0) == '#') {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                long u = Long.parseLong(t[0]);
                long v = Long.parseLong(t[1]);
                if (u == v) {
                    continue;
                }
                if (m == pairs.length) {
                    pairs = Arrays.copyOf(pairs, 2 * m);
                }
                pairs[m++] = (Math.min(u, v) << 32) | Math.max(u, v);
            }
        }
        pairs = Arrays.copyOf(pairs, m);
        Arrays.sort(pairs);
        long[] ids = new long[2 * m];
        for (int e = 0; e < m; e++) {
            ids[2 * e] = pairs[e] >>> 32;
            ids[2 * e + 1] = pairs[e] & 0xffffffffL;
        }
        Arrays.sort(ids);
        int distinct = 0;
        for (int e = 0; e < ids.length; e++) {
            if (e == 0 || ids[e] != ids[e - 1]) {
                ids[distinct++] = ids[e];
            }
        }
        ids = Arrays.copyOf(ids, distinct);
        Coordinates c = new Coordinates();
        c.n = distinct;
        for (int e = 0; e < m; e++) {
            if (e > 0 && pairs[e] == pairs[e - 1]) {
                continue;
            }
            int i = Arrays.binarySearch(ids, pairs[e] >>> 32);
            int j = Arrays.binarySearch(ids, pairs[e] & 0xffffffffL);
            c.add(i, j, 1.0);
            c.add(j, i, 1.0);
        }
        return c;
    }

    private static void writeCache(Path p, Coordinates c) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 20))) {
            out.writeInt(c.n);
            out.writeInt(c.m);
            for (int e = 0; e < c.m; e++) {
                out.writeInt(c.rows[e]);
                out.writeInt(c.cols[e]);
                out.writeDouble(c.vals[e]);
            }
        }
    }

    private static Coordinates readCache(Path p) throws IOException {
        Coordinates c = new Coordinates();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 20))) {
            c.n = in.readInt();
            c.m = in.readInt();
            c.rows = new int[c.m];
            c.cols = new int[c.m];
            c.vals = new double[c.m];
            for (int e = 0; e < c.m; e++) {
                c.rows[e] = in.readInt();
                c.cols[e] = in.readInt();
                c.vals[e] = in.readDouble();
            }
        }
        return c;
    }
}
