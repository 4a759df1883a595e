package org.matfun.spark.io;

import org.junit.jupiter.api.Test;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Line-level parsing and the shuffle merges, without Spark. */
class LineParserTest {

    @Test
    void splitsOnAnyWhitespaceAndCommas() {
        assertArrayEquals(new String[]{"1", "2", "3"}, LineParser.splitWhitespace(" 1\t 2  3 4 5", 3));
        assertArrayEquals(new String[]{"1"}, LineParser.splitWhitespace("1\r", 3));
        assertArrayEquals(new String[0], LineParser.splitWhitespace("   ", 3));
        assertArrayEquals(new String[]{"1", "2", "x"}, LineParser.splitComma(" 1 , 2,x,y", 3));
        assertArrayEquals(new String[]{"1", ""}, LineParser.splitComma("1,", 3));
    }

    @Test
    void parsesEdgeLines() {
        Tuple2<PairKey, EdgeWeights> e = LineParser.parseEdge("f", 4, "7\t3 2.5 extra\r", false);
        assertEquals(new PairKey(3, 7), e._1());
        assertEquals(2.5, e._2().weight());
        assertEquals(4, e._2().line());
        assertNull(LineParser.parseEdge("f", 1, "# comment", false));
        assertNull(LineParser.parseEdge("f", 1, "  % comment", false));
        assertNull(LineParser.parseEdge("f", 1, " \r", false));
        assertEquals(1.0, LineParser.parseEdge("f", 1, "-5,6", true)._2().weight());
        assertEquals(-5, LineParser.parseEdge("f", 1, "-5,6", true)._1().lo());
    }

    @Test
    void edgeLineErrorsNameFileLineTextAndExpectation() {
        InputException e = assertThrows(InputException.class,
                () -> LineParser.parseEdge("g.txt", 12, "1 x", false));
        assertEquals("g.txt, line 12: expected an integer node id in column 2, found 'x' in \"1 x\"",
                e.getMessage());
        assertEquals(12, e.line());
        assertEquals("g.txt", e.file());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 3, "1 2 w", false));
        assertTrue(e.getMessage().contains("weight in column 3") && e.getMessage().contains("'w'"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 3, "1 2 NaN", false));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 3, "17", false));
        assertTrue(e.getMessage().contains("at least 2 columns"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.csv", 3, "1,", true));
        assertTrue(e.getMessage().contains("'src,dst[,weight]'"), e.getMessage());
        String longLine = "1 " + "y".repeat(200);
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 9, longLine, false));
        assertTrue(e.getMessage().length() < 300 && e.getMessage().contains("...\""), e.getMessage());
    }

    @Test
    void parsesCoordinateLines() {
        Tuple2<PairKey, CoordinateValues> c = LineParser.parseCoordinate("m", 5, "3 1 -2.5e1", 3,
                MatrixMarketHeader.Field.REAL);
        assertEquals(new PairKey(1, 3), c._1());
        assertEquals(-25.0, c._2().lowerSum());
        assertEquals(1, c._2().lowerCount());
        assertEquals(0, c._2().upperCount());
        c = LineParser.parseCoordinate("m", 5, "1 3", 3, MatrixMarketHeader.Field.PATTERN);
        assertEquals(1.0, c._2().upperSum());
        InputException e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 8,
                "4 1 1.0", 3, MatrixMarketHeader.Field.REAL));
        assertTrue(e.getMessage().startsWith("m.mtx, line 8: row index 4 is out of range 1..3"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 8, "1 1 1.5", 3,
                MatrixMarketHeader.Field.INTEGER));
        assertTrue(e.getMessage().contains("integer value"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 8, "1 1 1.5", 3,
                MatrixMarketHeader.Field.PATTERN));
        assertTrue(e.getMessage().contains("'row col' (2 columns, pattern matrix)"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 8, "1 1 Infinity", 3,
                MatrixMarketHeader.Field.REAL));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }

    @Test
    void edgeWeightMergeIsOrderIndependent() {
        List<EdgeWeights> lines = new ArrayList<>();
        double[] weights = {2.0, 2.0, 3.0, 2.0, 5.0, 3.0};
        for (int i = 0; i < weights.length; i++) {
            lines.add(new EdgeWeights(weights[i], i + 10));
        }
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            Collections.shuffle(lines, random);
            EdgeWeights m = mergeRandomTree(lines, random);
            assertEquals(2.0, m.weight());
            assertEquals(10, m.line());
            assertTrue(m.hasConflict());
            assertEquals(3.0, m.otherWeight());
            assertEquals(12, m.otherLine());
        }
        EdgeWeights same = EdgeWeights.merge(new EdgeWeights(0.0, 3), new EdgeWeights(-0.0, 1));
        assertFalse(same.hasConflict());
    }

    private static EdgeWeights mergeRandomTree(List<EdgeWeights> items, Random random) {
        List<EdgeWeights> work = new ArrayList<>(items);
        while (work.size() > 1) {
            int i = random.nextInt(work.size() - 1);
            EdgeWeights a = work.remove(i);
            EdgeWeights b = work.remove(i);
            work.add(i, random.nextBoolean() ? EdgeWeights.merge(a, b) : EdgeWeights.merge(b, a));
        }
        return work.get(0);
    }

    @Test
    void coordinateMergeSumsPerOrientation() {
        CoordinateValues v = CoordinateValues.merge(CoordinateValues.of(2, 1, 1.5, 9),
                CoordinateValues.merge(CoordinateValues.of(1, 2, 4.0, 7), CoordinateValues.of(2, 1, 2.5, 4)));
        assertEquals(4.0, v.lowerSum());
        assertEquals(2, v.lowerCount());
        assertEquals(4, v.lowerLine());
        assertEquals(4.0, v.upperSum());
        assertEquals(7, v.upperLine());
        assertEquals(3, v.count());
    }

    @Test
    void recoversInputExceptionFromSparkMessage() {
        String sparkMessage = "Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times, most recent"
                + " failure: Lost task 0.0 (TID 7): org.matfun.spark.io.InputException: /tmp/g.txt, line 7:"
                + " expected an integer node id in column 1, found 'a' in \"a b\"\n\tat org.matfun.Foo(Foo.java:1)";
        RuntimeException e = SparkFailures.translate("/tmp/g.txt", new IllegalStateException(sparkMessage));
        assertTrue(e instanceof InputException);
        InputException ie = (InputException) e;
        assertEquals("/tmp/g.txt, line 7: expected an integer node id in column 1, found 'a' in \"a b\"",
                ie.getMessage());
        assertEquals(7, ie.line());
        assertEquals("/tmp/g.txt", ie.file());
        InputException inner = new InputException("f", 3, "x", "bad");
        RuntimeException wrapped = SparkFailures.translate("f", new Exception("outer", inner));
        assertEquals(inner.getMessage(), wrapped.getMessage());
        assertTrue(wrapped instanceof InputException);
        RuntimeException io = SparkFailures.translate("f.gz", new Exception(new java.io.EOFException("eof")));
        assertTrue(io instanceof InputException && io.getMessage().contains("cannot read"), io.getMessage());
        RuntimeException other = SparkFailures.translate("f", new Exception("lost executor"));
        assertTrue(other instanceof IllegalStateException);
    }
}
