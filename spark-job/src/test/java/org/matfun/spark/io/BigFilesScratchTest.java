package org.matfun.spark.io;

import org.junit.jupiter.api.Test;
import org.matfun.spark.SparkTestSupport;

class BigFilesScratchTest {
    @Test
    void big() {
        for (String f : new String[]{"snap/soc-Slashdot0902.txt.gz", "suitesparse/G3_circuit.mtx.gz", "suitesparse/Andrews.mtx.gz"}) {
            long t0 = System.nanoTime();
            LoadedMatrix m = MatrixReader.read(SparkTestSupport.context(), SparkTestSupport.sharedData(f).toString(), InputFormat.detect(f), 4);
            System.out.println("SCRATCH " + f + " n=" + m.n() + " nnz=" + m.nnz() + " " + (System.nanoTime() - t0) / 1e9 + " s");
            m.unpersist();
        }
    }
}
