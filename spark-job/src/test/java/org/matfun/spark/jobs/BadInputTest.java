package org.matfun.spark.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input through the command line ({@code matfun bilinear}, in process): every case exits with code 2, prints
 * one clear message naming the file, the line or entry, the offending value and what was expected (no stack
 * trace), and writes nothing: the output directory does not exist afterwards and no hidden staging sibling
 * {@code .NAME.tmp-*} is left. Matrix Market, edge list, CSV and GML files (plain, gzip, truncated or corrupt gzip),
 * start vectors (both execution modes), trace components, communicability pair files, functions and options.
 * Besides the message, {@link CommandLineRun#fails} checks the console an operator sees: exactly one
 * {@code matfun: error:} line, no stack frame and no exception class name in stdout, stderr or the WARN/ERROR log,
 * and no failed Spark task (bad input is a result of the parsing tasks, never a task failure Spark would retry).
 */
class BadInputTest {

    private static final String SYM = "%%MatrixMarket matrix coordinate real symmetric\n";
    private static final String GEN = "%%MatrixMarket matrix coordinate real general\n";
    /** A 3 x 3 symmetric positive definite matrix (tridiagonal 2, -1): a valid base for the vector cases. */
    private static final String GOOD_MTX = SYM + "% ok\n3 3 5\n1 1 2\n2 1 -1\n2 2 2\n3 2 -1\n3 3 2\n";
    /** A path graph 10 - 20 - 30 - 40 with identifiers that are not row numbers. */
    private static final String GOOD_EDGES = "# path\n10 20\n20 30\n30 40\n";

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        SparkTestSupport.session();
    }

    // ---------------------------------------------------------------- Matrix Market

    @Test
    void matrixMarketWrongBanner() throws IOException {
        String m = write("banner.mtx", "%MatrixMarket matrix coordinate real symmetric\n3 3 1\n1 1 1\n");
        fails(args(m, "exp", "ones"), "banner.mtx", "line 1", "\"%MatrixMarket matrix coordinate real symmetric\"",
                "expected the banner %%MatrixMarket matrix coordinate");
        String typo = write("typo.mtx", "%%MatrixMarket matrix coordinat real symmetric\n3 3 1\n1 1 1\n");
        fails(args(typo, "exp", "ones"), "typo.mtx", "line 1", "'coordinat'", "expected 'coordinate'");
    }

    @Test
    void matrixMarketComplexSymmetricIsNotSupported() throws IOException {
        // complex hermitian and (Hermitian) complex general are read (ComplexBilinearCommandTest); symmetric is not
        String m = write("complex.mtx", "%%MatrixMarket matrix coordinate complex symmetric\n2 2 1\n1 1 1.0 0.0\n");
        fails(args(m, "exp", "ones"), "complex.mtx", "line 1", "'symmetric'", "not supported",
                "expected hermitian or general");
    }

    @Test
    void matrixMarketSizeLineDisagreesWithTheEntries() throws IOException {
        String more = write("declares-more.mtx", SYM + "% c\n3 3 4\n1 1 2\n2 2 2\n3 3 2\n");
        fails(args(more, "exp", "ones"), "declares-more.mtx", "line 3", "declares 4 entries", "3 entry lines");
        String fewer = write("declares-fewer.mtx", SYM + "3 3 2\n1 1 2\n2 2 2\n3 3 2\n");
        fails(args(fewer, "exp", "ones"), "declares-fewer.mtx", "line 2", "declares 2 entries", "3 entry lines");
        String rect = write("rectangular.mtx", GEN + "3 4 1\n1 1 1\n");
        fails(args(rect, "exp", "ones"), "rectangular.mtx", "line 2", "3 rows, 4 columns", "expected a symmetric");
    }

    @Test
    void matrixMarketIndexOutOfRangeAndZero() throws IOException {
        String big = write("range.mtx", SYM + "3 3 3\n1 1 2\n4 1 -1\n3 3 2\n");
        fails(args(big, "exp", "ones"), "range.mtx", "line 4", "row index 4", "out of range 1..3", "\"4 1 -1\"");
        String col = write("range-col.mtx", SYM + "3 3 2\n1 1 2\n3 7 -1\n");
        fails(args(col, "exp", "ones"), "range-col.mtx", "line 4", "column index 7", "out of range 1..3");
        String zero = write("zero-index.mtx", SYM + "3 3 2\n1 1 2\n0 1 -1\n");
        fails(args(zero, "exp", "ones"), "zero-index.mtx", "line 4", "row index 0", "out of range 1..3",
                "1-based", "\"0 1 -1\"");
    }

    @Test
    void matrixMarketNonFiniteValues() throws IOException {
        String nan = write("nan.mtx", SYM + "3 3 3\n1 1 2\n2 2 NaN\n3 3 2\n");
        fails(args(nan, "exp", "ones"), "nan.mtx", "line 4", "'NaN'", "expected a finite number");
        String inf = write("inf.mtx", SYM + "3 3 3\n1 1 2\n2 2 2\n3 3 -Infinity\n");
        fails(args(inf, "exp", "ones"), "inf.mtx", "line 5", "'-Infinity'", "expected a finite number");
        String shortInf = write("inf-short.mtx", SYM + "3 3 3\n1 1 Inf\n2 2 2\n3 3 2\n");
        fails(args(shortInf, "exp", "ones"), "inf-short.mtx", "line 3", "'Inf'", "expected a finite number");
        String overflow = write("overflow.mtx", SYM + "3 3 3\n1 1 2\n2 2 1e400\n3 3 2\n");
        fails(args(overflow, "exp", "ones"), "overflow.mtx", "line 4", "'1e400'", "expected a finite number");
        String sum = write("sum-overflow.mtx", GEN + "3 3 3\n1 1 1.5e308\n2 2 1\n1 1 1.5e308\n");
        fails(args(sum, "exp", "ones"), "sum-overflow.mtx", "line 3", "A(1,1)", "2 entry lines", "Infinity",
                "expected a finite sum");
    }

    @Test
    void matrixMarketTruncatedGzip() throws IOException {
        StringBuilder sb = new StringBuilder(SYM).append("20000 20000 39999\n");
        for (int i = 1; i <= 20000; i++) {
            sb.append(i).append(' ').append(i).append(" 2.0\n");
            if (i > 1) {
                sb.append(i).append(' ').append(i - 1).append(" -1.0\n");
            }
        }
        Path p = tmp.resolve("cut.mtx.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length / 2));
        fails(args(p.toString(), "exp", "ones"), "cut.mtx.gz", "truncated or corrupt",
                "expected a complete compressed file");
    }

    @Test
    void matrixMarketPlainFileMissingItsLastEntries() throws IOException {
        String m = write("short.mtx", SYM + "% cut after three of five entries\n3 3 5\n1 1 2\n2 1 -1\n2 2 2\n");
        fails(args(m, "exp", "ones"), "short.mtx", "line 3", "declares 5 entries", "3 entry lines");
        String mid = write("mid-line.mtx", SYM + "3 3 5\n1 1 2\n2 1 -1\n2 2 2\n3 2");
        fails(args(mid, "exp", "ones"), "mid-line.mtx", "line 6", "\"3 2\"", "expected 'row col value'");
    }

    @Test
    void matrixMarketGeneralMatrixThatIsNotSymmetric() throws IOException {
        String m = write("asym.mtx", GEN + "3 3 6\n1 1 2\n3 2 -1\n2 1 -1.5\n1 2 -1\n2 3 -1\n3 3 2\n");
        fails(args(m, "exp", "ones"), "asym.mtx", "not symmetric", "A(1,2) = -1.0 (line 6)",
                "A(2,1) = -1.5 (line 5)");
        String missing = write("one-sided.mtx", GEN + "3 3 3\n1 1 2\n3 1 0.5\n3 3 2\n");
        fails(args(missing, "exp", "ones"), "one-sided.mtx", "line 4", "A(3,1) = 0.5", "A(1,3) is not stored");
    }

    /** The explicit opt-in: --symmetrize uses (A + A^T)/2; (S^2)_{11} = 2^2 + ((-1 - 1.5)/2)^2 = 5.5625. */
    @Test
    void symmetrizeOptInAveragesTheTwoTriangles() throws IOException {
        String m = write("asym2.mtx", GEN + "3 3 6\n1 1 2\n3 2 -1\n2 1 -1.5\n1 2 -1\n2 3 -1\n3 3 2\n");
        Path out = tmp.resolve("symmetrized");
        List<String> all = new ArrayList<>(args(m, "power:p=2", "node:1"));
        all.addAll(List.of("--symmetrize", "--output", out.toString()));
        CommandLineRun r = run(all);
        assertEquals(0, r.code(), r.err());
        double value = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json")
                .toFile()).get("value").asDouble();
        assertEquals(5.5625, value, 1e-14);
    }

    @Test
    void matrixMarketEmptyMatrix() throws IOException {
        String none = write("no-entries.mtx", SYM + "% nothing\n5 5 0\n");
        fails(args(none, "exp", "ones"), "no-entries.mtx", "no entries", "line 3", "declares 0");
        String empty = write("empty.mtx", "");
        fails(args(empty, "exp", "ones"), "empty.mtx", "no entries", "expected the banner");
        String noSize = write("no-size.mtx", SYM + "% only comments\n");
        fails(args(noSize, "exp", "ones"), "no-size.mtx", "no entries", "size line");
    }

    // ---------------------------------------------------------------- edge lists and CSV

    @Test
    void edgeListMalformedLine() throws IOException {
        String g = write("short-line.txt", "# g\n1 2\n3\n4 5\n");
        fails(args(g, "exp", "ones"), "short-line.txt", "line 3", "\"3\"", "expected 'src dst [weight]'");
        String c = write("short-line.csv", "src,dst\n1,2\n3,\n");
        fails(args(c, "exp", "ones"), "short-line.csv", "line 3", "\"3,\"", "expected 'src,dst[,weight]'");
    }

    @Test
    void edgeListNonNumericIdOrWeight() throws IOException {
        String id = write("bad-id.txt", "1 2\n2 three\n");
        fails(args(id, "exp", "ones"), "bad-id.txt", "line 2", "'three'", "expected an integer node id in column 2");
        String w = write("bad-weight.txt", "1 2 0.5\n2 3 heavy\n");
        fails(args(w, "exp", "ones"), "bad-weight.txt", "line 2", "'heavy'", "expected a number as weight");
        String suffix = write("float-suffix.txt", "1 2 0.5\n2 3 2f\n");
        fails(args(suffix, "exp", "ones"), "float-suffix.txt", "line 2", "'2f'", "expected a number as weight");
        String cid = write("bad-id.csv", "src,dst,weight\n1,2,1\nx1,3,1\n");
        fails(args(cid, "exp", "ones"), "bad-id.csv", "line 3", "'x1'", "expected an integer node id in column 1");
        String cw = write("bad-weight.csv", "1,2,1\n2,3,1.0.0\n");
        fails(args(cw, "exp", "ones"), "bad-weight.csv", "line 2", "'1.0.0'", "expected a number as weight");
    }

    @Test
    void edgeListNaNWeight() throws IOException {
        String g = write("nan-weight.txt", "1 2 1\n2 3 NaN\n");
        fails(args(g, "exp", "ones"), "nan-weight.txt", "line 2", "'NaN'", "expected a finite number as weight");
        String c = write("nan-weight.csv", "src,dst,w\n1,2,nan\n");
        fails(args(c, "exp", "ones"), "nan-weight.csv", "line 2", "'nan'",
                "expected a finite number as weight");
    }

    @Test
    void edgeListEmptyAfterComments() throws IOException {
        String g = write("comments.txt", "# FromNodeId ToNodeId\n% more\n\n   \n");
        fails(args(g, "exp", "ones"), "comments.txt", "no entries", "no edge lines");
        String c = write("header-only.csv", "# c\nsrc,dst,weight\n");
        fails(args(c, "exp", "ones"), "header-only.csv", "no entries", "header");
        Path gz = tmp.resolve("comments.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("# nothing but a comment\n".getBytes(StandardCharsets.US_ASCII));
        }
        fails(args(gz.toString(), "exp", "ones"), "comments.txt.gz", "no entries");
    }

    @Test
    void edgeListConflictingWeights() throws IOException {
        String g = write("conflict.txt", "1 2 0.5\n2 3 1\n2 1 0.25\n");
        fails(args(g, "exp", "ones"), "conflict.txt", "line 3", "{1, 2}", "0.25", "0.5", "line 1");
    }

    // ---------------------------------------------------------------- vectors

    @Test
    void nodeNotInTheGraph() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        fails(args(g, "exp", "node:15"), "node:15", "path.txt", "4 nodes", "identifiers of the input file");
        String m = write("good.mtx", GOOD_MTX);
        fails(args(m, "exp", "node:1", "--v", "node:4"), "node:4", "good.mtx", "row numbers 1..3");
        fails(args(m, "exp", "node:0"), "node:0", "good.mtx", "row numbers 1..3");
    }

    @Test
    void vectorFileWithAnUnknownId() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String vec = write("u-unknown.txt", "# id value\n10 1.0\n25 2.0\n40 -1\n");
        fails(args(g, "exp", "file:" + vec), "u-unknown.txt", "line 3", "id 25",
                "not a node of", "path.txt", "(4 nodes; ids are the identifiers of the input file)\n");
    }

    @Test
    void vectorFileWithADuplicatedId() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String vec = write("u-duplicate.txt", "10 1.0\n20 2.0\n30 0.5\n20 2.0\n");
        fails(args(g, "exp", "ones", "--v", "file:" + vec), "u-duplicate.txt", "line 4", "id 20",
                "first on line 2", "at most once");
    }

    @Test
    void vectorFileWithAMalformedLine() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String cols = write("u-columns.txt", "10 1.0\n20\n");
        fails(args(g, "exp", "file:" + cols), "u-columns.txt", "line 2", "\"20\"", "expected 'ID VALUE'");
        String word = write("u-word.txt", "10 1.0\n20 big\n");
        fails(args(g, "exp", "file:" + word), "u-word.txt", "line 2", "'big'", "expected a number as VALUE");
        String nan = write("u-nan.txt", "10 1.0\n30 NaN\n");
        fails(args(g, "exp", "file:" + nan), "u-nan.txt", "line 2", "'NaN'", "finite");
        String id = write("u-id.txt", "10 1.0\n2x 1.0\n");
        fails(args(g, "exp", "file:" + id), "u-id.txt", "line 2", "'2x'",
                "expected an integer node id");
    }

    @Test
    void zeroVectorFile() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String zeros = write("u-zero.txt", "# all zero\n10 0\n20 0.0\n30 -0.0\n");
        fails(args(g, "exp", "file:" + zeros), "u-zero.txt", "zero", "nonzero");
        fails(args(g, "exp", "node:10", "--v", "file:" + zeros), "u-zero.txt", "zero", "nonzero");
        String comments = write("u-empty.txt", "# nothing\n");
        fails(args(g, "exp", "file:" + comments), "u-empty.txt", "zero", "nonzero");
        fails(args(g, "exp", "file:" + tmp.resolve("u-missing.txt")), "u-missing.txt", "not found");
    }

    /** Without the check the first Lanczos step would see a NaN ("alpha_1 = NaN; expected finite"). */
    @Test
    void vectorFileWhoseNormOverflows() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String big = write("u-big.txt", "10 1e200\n20 -3e200\n30 1\n");
        fails(args(g, "exp", "file:" + big), "u-big.txt", "line 2", "VALUE 3.0E200", "overflows",
                "expected a sum of squared values below", "rescale");
        String fine = write("u-large.txt", "10 1e150\n20 -3e150\n");
        assertTrue(Double.isFinite(value(args(g, "exp:beta=0.1", "file:" + fine, "--v", "node:30"), "large")));
    }

    /** The checks of a vector file reject nothing valid: a file equal to node:20 gives the same value. */
    @Test
    void validVectorFileGivesTheSameValueAsTheNode() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String vec = write("u-valid.txt", "\uFEFF# id, value\r\n10 0\r\n  20,1.0 \r\n\r\n% comment\r\n40\t-0.0\r\n");
        double fromFile = value(args(g, "exp:beta=0.5", "file:" + vec, "--v", "node:30"), "from-file");
        double fromNode = value(args(g, "exp:beta=0.5", "node:20", "--v", "node:30"), "from-node");
        assertEquals(fromNode, fromFile, 1e-14 * Math.abs(fromNode));
        assertTrue(fromNode > 0, "exp(A/2)_{20,30} of a path graph is positive: " + fromNode);
    }

    // ---------------------------------------------------------------- functions

    @Test
    void unknownFunctionOrParameter() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        fails(args(m, "cosh", "ones"), "unknown function 'cosh'", "expected one of", "exp:beta");
        fails(args(m, "exp:gamma=0.1", "ones"), "unknown parameter 'gamma'", "'exp:gamma=0.1'", "expected beta");
        fails(args(m, "power:p=abc", "ones"), "p='abc'", "not a decimal number");
        fails(args(m, "log:beta=1", "ones"), "unknown parameter 'beta'", "no parameter");
    }

    /**
     * log and sqrt of karate's adjacency matrix (indefinite: eigenvalues from about -4.5 to 6.7): the domain
     * failure is detected from the Ritz values and names the value and the Lanczos step, never a NaN result.
     */
    @Test
    void functionOutsideItsDomainNamesTheRitzValueAndStep() throws IOException {
        String karate = SparkTestSupport.sharedData("networks/karate.mtx.gz").toString();
        fails(args(karate, "log", "ones"), "function log needs a positive definite matrix", "Lanczos step",
                "Ritz value -");
        fails(args(karate, "power:p=0.5", "ones"), "power:p=0.5 needs a positive semidefinite matrix",
                "Ritz value -", "not positive semidefinite");
    }

    // ---------------------------------------------------------------- options

    @Test
    void maxStepsZero() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        fails(args(m, "exp", "ones", "--max-steps", "0"), "--max-steps", "0", "expected an integer >= 1");
        fails(args(m, "exp", "ones", "--max-steps", "-3"), "--max-steps = -3", "expected an integer >= 1");
        // rejected by picocli's type conversion, which prints its own message and the usage
        Path out = tmp.resolve("not-an-int");
        List<String> notAnInt = args(m, "exp", "ones", "--max-steps", "ten", "--output", out.toString());
        CommandLineRun r = run(notAnInt);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--max-steps") && r.err().contains("'ten'") && r.err().contains("not an int"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void negativeTolerance() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        fails(args(m, "exp", "ones", "--tol", "-1e-3"), "--tol", "-0.001", "expected a positive number");
        fails(args(m, "exp", "ones", "--tol=0"), "--tol", "expected a positive number");
    }

    @Test
    void morePartitionsThanRowsSucceeds() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        Path out = tmp.resolve("out");
        // the block-row layout (more row blocks than rows) is what this checks: --distribute rows
        CommandLineRun r = run(args(m, "exp:beta=0.5", "node:1", "--v", "node:3", "--partitions", "8", "--distribute",
                "rows", "--output", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("summary.json")), "summary.json written");
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"n\" : 3"), summary);
        assertTrue(summary.contains("\"partitions\" : 8"), summary);
        assertEquals(List.of(), hiddenSiblings("out"));
        String g = write("path.txt", GOOD_EDGES);
        Path out2 = tmp.resolve("out2");
        CommandLineRun r2 = run(args(g, "exp", "node:10", "--v", "node:40", "--partitions", "6", "--distribute",
                "rows", "--output", out2.toString()));
        assertEquals(0, r2.code(), r2.err());
        assertTrue(Files.isRegularFile(out2.resolve("summary.json")));
    }

    @Test
    void existingOutputDirectoryIsLeftUntouched() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "previous results\n");
        CommandLineRun r = run(args(m, "exp", "ones", "--output", out.toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(out.toString()) && r.err().contains("already exists")
                && r.err().contains("--overwrite"), r.err());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(out.resolve("keep.txt")), s.collect(Collectors.toList()));
        }
        assertEquals("previous results\n", Files.readString(out.resolve("keep.txt")));
        assertEquals(List.of(), hiddenSiblings("taken"));
    }

    // ---------------------------------------------------------------- more input classes (issue 15)

    @Test
    void matrixMarketFieldColumnsAndTriangles() throws IOException {
        String integer = write("integer.mtx", "%%MatrixMarket matrix coordinate integer symmetric\n2 2 2\n1 1 2\n"
                + "2 2 2.5\n");
        fails(args(integer, "exp", "ones"), "integer.mtx", "line 4", "'2.5'", "expected an integer value");
        String pattern = write("pattern.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n"
                + "2 1 7\n");
        fails(args(pattern, "exp", "ones"), "pattern.mtx", "line 4", "\"2 1 7\"", "expected 'row col'");
        String word = write("word-index.mtx", SYM + "3 3 2\n1 1 2\n2 b 1\n");
        fails(args(word, "exp", "ones"), "word-index.mtx", "line 4", "'b'", "expected an integer column index");
        String both = write("both-triangles.mtx", SYM + "2 2 3\n1 1 2\n2 1 -1\n1 2 -1\n");
        fails(args(both, "exp", "ones"), "both-triangles.mtx", "line 5", "declared 'symmetric'", "A(2,1)",
                "A(1,2)");
    }

    @Test
    void edgeListIdsAndWeightsOutOfRange() throws IOException {
        String id = write("long-id.txt", "1 2\n2 123456789012345678901\n");
        fails(args(id, "exp", "ones"), "long-id.txt", "line 2", "'123456789012345678901'", "at most 19 digits");
        String big = write("big-weight.txt", "1 2 1\n2 3 1e999\n");
        fails(args(big, "exp", "ones"), "big-weight.txt", "line 2", "'1e999'", "expected a finite number");
        String inf = write("inf-weight.csv", "src,dst,weight\n1,2,1\n2,3,-inf\n");
        fails(args(inf, "exp", "ones"), "inf-weight.csv", "line 3", "'-inf'", "expected a finite number");
        String hex = write("hex-weight.txt", "1 2 0x1p3\n");
        fails(args(hex, "exp", "ones"), "hex-weight.txt", "line 1", "'0x1p3'", "expected a number as weight");
    }

    /** Truncated, corrupt or not compressed at all: the file is named, and where the data stops; one hint line. */
    @Test
    void compressedFilesThatAreTruncatedCorruptOrNotCompressed() throws IOException {
        StringBuilder sb = new StringBuilder("# a path graph\n");
        for (int i = 1; i < 30000; i++) {
            sb.append(i).append(' ').append(i + 1).append('\n');
        }
        byte[] gz = gzip(sb.toString());
        Path cut = tmp.resolve("cut.txt.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length * 2 / 3));
        fails(args(cut.toString(), "exp", "ones"), "cut.txt.gz", "cannot read past line ", "truncated or corrupt",
                "hint: test the file with 'gzip -t'");
        byte[] flipped = gz.clone();
        for (int i = gz.length / 2; i < gz.length / 2 + 8; i++) {
            flipped[i] ^= (byte) 0x5A;
        }
        Path corrupt = tmp.resolve("corrupt.csv.gz");
        Files.write(corrupt, flipped);
        fails(args(corrupt.toString(), "exp", "ones", "--format", "edgelist"), "corrupt.csv.gz", "cannot read",
                "truncated or corrupt");
        Path plain = tmp.resolve("plain.txt.gz");
        Files.writeString(plain, "1 2\n2 3\n");
        fails(args(plain.toString(), "exp", "ones"), "plain.txt.gz", "cannot read", "truncated or corrupt");
        Path header = tmp.resolve("header-cut.mtx.gz");
        byte[] mtx = gzip(GOOD_MTX);
        Files.write(header, Arrays.copyOf(mtx, 20));
        fails(args(header.toString(), "exp", "ones"), "header-cut.mtx.gz", "cannot read", "truncated or corrupt");
    }

    /** A splittable compressed file (bzip2) read in several partitions, cut short: the line count job reports it. */
    @Test
    void truncatedBzip2InSeveralPartitions() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < 200000; i++) {
            sb.append(i).append(' ').append(i + 1).append(' ').append(i % 7 + 1).append('\n');
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.apache.hadoop.io.compress.BZip2Codec codec = new org.apache.hadoop.io.compress.BZip2Codec();
        codec.setConf(new org.apache.hadoop.conf.Configuration());
        try (OutputStream out = codec.createOutputStream(bytes)) {
            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] bz = bytes.toByteArray();
        Path cut = tmp.resolve("cut.txt.bz2");
        Files.write(cut, Arrays.copyOf(bz, bz.length * 3 / 4));
        for (String mode : List.of("rows", "runs")) {
            fails(args(cut.toString(), "exp", "ones", "--partitions", "3", "--distribute", mode), "cut.txt.bz2",
                    "cannot read", "truncated or corrupt");
        }
    }

    /**
     * Bad lines in several partitions: the first bad line of the file is reported, whatever the partitioning and
     * the execution mode, and no task fails (so none is retried).
     */
    @Test
    void theFirstBadLineOfTheFileIsReportedWhateverThePartitioning() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 4000; i++) {
            sb.append(i == 3100 ? "x" : String.valueOf(i)).append(' ').append(i + 1).append(' ')
                    .append(i == 700 ? "1e999" : "1").append('\n');
        }
        String g = write("two-bad-lines.txt", sb.toString());
        for (String partitions : List.of("1", "4", "7")) {
            for (String mode : List.of("rows", "runs")) {
                fails(args(g, "exp", "ones", "--partitions", partitions, "--distribute", mode), "two-bad-lines.txt",
                        "line 700", "'1e999'", "expected a finite number as weight");
            }
        }
        StringBuilder mtx = new StringBuilder(SYM).append("5000 5000 5000\n");
        for (int i = 1; i <= 5000; i++) {
            mtx.append(i == 4000 ? 0 : i).append(' ').append(i).append(i == 1234 ? " NaN" : " 2").append('\n');
        }
        String m = write("two-bad-lines.mtx", mtx.toString());
        for (String partitions : List.of("1", "5")) {
            fails(args(m, "exp", "ones", "--partitions", partitions), "two-bad-lines.mtx", "line 1236", "'NaN'");
        }
    }

    @Test
    void missingFileOrDirectory() throws IOException {
        fails(args(tmp.resolve("nowhere.mtx").toString(), "exp", "ones"), "nowhere.mtx", "file not found");
        Path d = Files.createDirectories(tmp.resolve("a-directory.txt"));
        fails(args(d.toString(), "exp", "ones"), "a-directory.txt", "is a directory");
    }

    @Test
    void gmlGraphs() throws IOException {
        String undeclared = write("undeclared.gml", "graph [\n node [ id 1 ]\n node [ id 2 ]\n"
                + " edge [ source 1 target 3 ]\n]\n");
        fails(args(undeclared, "exp", "ones"), "undeclared.gml", "line 4", "3 is not a declared node");
        String word = write("word-id.gml", "graph [\n node [ id 1 ]\n node [ id x ]\n]\n");
        fails(args(word, "exp", "ones"), "word-id.gml", "line 3", "'x'");
        String open = write("open.gml", "graph [\n node [ id 1 ]\n node [ id 2\n");
        fails(args(open, "exp", "ones"), "open.gml", "never closed");
        String conflict = write("conflict.gml", "graph [\n node [ id 1 ]\n node [ id 2 ]\n"
                + " edge [ source 1 target 2 weight 1 ]\n edge [ source 2 target 1 weight 3 ]\n]\n");
        fails(args(conflict, "exp", "ones"), "conflict.gml", "line 5", "line 4");
        String none = write("no-edges.gml", "graph [\n node [ id 1 ]\n]\n");
        fails(args(none, "exp", "ones"), "no-edges.gml", "no entries");
    }

    /** Vector files are checked before the mode matters: the same message in both execution modes. */
    @Test
    void vectorFileErrorsAreTheSameInBothModes() throws IOException {
        String g = write("path.txt", GOOD_EDGES);
        String unknown = write("u-unknown.txt", "10 1.0\n25 2.0\n");
        String nan = write("u-nan.txt", "10 1.0\n30 NaN\n");
        String dup = write("u-dup.txt", "10 1.0\n20 2.0\n10 1.0\n");
        String zero = write("u-zero.txt", "10 0\n");
        Path gz = tmp.resolve("u-cut.txt.gz");
        byte[] bytes = gzip("10 1.0\n".repeat(20000));
        Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
        for (String mode : List.of("rows", "runs")) {
            fails(args(g, "exp", "file:" + unknown, "--distribute", mode), "u-unknown.txt", "line 2", "id 25");
            fails(args(g, "exp", "ones", "--v", "file:" + nan, "--distribute", mode), "u-nan.txt", "line 2",
                    "'NaN'");
            fails(args(g, "exp", "file:" + dup, "--distribute", mode), "u-dup.txt", "line 3", "id 10");
            fails(args(g, "exp", "file:" + zero, "--distribute", mode), "u-zero.txt", "zero");
            fails(args(g, "exp", "file:" + gz, "--distribute", mode), "u-cut.txt.gz", "truncated or corrupt");
        }
    }

    /** trace and communicability read through the same readers: the same clean errors. */
    @Test
    void traceAndCommunicabilityInputs() throws IOException {
        String nan = write("nan.mtx", SYM + "3 3 3\n1 1 2\n2 2 NaN\n3 3 2\n");
        String good = write("good.mtx", GOOD_MTX);
        String edges = write("bad.txt", "1 2\n2 3 w\n");
        fails(List.of("trace", "--matrix", nan, "--function", "log", "--probes", "4"), "nan.mtx", "line 4", "'NaN'");
        fails(List.of("trace", "--matrix", good, "--function", "log", "--probes", "4", "--component", nan,
                "--theta", "1"), "nan.mtx", "line 4", "'NaN'");
        for (String mode : List.of("rows", "runs")) {
            fails(List.of("communicability", "--graph", edges, "--total", "--distribute", mode), "bad.txt", "line 2",
                    "'w'");
        }
        String g = write("path.txt", GOOD_EDGES);
        String pairs = write("pairs.txt", "10 20\n20 x\n");
        fails(List.of("communicability", "--graph", g, "--pairs", pairs), "pairs.txt", "line 2", "'x'");
        String missing = write("pairs-unknown.txt", "10 20\n20 99\n");
        fails(List.of("communicability", "--graph", g, "--pairs", missing), "pairs-unknown.txt", "line 2", "99");
    }

    /** Options picocli rejects print its own message and the usage: exit 2, no stack trace, nothing written. */
    @Test
    void unknownOptionsAndValues() throws IOException {
        String m = write("good.mtx", GOOD_MTX);
        usageFails(args(m, "exp", "ones", "--frobnicate"), "Unknown option", "--frobnicate");
        usageFails(args(m, "exp", "ones", "--distribute", "sideways"), "--distribute", "sideways");
        usageFails(List.of("bilinear", "--function", "exp", "--u", "ones"), "Missing required option", "--matrix");
        fails(args(m, "exp", "ones", "--format", "xml"), "'xml'", "expected one of");
        fails(args(m, "exp", "ones", "--partitions", "0"), "--partitions");
        usageFails(args(m, "exp", "node:x"), "node:x");
    }

    // ---------------------------------------------------------------- helpers

    /** A run that picocli rejects: exit 2, every fragment in stderr, no stack trace, nothing written. */
    private void usageFails(List<String> args, String... fragments) throws IOException {
        Path out = tmp.resolve("usage-" + System.nanoTime());
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--output", out.toString()));
        CommandLineRun r = run(all);
        String context = String.join(" ", all) + "\n--- stderr:\n" + r.err();
        assertEquals(2, r.code(), context);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "message lacks '" + f + "': " + context);
        }
        assertFalse(org.matfun.spark.ConsoleCapture.FRAME.matcher(r.err() + r.out() + r.log()).find(), context);
        assertFalse(org.matfun.spark.ConsoleCapture.EXCEPTION_NAME.matcher(r.err() + r.out()).find(), context);
        assertEquals(0, r.failedTasks(), context);
        assertFalse(Files.exists(out), context);
    }

    private static byte[] gzip(String text) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.toByteArray();
    }

    /** The value in summary.json of a successful run. */
    private double value(List<String> args, String name) throws IOException {
        Path out = tmp.resolve(name);
        List<String> all = new ArrayList<>(args);
        all.add("--output");
        all.add(out.toString());
        CommandLineRun r = run(all);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("value").asDouble();
    }

    /** Command-line arguments of a bilinear run on {@code matrix}; {@code --output} is added by the callers. */
    private static List<String> args(String matrix, String function, String u, String... more) {
        List<String> a = new ArrayList<>(List.of("bilinear", "--matrix", matrix, "--function", function, "--u", u));
        a.addAll(Arrays.asList(more));
        return a;
    }

    private String write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    private static CommandLineRun run(List<String> args) {
        return CommandLineRun.run(args);
    }

    private void fails(List<String> args, String... fragments) throws IOException {
        CommandLineRun.fails(tmp, args, fragments);
    }

    private List<String> hiddenSiblings(String name) throws IOException {
        return CommandLineRun.hiddenSiblings(tmp, name);
    }
}
