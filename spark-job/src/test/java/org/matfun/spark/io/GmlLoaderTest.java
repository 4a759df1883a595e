package org.matfun.spark.io;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GML tokenizer and graph rules (no Spark): ids, weights, direction dropped, repeated edges, errors. */
class GmlLoaderTest {

    private static GmlLoader.Parsed parse(String text) throws Exception {
        return GmlLoader.parse("t.gml", new BufferedReader(new StringReader(text)));
    }

    @Test
    void readsNodesEdgesWeightsAndSkipsOtherKeys() throws Exception {
        GmlLoader.Parsed g = parse("Creator \"someone [with brackets]\"\ngraph [\n  directed 1\n"
                + "  node [ id 7 label \"a b\" graphics [ x 1.0 y 2 ] ]\n  node [ id 3 ]\n  node [ id 5 ]\n"
                + "  edge [ source 7 target 3 value 2.5 ]\n  edge [ source 3 target 7 value 2.5 ]\n"
                + "  edge [ source 5 target 5 weight -1 value 9 ]\n]\n");
        assertArrayEquals(new Long[] {3L, 5L, 7L}, g.nodes.keySet().toArray(new Long[0]));
        assertEquals(2, g.edges.size(), "both directions of 3-7 are one undirected edge");
        assertEquals(2.5, g.edges.get(GmlLoader.Pair.of(3, 7))[0]);
        assertEquals(-1.0, g.edges.get(GmlLoader.Pair.of(5, 5))[0], "weight wins over value");
    }

    @Test
    void errorsNameTheLineAndTheProblem() {
        InputException e = assertThrows(InputException.class, () -> parse(
                "graph [\n node [ id 1 ]\n node [ id 2 ]\n edge [ source 1 target 2 weight 1 ]\n"
                        + " edge [ source 2 target 1 weight 3 ]\n]\n"));
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("line 4"), e.getMessage());
        e = assertThrows(InputException.class, () -> parse("graph [\n node [ id 1 ]\n node [ id 1 ]\n]\n"));
        assertTrue(e.getMessage().contains("declared twice"), e.getMessage());
        e = assertThrows(InputException.class, () -> parse("graph [\n node [ label \"x\" ]\n]\n"));
        assertTrue(e.getMessage().contains("without 'id'"), e.getMessage());
        e = assertThrows(InputException.class, () -> parse("graph [\n node [ id 1 ]\n edge [ source 1 target 9 ]\n]"));
        assertTrue(e.getMessage().contains("9 is not a declared node"), e.getMessage());
        e = assertThrows(InputException.class, () -> parse("graph [\n node [ id 1\n"));
        assertTrue(e.getMessage().contains("never closed"), e.getMessage());
        e = assertThrows(InputException.class, () -> parse("nodes 3\n"));
        assertTrue(e.getMessage().contains("no 'graph"), e.getMessage());
    }
}
