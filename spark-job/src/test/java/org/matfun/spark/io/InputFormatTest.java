package org.matfun.spark.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputFormatTest {

    @Test
    void detectsByExtensionIgnoringGz() {
        assertEquals(InputFormat.MTX, InputFormat.detect("a/bcsstk13.mtx.gz"));
        assertEquals(InputFormat.MTX, InputFormat.detect("hdfs://nn:8020/data/B.MTX"));
        assertEquals(InputFormat.CSV, InputFormat.detect("edges.csv"));
        assertEquals(InputFormat.CSV, InputFormat.detect("edges.CSV.GZ"));
        assertEquals(InputFormat.EDGELIST, InputFormat.detect("snap/CA-GrQc.txt.gz"));
        assertEquals(InputFormat.EDGELIST, InputFormat.detect("x.tsv"));
        assertEquals(InputFormat.EDGELIST, InputFormat.detect("x.edges"));
        assertEquals(InputFormat.EDGELIST, InputFormat.detect("graph"));
        assertEquals(InputFormat.EDGELIST, InputFormat.detect("mtx.gz"));
        assertEquals(InputFormat.PARQUET, InputFormat.detect("s3a://b/edges.parquet/"));
        assertEquals(InputFormat.ORC, InputFormat.detect("edges.ORC"));
        assertTrue(InputFormat.PARQUET.isTable() && InputFormat.TABLE.isTable() && !InputFormat.MTX.isTable());
    }

    @Test
    void detectRejectsBlank() {
        assertThrows(IllegalArgumentException.class, () -> InputFormat.detect(" "));
        assertThrows(IllegalArgumentException.class, () -> InputFormat.detect(null));
    }

    @Test
    void parsesNamesCaseInsensitively() {
        assertEquals(InputFormat.MTX, InputFormat.parse("MTX"));
        assertEquals(InputFormat.EDGELIST, InputFormat.parse(" EdgeList "));
        assertEquals(InputFormat.CSV, InputFormat.parse("csv"));
        assertEquals(InputFormat.TABLE, InputFormat.parse(" Table "));
        assertEquals(InputFormat.ORC, InputFormat.parse("orc"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputFormat.parse("tsv"));
        assertTrue(e.getMessage().contains("'tsv'") && e.getMessage().contains("mtx, edgelist, csv"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InputFormat.parse(null));
    }
}
