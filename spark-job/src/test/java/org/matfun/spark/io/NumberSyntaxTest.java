package org.matfun.spark.io;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The number syntax of data files: decimal notation only (what {@link Double#parseDouble} accepts beyond it, such as
 * {@code 2f}, {@code 0x1p3} or {@code Infinity}, is an error), ASCII integer ids; a byte order mark is ignored.
 */
class NumberSyntaxTest {

    @Test
    void decimalNotation() {
        for (String ok : new String[]{"1", "-1", "+1", "1.", ".5", "-.5", "1.5e3", "1E-3", "2.8322685185200e+06",
            "0", "-0", "1e400"}) {
            assertTrue(LineParser.isDecimal(ok), ok);
        }
        for (String bad : new String[]{"", "+", "-", ".", "e5", "1e", "1e+", "2f", "2d", "1.5D", "0x1p3", "NaN",
            "Infinity", "-inf", "1.0.0", "1_000", "\u0663", "1 ", "--1", "1e5.5"}) {
            assertFalse(LineParser.isDecimal(bad), bad);
        }
        assertTrue(LineParser.isNonFiniteWord("-Infinity") && LineParser.isNonFiniteWord("nan")
                && LineParser.isNonFiniteWord("+INF"));
        assertFalse(LineParser.isNonFiniteWord("infinite"));
    }

    @Test
    void asciiIntegers() {
        assertTrue(LineParser.isInteger("-9223372036854775808"));
        assertTrue(LineParser.isInteger("+7"));
        assertFalse(LineParser.isInteger("9223372036854775808"), "beyond a long");
        assertTrue(LineParser.isAsciiInteger("9223372036854775808"));
        assertFalse(LineParser.isInteger("\u0663\u0661"), "Arabic-Indic digits, which Long.parseLong accepts");
        assertFalse(LineParser.isInteger("1.0"));
        assertFalse(LineParser.isInteger("-"));
    }

    @Test
    void messagesNameTheTokenAndTheExpectation() {
        InputException e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 3, "1 2 2f", false));
        assertEquals("g.txt, line 3: expected a number as weight in column 3, found '2f' in \"1 2 2f\"", e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 3, "1 2 -inf", false));
        assertTrue(e.getMessage().contains("expected a finite number as weight in column 3, found '-inf'"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseEdge("g.txt", 4, "1 99999999999999999999", false));
        assertTrue(e.getMessage().contains("64-bit integer") && e.getMessage().contains("'99999999999999999999'"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 5, "x 1 1.0", 3,
                MatrixMarketHeader.Field.REAL));
        assertTrue(e.getMessage().contains("expected an integer row index in 1..3, found 'x'"), e.getMessage());
        e = assertThrows(InputException.class, () -> LineParser.parseCoordinate("m.mtx", 5, "1 1 0x10", 3,
                MatrixMarketHeader.Field.INTEGER));
        assertTrue(e.getMessage().contains("integer value (field 'integer'), found '0x10'"), e.getMessage());
    }

    @Test
    void byteOrderMarkIsIgnored() throws IOException {
        assertEquals(new PairKey(1, 2), LineParser.parseEdge("g.txt", 1, "\uFEFF1 2", false)._1());
        assertEquals(0L, TextFiles.csvHeaderLine(new BufferedReader(new StringReader("\uFEFF1,2\n"))));
        assertEquals(2L, TextFiles.csvHeaderLine(new BufferedReader(new StringReader("# c\r\n\uFEFFsrc,dst\n1,2\n"))));
        MatrixMarketHeader h = MatrixMarketHeader.read("m.mtx", new BufferedReader(new StringReader(
                "\uFEFF%%MatrixMarket matrix coordinate integer general\n% c\n 4 4 7 \n")));
        assertEquals(4, h.n());
        assertEquals(7, h.declared());
        assertEquals(3, h.sizeLine());
    }
}
