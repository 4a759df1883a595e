package org.matfun.spark.io;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.ConsoleCapture;
import org.matfun.spark.SparkTestSupport;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded fuzzing of the readers with mutants of real files from {@code ../shared/data} (karate, bcsstk01 and a
 * {@code general} copy of it, 494_bus, the first 200 lines of CA-GrQc and facebook_combined, CSV versions of those
 * two, and the GML graphs dolphins and lesmis): random truncations, byte flips, deleted, duplicated and swapped
 * lines, inserted garbage tokens, comment lines, CRLF/CR changes; on the Spark path also gzip compression, gzip
 * truncation and gzip byte flips.
 *
 * <p>Property (no hang, no stack trace, no silent wrong answer): every mutant either reads as a valid matrix
 * (n >= 1, nnz = entries.count(), symmetric entries, finite values, indices in [0, n)) <em>that is the matrix the
 * mutant's text denotes</em> (the same n, nnz and entry checksum as the independent line-level reading
 * {@link Local}), or is rejected with an {@link InputException} whose one-line message names the file (and, when
 * about a line, "line N") and which the line-level reading rejects too; never another exception, a hang (a timeout
 * per case), a NaN, a failed Spark task (which Spark would log with its stack trace and retry) or anything logged
 * at WARN or ERROR.
 *
 * <p>Two paths. {@link #lineLevelPaths()}: thousands of mutants through the driver-side and line-level code
 * ({@link MatrixMarketHeader#read}, {@link TextFiles#csvHeaderLine(BufferedReader)}, {@link LineParser},
 * {@link CoordinateValues#merge}, {@link EdgeWeights#merge}, {@link GmlLoader#parse}) plus the whole-file rules
 * evaluated here (entry count, symmetry, conflicting weights: {@link Local}), without Spark, each case under a
 * timeout. {@link #fullSparkRead()}: a few hundred mutants written to files (plain, gzip, truncated gzip, gzip
 * with flipped bytes) and read by {@link MatrixReader#read} with 1 to 3 partitions; the outcome must agree with
 * the line-level one (accepted or not; the same n, nnz and checksum), except that a damaged gzip file may only be
 * rejected or read as the intact mutant. Counts and times are written to {@code target/reader-fuzz.txt}.
 */
class ReaderFuzzTest {

    /** Defaults of CI; a longer local run: {@code -Dmatfun.fuzz.seed=N -Dmatfun.fuzz.sparkCases=2000} etc. */
    private static final long SEED = Long.getLong("matfun.fuzz.seed", 0x5EEDF022L);
    private static final int LINE_CASES = Integer.getInteger("matfun.fuzz.lineCases", 20000);
    private static final int SPARK_CASES = Integer.getInteger("matfun.fuzz.sparkCases", 400);
    private static final Duration CASE_TIMEOUT = Duration.ofSeconds(10);
    private static final int SPARK_THREADS = 4;
    private static final Duration LINE_BUDGET = Duration.ofSeconds(40L * Math.max(1, LINE_CASES / 20000));
    private static final Duration SPARK_BUDGET = Duration.ofSeconds(120L * Math.max(1, SPARK_CASES / 400));

    private static final String[] GARBAGE = {
        "NaN", "-Infinity", "inf", "1e999", "-1e-400", "-0", "0", "x", "0x1p3", "2f", "1.5d", "1e", ".", "-",
        "9223372036854775807", "9223372036854775808", "-9223372036854775809", "99999999999", "\uFEFF", "\u00a0",
        "\u0663\u0661", ",", ",,", "#", "%", "\t", "\u0000", "1.5", "-1", "3 4", "%%MatrixMarket",
        "%%MatrixMarket matrix coordinate real general", "\ufffd", "e5", "+7", "1_000"
    };
    private static final byte[] INTERESTING = "0123456789 \t\n\r-+.eE,#%x".getBytes(StandardCharsets.US_ASCII);
    private static List<Source> sources;

    @TempDir
    Path dir;

    /** A seed file: name, format, decompressed bytes. */
    private record Source(String name, InputFormat format, byte[] text) {
    }

    @BeforeAll
    static void loadSources() throws IOException {
        sources = new ArrayList<>();
        byte[] bcsstk01 = gunzip("suitesparse/bcsstk01.mtx.gz", Integer.MAX_VALUE);
        sources.add(new Source("karate.mtx", InputFormat.MTX, gunzip("networks/karate.mtx.gz", Integer.MAX_VALUE)));
        sources.add(new Source("bcsstk01.mtx", InputFormat.MTX, bcsstk01));
        sources.add(new Source("bcsstk01-general.mtx", InputFormat.MTX, general(bcsstk01)));
        sources.add(new Source("494_bus.mtx", InputFormat.MTX, gunzip("suitesparse/494_bus.mtx.gz",
                Integer.MAX_VALUE)));
        byte[] grqc = gunzip("snap/CA-GrQc.txt.gz", 200);
        byte[] facebook = gunzip("snap/facebook_combined.txt.gz", 200);
        sources.add(new Source("CA-GrQc-200.txt", InputFormat.EDGELIST, grqc));
        sources.add(new Source("facebook-200.txt", InputFormat.EDGELIST, facebook));
        sources.add(new Source("CA-GrQc-200.csv", InputFormat.CSV, csv(grqc, "FromNodeId,ToNodeId\n")));
        sources.add(new Source("facebook-200.csv", InputFormat.CSV, csv(facebook, "")));
        sources.add(new Source("dolphins.gml", InputFormat.GML, gunzip("networks/dolphins.gml.gz",
                Integer.MAX_VALUE)));
        sources.add(new Source("lesmis.gml", InputFormat.GML, gunzip("networks/lesmis.gml.gz", Integer.MAX_VALUE)));
    }

    @Test
    void lineLevelPaths() {
        for (Source s : sources) {
            assertEquals(Local.Kind.PARSED, Local.read(s.name(), s.text(), s.format()).kind, s.name()
                    + " must read as it is");
        }
        Counts counts = new Counts();
        long t0 = System.nanoTime();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            assertTimeoutPreemptively(LINE_BUDGET, () -> {
                Random seeds = new Random(SEED);
                for (int i = 0; i < LINE_CASES; i++) {
                    long seed = seeds.nextLong();
                    Random rnd = new Random(seed);
                    Source s = sources.get(rnd.nextInt(sources.size()));
                    List<String> ops = new ArrayList<>();
                    byte[] mutant = mutate(s.text(), rnd, ops);
                    String file = "mutant-" + i + "-" + s.name();
                    Future<Local> f = worker.submit(() -> Local.read(file, mutant, s.format()));
                    try {
                        Local r = f.get(CASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        if (r.kind == Local.Kind.PARSED) {
                            counts.parsed();
                            assertTrue(r.n >= 1 && r.nnz >= 1, "n = " + r.n + ", nnz = " + r.nnz);
                        } else {
                            counts.rejected(r.error);
                            if (r.error != null) {
                                checkMessage(r.error, file);
                            }
                        }
                    } catch (TimeoutException e) {
                        f.cancel(true);
                        throw failure(i, seed, s, ops, mutant, new AssertionError("no result in " + CASE_TIMEOUT));
                    } catch (ExecutionException e) {
                        throw failure(i, seed, s, ops, mutant, e.getCause());
                    } catch (Throwable t) {
                        throw failure(i, seed, s, ops, mutant, t);
                    }
                }
            });
        } finally {
            worker.shutdownNow();
        }
        counts.report("line-level", LINE_CASES, System.nanoTime() - t0);
        assertTrue(counts.parsedCount() > LINE_CASES / 20, "too few mutants parse: " + counts);
        assertTrue(counts.rejectedCount() > LINE_CASES / 2, "too few mutants are rejected: " + counts);
    }

    @Test
    void fullSparkRead() throws Exception {
        JavaSparkContext sc = SparkTestSupport.context();
        Counts counts = new Counts();
        long t0 = System.nanoTime();
        Random seeds = new Random(SEED ^ 0x9E3779B97F4A7C15L);
        List<Callable<Void>> cases = new ArrayList<>();
        for (int i = 0; i < SPARK_CASES; i++) {
            int index = i;
            long seed = seeds.nextLong();
            cases.add(() -> {
                sparkCase(sc, index, seed, counts);
                return null;
            });
        }
        // Spark jobs of one small file mostly wait on scheduling: a few reads at a time keep both cores busy
        ExecutorService pool = Executors.newFixedThreadPool(SPARK_THREADS);
        try (ConsoleCapture console = ConsoleCapture.start()) {
            assertTimeoutPreemptively(SPARK_BUDGET, () -> {
                for (Future<Void> f : pool.invokeAll(cases)) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }
            });
            assertEquals(0, console.failedTasks(), "Spark tasks failed on bad input (Spark would log and retry them):\n"
                    + console.log());
            assertEquals("", console.log(), "logged at WARN or ERROR");
        } finally {
            pool.shutdownNow();
        }
        counts.report("Spark", SPARK_CASES, System.nanoTime() - t0);
        assertTrue(counts.parsedCount() > SPARK_CASES / 20, "too few mutants parse: " + counts);
        assertTrue(counts.rejectedCount() > SPARK_CASES / 3, "too few mutants are rejected: " + counts);
    }

    /** One mutant written to a file (plain, gzip or truncated gzip) and read with Spark. */
    private void sparkCase(JavaSparkContext sc, int i, long seed, Counts counts) throws IOException {
        Random rnd = new Random(seed);
        Source s = sources.get(rnd.nextInt(sources.size()));
        List<String> ops = new ArrayList<>();
        byte[] mutant = mutate(s.text(), rnd, ops);
        // 0, 1: gzip; 2: truncated gzip; 3: gzip with flipped bytes; 4: bzip2 (splittable); 5: truncated bzip2;
        // else plain
        int storage = rnd.nextInt(20);
        boolean gz = storage <= 3;
        boolean bz = storage == 4 || storage == 5;
        String name = "case" + i + "-" + s.name() + (gz ? ".gz" : bz ? ".bz2" : "");
        Path file = dir.resolve(name);
        int partitions = 1 + rnd.nextInt(3);
        try {
            byte[] bytes = gz ? gzip(mutant) : bz ? bzip2(mutant) : mutant;
            if (storage == 2 || storage == 5) {
                int cut = 1 + rnd.nextInt(bytes.length - 1);
                ops.add((bz ? "bzip2" : "gzip") + " cut at " + cut + " of " + bytes.length);
                bytes = Arrays.copyOf(bytes, cut);
            } else if (storage == 3) {
                bytes = bytes.clone();
                for (int f = 1 + rnd.nextInt(3); f > 0; f--) {
                    int at = rnd.nextInt(bytes.length);
                    byte v = (byte) rnd.nextInt(256);
                    ops.add("gzip byte " + at + " of " + bytes.length + " := " + (v & 0xff));
                    bytes[at] = v;
                }
            }
            ops.add(partitions + " partitions");
            Files.write(file, bytes);
            boolean damaged = storage == 2 || storage == 3 || storage == 5;
            Local expected = Local.read(file.toString(), mutant, s.format());
            LoadedMatrix m;
            try {
                m = MatrixReader.read(sc, file.toString(), s.format(), partitions);
            } catch (InputException e) {
                counts.rejected(e);
                checkMessage(e, file.toString());
                if (!damaged) {
                    assertTrue(expected.kind != Local.Kind.PARSED, "Spark rejects what the line-level reading"
                            + " accepts (n = " + expected.n + ", nnz = " + expected.nnz + "): " + e.getMessage());
                }
                return;
            }
            counts.parsed();
            try {
                double checksum = checkMatrix(m);
                // a damaged gzip file may only be read if what it decompresses to is the intact mutant (CRC-checked)
                assertEquals(Local.Kind.PARSED, expected.kind, "Spark accepts what the line-level reading"
                        + " rejects: " + expected.reason());
                assertEquals(expected.n, m.n(), "n");
                assertEquals(expected.nnz, m.nnz(), "nnz");
                assertEquals(expected.checksum, checksum, 1e-12 * expected.scale, "entry checksum");
            } finally {
                m.unpersist();
            }
        } catch (Throwable t) {
            throw failure(i, seed, s, ops, mutant, t);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // ---------------------------------------------------------------- checks

    /** One line, names the file, and the line when it is about one. */
    private static void checkMessage(InputException e, String file) {
        String msg = e.getMessage();
        assertTrue(msg != null && msg.contains(file), "message does not name " + file + ": " + msg);
        assertFalse(msg.contains("\n") || msg.contains("\r"), "message on several lines: " + msg);
        if (e.line() > 0) {
            assertTrue(msg.contains(", line " + e.line() + ": "), "message does not name line " + e.line()
                    + ": " + msg);
        }
    }

    /**
     * The invariants of a LoadedMatrix, on its collected entries.
     *
     * @return the entries' checksum ({@link Local#weight})
     */
    private static double checkMatrix(LoadedMatrix m) {
        assertTrue(m.n() >= 1, "n = " + m.n());
        List<MatrixEntry> entries = m.entries().collect();
        assertEquals(m.nnz(), entries.size(), "nnz = entries.count()");
        Map<Long, Map<Long, Double>> a = new HashMap<>();
        double checksum = 0;
        for (MatrixEntry e : entries) {
            assertTrue(e.row() >= 0 && e.row() < m.n() && e.col() >= 0 && e.col() < m.n(), "index out of [0, n): "
                    + e.row() + ", " + e.col() + " with n = " + m.n());
            assertTrue(Double.isFinite(e.value()), "non-finite value " + e.value() + " at " + e.row() + ", "
                    + e.col());
            Double old = a.computeIfAbsent(e.row(), k -> new HashMap<>()).put(e.col(), e.value());
            assertTrue(old == null, "position " + e.row() + ", " + e.col() + " stored twice");
            checksum += Local.weight(e.row(), e.col()) * e.value();
        }
        for (MatrixEntry e : entries) {
            Double mirror = a.getOrDefault(e.col(), Map.of()).get(e.row());
            assertEquals(e.value(), mirror, "A(" + e.row() + "," + e.col() + ") against its mirror");
        }
        return checksum;
    }

    private AssertionError failure(int i, long seed, Source s, List<String> ops, byte[] mutant, Throwable t) {
        Path saved = Paths.get("target", "reader-fuzz-failure-" + i + "-" + s.name());
        try {
            Files.createDirectories(saved.getParent());
            Files.write(saved, mutant);
        } catch (IOException ignored) {
            saved = null;
        }
        return new AssertionError("fuzz case " + i + " (seed " + seed + ", " + s.name() + ", " + ops + ", mutant "
                + (saved == null ? "not saved" : "saved as " + saved) + "): " + t, t);
    }

    /** Outcome counts and the time of one test, appended to target/reader-fuzz.txt. */
    private static final class Counts {
        private int parsed;
        private int atLine;
        private int wholeFile;

        synchronized void parsed() {
            parsed++;
        }

        /** A rejection: by an InputException (about a line or not), or by a whole-file rule (e == null). */
        synchronized void rejected(InputException e) {
            if (e != null && e.line() > 0) {
                atLine++;
            } else {
                wholeFile++;
            }
        }

        synchronized int parsedCount() {
            return parsed;
        }

        synchronized int rejectedCount() {
            return atLine + wholeFile;
        }

        synchronized void report(String path, int cases, long nanos) {
            String line = String.format(Locale.ROOT, "%s: %d cases, %d parsed, %d rejected (%d at a line, %d about"
                    + " the whole file), %.1f s%n", path, cases, parsed, rejectedCount(), atLine, wholeFile,
                    nanos * 1e-9);
            try {
                Path p = Paths.get("target", "reader-fuzz.txt");
                Files.createDirectories(p.getParent());
                Files.writeString(p, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException ignored) {
                // the report is informative only
            }
        }

        @Override
        public synchronized String toString() {
            return parsed + " parsed, " + atLine + " rejected at a line, " + wholeFile + " about the whole file";
        }
    }

    // ---------------------------------------------------------------- the line-level reading

    /**
     * A file read by the driver-side and line-level code of the readers, with the whole-file rules of
     * {@link MatrixReader} (entry count, symmetry, finite sums, conflicting weights, no entries) evaluated here on
     * a hash map: the reference the Spark reading is compared with. Lines are split at LF, CR and CRLF, like
     * Hadoop's line reader.
     */
    static final class Local {
        enum Kind { PARSED, INPUT_EXCEPTION, REJECTED_BY_RULE }

        final Kind kind;
        final long n;
        final long nnz;
        /** Sum of weight(i, j) * A_ij over the stored entries (0-based internal indices, both triangles). */
        final double checksum;
        /** Sum of |weight(i, j) * A_ij|: the scale of the checksum's rounding errors. */
        final double scale;
        final InputException error;
        final String rule;

        private Local(Kind kind, long n, long nnz, double checksum, double scale, InputException error,
                      String rule) {
            this.kind = kind;
            this.n = n;
            this.nnz = nnz;
            this.checksum = checksum;
            this.scale = scale;
            this.error = error;
            this.rule = rule;
        }

        /** The checksum's weight of position (i, j): an integer in 1..1009 that depends on both indices. */
        static double weight(long i, long j) {
            return 1 + Math.floorMod(i * 131 + j * 7, 1009);
        }

        String reason() {
            return error != null ? error.getMessage() : rule;
        }

        static Local read(String file, byte[] bytes, InputFormat format) {
            try {
                switch (format) {
                    case MTX:
                        return matrixMarket(file, bytes);
                    case GML:
                        return gml(file, bytes);
                    default:
                        return edges(file, bytes, format == InputFormat.CSV);
                }
            } catch (InputException e) {
                return new Local(Kind.INPUT_EXCEPTION, 0, 0, 0, 0, e, null);
            } catch (IOException e) {
                throw new AssertionError("reading a byte array", e);
            }
        }

        private static Local rejected(String rule) {
            return new Local(Kind.REJECTED_BY_RULE, 0, 0, 0, 0, null, rule);
        }

        /** The result for pairs {lo, hi} of 0-based indices with their values. */
        private static Local parsed(long n, Map<long[], Double> pairs) {
            long nnz = 0;
            double checksum = 0;
            double scale = 0;
            for (Map.Entry<long[], Double> p : pairs.entrySet()) {
                long i = p.getKey()[0];
                long j = p.getKey()[1];
                double v = p.getValue();
                double t = weight(i, j) * v;
                nnz++;
                checksum += t;
                scale += Math.abs(t);
                if (i != j) {
                    double u = weight(j, i) * v;
                    nnz++;
                    checksum += u;
                    scale += Math.abs(u);
                }
            }
            return new Local(Kind.PARSED, n, nnz, checksum, scale, null, null);
        }

        private static Local matrixMarket(String file, byte[] bytes) throws IOException {
            BufferedReader in = reader(bytes);
            MatrixMarketHeader h = MatrixMarketHeader.read(file, in);
            Map<PairKey, CoordinateValues> pairs = new HashMap<>();
            long line = h.sizeLine();
            String raw;
            while ((raw = in.readLine()) != null) {
                line++;
                Tuple2<PairKey, CoordinateValues> e = LineParser.parseCoordinate(file, line, raw, h.n(), h.field());
                if (e != null) {
                    PairKey k = e._1();
                    assertTrue(k.lo() >= 1 && k.hi() <= h.n() && k.lo() <= k.hi(), "pair " + k + " with n " + h.n());
                    double v = e._2().lowerCount() > 0 ? e._2().lowerSum() : e._2().upperSum();
                    assertTrue(Double.isFinite(v), "non-finite value " + v + " accepted on line " + line);
                    pairs.merge(k, e._2(), CoordinateValues::merge);
                }
            }
            long found = 0;
            for (Map.Entry<PairKey, CoordinateValues> p : pairs.entrySet()) {
                found += p.getValue().count();
            }
            if (found == 0) {
                return rejected("no entries");
            }
            if (found != h.declared()) {
                return rejected("size line declares " + h.declared() + ", found " + found);
            }
            Map<long[], Double> values = new HashMap<>();
            for (Map.Entry<PairKey, CoordinateValues> p : pairs.entrySet()) {
                CoordinateValues v = p.getValue();
                if (!Double.isFinite(v.lowerSum()) || !Double.isFinite(v.upperSum())) {
                    return rejected("non-finite sum at " + p.getKey());
                }
                if (!p.getKey().isDiagonal()) {
                    boolean both = v.lowerCount() > 0 && v.upperCount() > 0;
                    if (h.symmetric() ? both : !both || v.lowerSum() != v.upperSum()) {
                        return rejected("symmetry at " + p.getKey());
                    }
                }
                values.put(new long[]{p.getKey().lo() - 1, p.getKey().hi() - 1},
                        v.lowerCount() > 0 ? v.lowerSum() : v.upperSum());
            }
            return parsed(h.n(), values);
        }

        private static Local edges(String file, byte[] bytes, boolean csv) throws IOException {
            long header = csv ? TextFiles.csvHeaderLine(reader(bytes)) : 0L;
            BufferedReader in = reader(bytes);
            Map<PairKey, EdgeWeights> pairs = new HashMap<>();
            long line = 0;
            String raw;
            while ((raw = in.readLine()) != null) {
                line++;
                if (line == header) {
                    continue;
                }
                Tuple2<PairKey, EdgeWeights> e = LineParser.parseEdge(file, line, raw, csv);
                if (e != null) {
                    assertTrue(Double.isFinite(e._2().weight()), "non-finite weight accepted on line " + line);
                    pairs.merge(e._1(), e._2(), EdgeWeights::merge);
                }
            }
            if (pairs.isEmpty()) {
                return rejected("no entries");
            }
            java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
            for (Map.Entry<PairKey, EdgeWeights> p : pairs.entrySet()) {
                if (p.getValue().hasConflict()) {
                    return rejected("conflicting weights at " + p.getKey());
                }
                ids.add(p.getKey().lo());
                ids.add(p.getKey().hi());
            }
            Map<Long, Long> index = ranks(ids);
            Map<long[], Double> values = new HashMap<>();
            for (Map.Entry<PairKey, EdgeWeights> p : pairs.entrySet()) {
                values.put(new long[]{index.get(p.getKey().lo()), index.get(p.getKey().hi())},
                        p.getValue().weight());
            }
            return parsed(ids.size(), values);
        }

        private static Local gml(String file, byte[] bytes) throws IOException {
            GmlLoader.Parsed g = GmlLoader.parse(file, reader(bytes));
            if (g.edges.isEmpty()) {
                return rejected("no entries");
            }
            Map<Long, Long> index = ranks(g.nodes.keySet());
            Map<long[], Double> values = new HashMap<>();
            for (Map.Entry<GmlLoader.Pair, double[]> e : g.edges.entrySet()) {
                assertTrue(Double.isFinite(e.getValue()[0]), "non-finite GML weight accepted: " + e.getValue()[0]);
                values.put(new long[]{index.get(e.getKey().lo()), index.get(e.getKey().hi())}, e.getValue()[0]);
            }
            return parsed(g.nodes.size(), values);
        }

        /** Ascending ids to 0-based ranks. */
        private static Map<Long, Long> ranks(Set<Long> sortedIds) {
            Map<Long, Long> index = new HashMap<>();
            long r = 0;
            for (long id : sortedIds) {
                index.put(id, r++);
            }
            return index;
        }

        private static BufferedReader reader(byte[] bytes) {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- mutations

    /** 1 to 3 random mutations of {@code text}; their descriptions are appended to {@code ops}. */
    static byte[] mutate(byte[] text, Random rnd, List<String> ops) {
        byte[] b = text;
        int count = 1 + rnd.nextInt(3);
        for (int k = 0; k < count; k++) {
            int op = rnd.nextInt(9);
            switch (op) {
                case 0: {
                    int cut = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1)
                            : b.length / 2 + rnd.nextInt(b.length - b.length / 2 + 1);
                    b = Arrays.copyOf(b, cut);
                    ops.add("truncate at " + cut);
                    break;
                }
                case 1: {
                    if (b.length == 0) {
                        break;
                    }
                    b = b.clone();
                    int flips = 1 + rnd.nextInt(3);
                    for (int f = 0; f < flips; f++) {
                        int at = rnd.nextInt(b.length);
                        byte v = rnd.nextInt(5) < 3 ? INTERESTING[rnd.nextInt(INTERESTING.length)]
                                : (byte) rnd.nextInt(256);
                        ops.add("byte " + at + " := " + (v & 0xff));
                        b[at] = v;
                    }
                    break;
                }
                case 2: {
                    List<byte[]> lines = lines(b);
                    int at = rnd.nextInt(lines.size());
                    int n = Math.min(1 + rnd.nextInt(3), lines.size() - at);
                    lines.subList(at, at + n).clear();
                    ops.add("delete lines " + (at + 1) + ".." + (at + n));
                    b = join(lines);
                    break;
                }
                case 3: {
                    List<byte[]> lines = lines(b);
                    int from = rnd.nextInt(lines.size());
                    int to = rnd.nextBoolean() ? from + 1 : rnd.nextInt(lines.size() + 1);
                    lines.add(to, lines.get(from));
                    ops.add("copy line " + (from + 1) + " to " + (to + 1));
                    b = join(lines);
                    break;
                }
                case 4: {
                    List<byte[]> lines = lines(b);
                    int at = rnd.nextInt(lines.size());
                    String line = new String(lines.get(at), StandardCharsets.UTF_8);
                    String token = GARBAGE[rnd.nextInt(GARBAGE.length)];
                    int pos = rnd.nextInt(line.length() + 1);
                    String sep = rnd.nextBoolean() ? " " : "";
                    lines.set(at, (line.substring(0, pos) + sep + token + sep + line.substring(pos))
                            .getBytes(StandardCharsets.UTF_8));
                    ops.add("insert '" + token + "' in line " + (at + 1) + " at " + pos);
                    b = join(lines);
                    break;
                }
                case 5: {
                    int mode = rnd.nextInt(4);
                    b = newlines(b, mode, rnd);
                    ops.add(new String[]{"LF to CRLF", "LF to CR", "some LF to CRLF", "drop CR"}[mode]);
                    break;
                }
                case 6: {
                    List<byte[]> lines = lines(b);
                    int x = rnd.nextInt(lines.size());
                    int y = rnd.nextInt(lines.size());
                    byte[] t = lines.get(x);
                    lines.set(x, lines.get(y));
                    lines.set(y, t);
                    ops.add("swap lines " + (x + 1) + ", " + (y + 1));
                    b = join(lines);
                    break;
                }
                default: {
                    List<byte[]> lines = lines(b);
                    int at = 1 + rnd.nextInt(lines.size());
                    String[] benign = {"% fuzz", "# fuzz", "", "   \t", "%", "#"};
                    String c = benign[rnd.nextInt(benign.length)];
                    lines.add(Math.min(at, lines.size()), c.getBytes(StandardCharsets.UTF_8));
                    ops.add("insert '" + c + "' as line " + (at + 1));
                    b = join(lines);
                    break;
                }
            }
        }
        return b;
    }

    /** The bytes between LF characters (the last element is empty if the text ends with LF). */
    private static List<byte[]> lines(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(Arrays.copyOfRange(b, start, i));
                start = i + 1;
            }
        }
        out.add(Arrays.copyOfRange(b, start, b.length));
        return out;
    }

    private static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.write('\n');
            }
            out.writeBytes(lines.get(i));
        }
        return out.toByteArray();
    }

    private static byte[] newlines(byte[] b, int mode, Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + b.length / 8);
        for (byte c : b) {
            if (c == '\n' && (mode == 0 || (mode == 2 && rnd.nextInt(3) == 0))) {
                out.write('\r');
                out.write('\n');
            } else if (c == '\n' && mode == 1) {
                out.write('\r');
            } else if (c != '\r' || mode != 3) {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- seed files

    /** The first {@code maxLines} lines of a shared data file, decompressed. */
    private static byte[] gunzip(String relative, int maxLines) throws IOException {
        Path p = SparkTestSupport.sharedData(relative);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder sb = new StringBuilder();
            String line;
            int n = 0;
            while (n < maxLines && (line = r.readLine()) != null) {
                sb.append(line).append('\n');
                n++;
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(b);
        }
        return bytes.toByteArray();
    }

    private static byte[] bzip2(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        org.apache.hadoop.io.compress.BZip2Codec codec = new org.apache.hadoop.io.compress.BZip2Codec();
        codec.setConf(new org.apache.hadoop.conf.Configuration());
        try (OutputStream out = codec.createOutputStream(bytes)) {
            out.write(b);
        }
        return bytes.toByteArray();
    }

    /** An edge list as CSV: the blanks between the fields of each edge line become one comma. */
    private static byte[] csv(byte[] edgeList, String header) {
        StringBuilder sb = new StringBuilder(header);
        for (String line : new String(edgeList, StandardCharsets.UTF_8).split("\n")) {
            sb.append(line.startsWith("#") ? line : String.join(",", line.strip().split("\\s+"))).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A symmetric Matrix Market file rewritten as 'general' with both triangles (same matrix). */
    private static byte[] general(byte[] symmetric) {
        String[] lines = new String(symmetric, StandardCharsets.UTF_8).split("\n");
        StringBuilder sb = new StringBuilder(lines[0].replace("symmetric", "general")).append('\n');
        int i = 1;
        while (lines[i].startsWith("%")) {
            sb.append(lines[i++]).append('\n');
        }
        String[] size = lines[i++].trim().split("\\s+");
        StringBuilder entries = new StringBuilder();
        long count = 0;
        for (; i < lines.length; i++) {
            String[] t = lines[i].trim().split("\\s+");
            entries.append(lines[i]).append('\n');
            count++;
            if (!t[0].equals(t[1])) {
                entries.append(t[1]).append(' ').append(t[0]).append(' ').append(t[2]).append('\n');
                count++;
            }
        }
        sb.append(size[0]).append(' ').append(size[1]).append(' ').append(count).append('\n').append(entries);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
