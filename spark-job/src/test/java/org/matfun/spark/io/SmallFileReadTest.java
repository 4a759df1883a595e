package org.matfun.spark.io;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matfun.spark.SparkTestSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-written files in a temporary directory: line formats, graph semantics, Matrix Market rules, errors. */
class SmallFileReadTest {

    @TempDir
    Path dir;

    private static JavaSparkContext sc() {
        return SparkTestSupport.context();
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    private String writeGzip(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return p.toString();
    }

    private static LoadedMatrix read(String path, InputFormat format) {
        return MatrixReader.read(sc(), path, format, 2);
    }

    /** The entries as "row,col" to value; checks on the way that nnz counts them and that they are symmetric. */
    private static Map<String, Double> entries(LoadedMatrix m) {
        Map<String, Double> map = SharedDataReadTest.toMap(m.entries().collect());
        assertEquals(m.nnz(), map.size());
        for (Map.Entry<String, Double> e : map.entrySet()) {
            String[] rc = e.getKey().split(",");
            assertEquals(e.getValue(), map.get(rc[1] + "," + rc[0]), "mirror of " + e.getKey());
            assertTrue(Long.parseLong(rc[0]) < m.n() && Long.parseLong(rc[1]) < m.n());
        }
        return map;
    }

    /** Reads a file expected to fail; checks the message names the file (and the line, if given). */
    private static InputException failure(String path, InputFormat format, long line) {
        InputException e = assertThrows(InputException.class, () -> read(path, format));
        String name = Path.of(path).getFileName().toString();
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        if (line > 0) {
            assertTrue(e.getMessage().contains("line " + line + ":"), e.getMessage());
            assertEquals(line, e.line());
        }
        return e;
    }

    // ---------------------------------------------------------------- edge lists

    @Test
    void crlfTabsAndMultipleSpaces() throws IOException {
        String path = write("crlf.txt", "# comment\r\n1\t2\r\n2   3\r\n\r\n% other comment\r\n  3 \t 1 \r\n");
        LoadedMatrix m = read(path, InputFormat.EDGELIST);
        assertEquals(3, m.n());
        assertEquals(6, m.nnz());
        Map<String, Double> a = entries(m);
        assertEquals(1.0, a.get("0,1"));
        assertEquals(1.0, a.get("2,0"));
        m.unpersist();
    }

    @Test
    void weightsDuplicatesBothDirectionsAndSelfLoops() throws IOException {
        String path = write("w.edges", "10 20 0.5\n20 10 0.5\n10 20 0.5\n20 30 -2\n30 30 4\n40 10 7 extra cols\n");
        LoadedMatrix m = read(path, InputFormat.EDGELIST);
        assertEquals(4, m.n());
        assertEquals(2 * 3 + 1, m.nnz());
        assertEquals(Map.of(10L, 0L, 20L, 1L, 30L, 2L, 40L, 3L), m.idToIndex().collectAsMap());
        Map<String, Double> a = entries(m);
        assertEquals(0.5, a.get("0,1"));
        assertEquals(-2.0, a.get("1,2"));
        assertEquals(4.0, a.get("2,2"));
        assertEquals(7.0, a.get("3,0"));
        m.unpersist();
    }

    @Test
    void idsAreSortedNumericallyIncludingNegatives() throws IOException {
        String path = write("neg.txt", "100 -5\n9 100\n");
        LoadedMatrix m = read(path, InputFormat.EDGELIST);
        assertEquals(Map.of(-5L, 0L, 9L, 1L, 100L, 2L), m.idToIndex().collectAsMap());
        m.unpersist();
    }

    @Test
    void conflictingWeightsNameThePairLinesAndBothWeights() throws IOException {
        String path = write("conflict.txt", "# w\n1 2 1.0\n5 6\n2 1 2.5\n3 4\n");
        InputException e = failure(path, InputFormat.EDGELIST, 4);
        assertTrue(e.getMessage().contains("{1, 2}"), e.getMessage());
        assertTrue(e.getMessage().contains("2.5") && e.getMessage().contains("1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void gzipEdgeList() throws IOException {
        String path = writeGzip("g.txt.gz", "# gz\n7 3\n3 7\n7 8\n");
        LoadedMatrix m = MatrixReader.read(sc(), path);
        assertTrue(m.graph());
        assertEquals(3, m.n());
        assertEquals(4, m.nnz());
        assertEquals(List.of(0L), m.idToIndex().lookup(3L));
        m.unpersist();
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumber() throws IOException {
        InputException e = failure(write("bad.txt", "1 2\n3 x 1\n"), InputFormat.EDGELIST, 2);
        assertTrue(e.getMessage().contains("column 2") && e.getMessage().contains("\"3 x 1\""), e.getMessage());
        e = failure(write("badw.txt", "1 2\n3 4 heavy\n"), InputFormat.EDGELIST, 2);
        assertTrue(e.getMessage().contains("weight"), e.getMessage());
        e = failure(write("nanw.txt", "1 2 NaN\n"), InputFormat.EDGELIST, 1);
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        e = failure(write("infw.txt", "1 2 1\n1 3 -Infinity\n"), InputFormat.EDGELIST, 2);
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void lineNumbersSurviveSplittingAcrossPartitions() throws IOException {
        StringBuilder sb = new StringBuilder("# header\n");
        for (int i = 2; i < 3000; i++) {
            sb.append(i).append(' ').append(i + 1).append('\n');
        }
        String good = write("long.txt", sb.toString());
        LoadedMatrix m = MatrixReader.read(sc(), good, InputFormat.EDGELIST, 5);
        LoadedMatrix single = MatrixReader.read(sc(), good, InputFormat.EDGELIST, 1);
        assertEquals(2999, m.n());
        assertEquals(2 * 2998, m.nnz());
        assertTrue(m.entries().getNumPartitions() >= 5);
        assertEquals(entries(single), entries(m));
        assertEquals(single.idToIndex().collectAsMap(), m.idToIndex().collectAsMap());
        m.unpersist();
        single.unpersist();
        sb.append("17 oops\n");
        for (int i = 0; i < 500; i++) {
            sb.append("1 2\n");
        }
        String bad = write("long-bad.txt", sb.toString());
        InputException e = assertThrows(InputException.class,
                () -> MatrixReader.read(sc(), bad, InputFormat.EDGELIST, 5));
        assertTrue(e.getMessage().contains("long-bad.txt, line 3000:"), e.getMessage());
    }

    @Test
    void moreRequestedPartitionsThanLines() throws IOException {
        String path = write("tiny.txt", "1 2\n");
        LoadedMatrix m = MatrixReader.read(sc(), path, InputFormat.EDGELIST, 8);
        assertEquals(2, m.n());
        assertEquals(2, m.nnz());
        m.unpersist();
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvWithHeader() throws IOException {
        String path = write("h.csv", "# exported\nsrc,dst,weight\n1, 2 ,0.5\n2,3,1.5\n");
        LoadedMatrix m = read(path, InputFormat.CSV);
        assertEquals(3, m.n());
        Map<String, Double> a = entries(m);
        assertEquals(0.5, a.get("1,0"));
        assertEquals(1.5, a.get("1,2"));
        m.unpersist();
    }

    @Test
    void csvWithoutHeader() throws IOException {
        String path = write("plain.csv", "1,2\r\n2,3\r\n3,3,9\r\n");
        LoadedMatrix m = MatrixReader.read(sc(), path);
        assertEquals(3, m.n());
        assertEquals(5, m.nnz());
        assertEquals(9.0, entries(m).get("2,2"));
        m.unpersist();
    }

    @Test
    void csvHeaderOnlyFirstLine() throws IOException {
        InputException e = failure(write("late.csv", "1,2\nsrc,dst\n"), InputFormat.CSV, 2);
        assertTrue(e.getMessage().contains("integer node id in column 1"), e.getMessage());
        e = failure(write("onlyheader.csv", "src,dst,weight\n"), InputFormat.CSV, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
    }

    // ---------------------------------------------------------------- Matrix Market

    @Test
    void generalSymmetricMatrixWithDuplicatesSummed() throws IOException {
        String path = write("gen.mtx", "%%MatrixMarket matrix coordinate real general\n% c\n3 3 6\n"
                + "1 1 2.0\n1 2 1.0\n1 2 2.0\n2 1 3.0\n3 3 -1e-3\n2 2 0\n");
        LoadedMatrix m = read(path, InputFormat.MTX);
        assertEquals(3, m.n());
        assertEquals(5, m.nnz());
        Map<String, Double> a = entries(m);
        assertEquals(3.0, a.get("0,1"));
        assertEquals(2.0, a.get("0,0"));
        assertEquals(-1e-3, a.get("2,2"));
        assertEquals(0.0, a.get("1,1"), "explicit zeros are kept");
        m.unpersist();
    }

    @Test
    void symmetricFileMirrorsEitherTriangle() throws IOException {
        String path = write("sym.mtx", "%%MatrixMarket matrix coordinate integer symmetric\n2 2 3\n"
                + "2 1 4\n1 1 1\n1 2\t5\n".replace("1 2\t5", "2 2\t5"));
        LoadedMatrix m = read(path, InputFormat.MTX);
        Map<String, Double> a = entries(m);
        assertEquals(Map.of("1,0", 4.0, "0,1", 4.0, "0,0", 1.0, "1,1", 5.0), a);
        String upper = write("upper.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n3 3 2\n1 3\n2 2\n");
        LoadedMatrix u = read(upper, InputFormat.MTX);
        assertEquals(Map.of("0,2", 1.0, "2,0", 1.0, "1,1", 1.0), entries(u));
        assertEquals(Map.of(1L, 0L, 2L, 1L, 3L, 2L), u.idToIndex().collectAsMap());
        m.unpersist();
        u.unpersist();
    }

    @Test
    void symmetricFileGivingBothTrianglesFails() throws IOException {
        String path = write("both.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 3\n"
                + "2 1 1.0\n3 3 1.0\n1 2 1.0\n");
        InputException e = failure(path, InputFormat.MTX, 5);
        assertTrue(e.getMessage().contains("A(2,1)") && e.getMessage().contains("A(1,2)"), e.getMessage());
    }

    @Test
    void generalNotSymmetricNamesTheFirstPairAndBothValues() throws IOException {
        String path = write("asym.mtx", "%%MatrixMarket matrix coordinate real general\n4 4 5\n"
                + "4 3 1.0\n3 4 1.5\n2 1 2.5\n1 2 2.0\n1 1 1\n");
        InputException e = failure(path, InputFormat.MTX, 0);
        assertTrue(e.getMessage().contains("A(1,2) = 2.0") && e.getMessage().contains("A(2,1) = 2.5"),
                e.getMessage());
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        String missing = write("missing.mtx", "%%MatrixMarket matrix coordinate real general\n3 3 2\n"
                + "3 1 1.0\n1 1 1\n");
        e = failure(missing, InputFormat.MTX, 3);
        assertTrue(e.getMessage().contains("A(3,1) = 1.0") && e.getMessage().contains("A(1,3) is not stored"),
                e.getMessage());
    }

    @Test
    void sizeLineMismatch() throws IOException {
        String fewer = write("fewer.mtx", "%%MatrixMarket matrix coordinate real symmetric\n%\n3 3 3\n1 1 1\n2 2 1\n");
        InputException e = failure(fewer, InputFormat.MTX, 3);
        assertTrue(e.getMessage().contains("declares 3") && e.getMessage().contains("2 entry lines"),
                e.getMessage());
        String more = write("more.mtx", "%%MatrixMarket matrix coordinate real symmetric\n3 3 1\n1 1 1\n2 2 1\n");
        e = failure(more, InputFormat.MTX, 2);
        assertTrue(e.getMessage().contains("declares 1"), e.getMessage());
        String notSquare = write("rect.mtx", "%%MatrixMarket matrix coordinate real general\n3 4 1\n1 1 1\n");
        e = failure(notSquare, InputFormat.MTX, 2);
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
    }

    @Test
    void indexOutOfRangeAndNonFiniteValues() throws IOException {
        String range = write("range.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n3 1 1\n");
        InputException e = failure(range, InputFormat.MTX, 4);
        assertTrue(e.getMessage().contains("out of range 1..2") && e.getMessage().contains("\"3 1 1\""),
                e.getMessage());
        String zero = write("zero.mtx", "%%MatrixMarket matrix coordinate pattern symmetric\n2 2 1\n0 1\n");
        failure(zero, InputFormat.MTX, 3);
        String nan = write("nan.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 1 1\n2 2 NaN\n");
        e = failure(nan, InputFormat.MTX, 4);
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void unsupportedBanners() throws IOException {
        InputException e = failure(write("c.mtx", "%%MatrixMarket matrix coordinate complex hermitian\n"
                + "1 1 1\n1 1 1 0\n"), InputFormat.MTX, 1);
        assertTrue(e.getMessage().contains("'complex'") && e.getMessage().contains("not supported"), e.getMessage());
        e = failure(write("h.mtx", "%%MatrixMarket matrix coordinate real hermitian\n1 1 1\n1 1 1\n"),
                InputFormat.MTX, 1);
        assertTrue(e.getMessage().contains("'hermitian'") && e.getMessage().contains("not supported"),
                e.getMessage());
        e = failure(write("s.mtx", "%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n2 1 1\n"),
                InputFormat.MTX, 1);
        assertTrue(e.getMessage().contains("'skew-symmetric'"), e.getMessage());
        e = failure(write("a.mtx", "%%MatrixMarket matrix array real general\n1 1\n1\n"), InputFormat.MTX, 1);
        assertTrue(e.getMessage().contains("'array'"), e.getMessage());
        e = failure(write("nobanner.mtx", "1 1 1\n1 1 1\n"), InputFormat.MTX, 1);
        assertTrue(e.getMessage().contains("%%MatrixMarket"), e.getMessage());
    }

    // ---------------------------------------------------------------- empty and missing

    @Test
    void emptyFilesHaveNoEntries() throws IOException {
        InputException e = failure(write("empty.txt", ""), InputFormat.EDGELIST, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
        e = failure(write("comments.txt", "# only\n\n% comments\n"), InputFormat.EDGELIST, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
        e = failure(writeGzip("empty.txt.gz", ""), InputFormat.EDGELIST, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
        e = failure(write("empty.mtx", ""), InputFormat.MTX, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
        e = failure(write("zero.mtx", "%%MatrixMarket matrix coordinate real symmetric\n5 5 0\n"),
                InputFormat.MTX, 0);
        assertTrue(e.getMessage().contains("no entries"), e.getMessage());
    }

    @Test
    void missingFileAndBadArguments() {
        String missing = dir.resolve("nope.txt").toString();
        InputException e = failure(missing, InputFormat.EDGELIST, 0);
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        e = assertThrows(InputException.class, () -> read(dir.toString(), InputFormat.EDGELIST));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> MatrixReader.read(sc(), missing, InputFormat.EDGELIST, 0));
        assertThrows(NullPointerException.class, () -> MatrixReader.read(sc(), missing, null, 1));
    }

    @Test
    void corruptGzipIsAnInputError() throws IOException {
        Path p = dir.resolve("trunc.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            for (int i = 0; i < 20000; i++) {
                out.write((i + " " + (i + 1) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InputException e = assertThrows(InputException.class, () -> read(p.toString(), InputFormat.EDGELIST));
        assertTrue(e.getMessage().contains("trunc.txt.gz"), e.getMessage());
    }
}
