package org.matfun.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Graph500-style Kronecker (R-MAT) graph generator, seeded and deterministic, for the scaling benchmark
 * (docs/benchmarks-spark.md). Writes the adjacency matrix of the undirected simple graph as a Matrix Market
 * {@code coordinate pattern symmetric} file (lower triangle, 1-based).
 *
 * <p>IMPLEMENTATION NOTES (Graph500 specification, section "Kronecker generator"; Chakrabarti, Zhan and Faloutsos,
 * "R-MAT: a recursive model for graph mining", SDM 2004): N = 2^scale vertices, M = edgeFactor * N edge samples;
 * each sample picks its (row, col) bit by bit, quadrant (0,0), (0,1), (1,0), (1,1) with probabilities
 * A = 0.57, B = 0.19, C = 0.19, D = 1 - A - B - C = 0.05 (Graph500's initiator). Vertex labels are then permuted
 * by a seeded random permutation (as Graph500 does, so that the high-degree vertices are not the low ids and row
 * blocks see a realistic halo). Unlike Graph500's raw edge list, self-loops are dropped and repeated samples
 * merged, so the file holds E <= M distinct undirected edges and the matrix has nnz = 2 E; the file's size line
 * reports E. Memory: 8 bytes per sample (one long key per edge, sorted in place).
 *
 * <p>Usage: {@code RmatGraph --scale S [--edge-factor 16] [--seed 1] --out FILE.mtx}
 */
public final class RmatGraph {

    static final double A = 0.57;
    static final double B = 0.19;
    static final double C = 0.19;

    private RmatGraph() {
    }

    public static void main(String[] args) throws IOException {
        int scale = -1;
        int edgeFactor = 16;
        long seed = 1;
        Path out = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--scale" -> scale = Integer.parseInt(args[i + 1]);
                case "--edge-factor" -> edgeFactor = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--out" -> out = Paths.get(args[i + 1]);
                default -> {
                    System.err.println("RmatGraph: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (scale < 1 || scale > 30 || edgeFactor < 1 || out == null || (long) edgeFactor << scale > 1L << 31) {
            System.err.println("usage: RmatGraph --scale S (1..30) [--edge-factor F] [--seed X] --out FILE.mtx "
                    + "(F * 2^S < 2^31)");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        long[] keys = edges(scale, edgeFactor, seed);
        write(out, 1L << scale, keys, scale, edgeFactor, seed);
        System.err.printf(Locale.ROOT, "[rmat] scale %d, edge factor %d, seed %d: %d distinct edges (nnz %d) in %s,"
                + " %.1f s%n", scale, edgeFactor, seed, keys.length, 2L * keys.length, out, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * The distinct undirected edges as sorted keys row * 2^scale + col with row > col (0-based, after the label
     * permutation).
     */
    static long[] edges(int scale, int edgeFactor, long seed) {
        int n = 1 << scale;
        int m = edgeFactor * n;
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] perm = permutation(n, rnd);
        long[] keys = new long[m];
        int count = 0;
        for (int e = 0; e < m; e++) {
            long rc = sample(rnd, scale);
            int i = perm[(int) (rc >>> 32)];
            int j = perm[(int) rc];
            if (i != j) {
                keys[count++] = i > j ? ((long) i << scale) | j : ((long) j << scale) | i;
            }
        }
        Arrays.sort(keys, 0, count);
        int distinct = 0;
        for (int e = 0; e < count; e++) {
            if (distinct == 0 || keys[distinct - 1] != keys[e]) {
                keys[distinct++] = keys[e];
            }
        }
        return Arrays.copyOf(keys, distinct);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates, drawing from rnd). */
    static int[] permutation(int n, SplittableRandom rnd) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** One R-MAT sample before the permutation: row << 32 | col, bit by bit with the initiator A, B, C, D. */
    static long sample(SplittableRandom rnd, int scale) {
        int r = 0;
        int c = 0;
        for (int bit = 0; bit < scale; bit++) {
            double p = rnd.nextDouble();
            int rb = p >= A + B ? 1 : 0;
            int cb = (p >= A && p < A + B) || p >= A + B + C ? 1 : 0;
            r = (r << 1) | rb;
            c = (c << 1) | cb;
        }
        return (long) r << 32 | c;
    }

    private static void write(Path out, long n, long[] keys, int scale, int edgeFactor, long seed) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long mask = (1L << scale) - 1;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.US_ASCII)) {
            w.write("%%MatrixMarket matrix coordinate pattern symmetric\n");
            w.write(String.format(Locale.ROOT, "%% R-MAT (Graph500 initiator A=%.2f B=%.2f C=%.2f), scale %d, edge "
                    + "factor %d, seed %d; org.matfun.bench.RmatGraph%n", A, B, C, scale, edgeFactor, seed));
            w.write(n + " " + n + " " + keys.length + "\n");
            StringBuilder sb = new StringBuilder(64);
            for (long k : keys) {
                sb.setLength(0);
                sb.append((k >>> scale) + 1).append(' ').append((k & mask) + 1).append('\n');
                w.write(sb.toString());
            }
        }
    }
}
