package org.matfun.core.lanczos;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.SharedMatrices;
import org.matfun.core.operator.CsrMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The panelled layout of wide blocks ({@link InMemoryLanczos#panels}) changes the memory layout only: a block of B
 * columns gives, column by column, bit for bit the alphas, betas and basis of the same columns run as blocks of 3 or
 * 5 (single panels, whose products sum each column in the same order), on real matrices from ../shared/data.
 */
class InMemoryLanczosPanelsTest {

    @ParameterizedTest
    @CsvSource({"8, '0,8'", "10, '0,10'", "11, '0,8,11'", "16, '0,8,16'", "17, '0,8,17'", "18, '0,8,18'",
            "19, '0,8,16,19'", "32, '0,8,16,24,32'", "1, '0,1'"})
    void panelBoundaries(int blockSize, String expected) {
        String[] parts = expected.split(",");
        int[] want = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            want[i] = Integer.parseInt(parts[i].trim());
        }
        assertArrayEquals(want, InMemoryLanczos.panels(blockSize));
    }

    /** B columns at once vs the same columns in blocks of 3 to 5 (no panels): identical doubles. */
    @ParameterizedTest
    @ValueSource(ints = {11, 17, 20, 32})
    void wideBlockEqualsNarrowBlocks(int blockSize) {
        CsrMatrix a = SharedMatrices.read("suitesparse/bcsstk13.mtx.gz");
        int n = a.dimension();
        Random rnd = new Random(blockSize);
        double[] starts = new double[n * blockSize];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = rnd.nextGaussian();
        }
        for (int i = 0; i < n; i++) { // one zero column: inactive from the start in both
            starts[i * blockSize + 5] = 0.0;
        }
        int steps = 25;
        InMemoryLanczos wide = new InMemoryLanczos(a, starts, blockSize, Reorthogonalization.NONE, true);
        List<LanczosStep> wideSteps = new ArrayList<>();
        for (int j = 0; j < steps; j++) {
            wideSteps.add(wide.step());
        }
        for (int from = 0; from < blockSize; ) {
            int rest = blockSize - from; // widths 3..5, never 1 or 2 (those use the SELL kernels)
            int width = rest <= 5 ? rest : rest == 6 ? 3 : 4;
            double[] part = new double[n * width];
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < width; b++) {
                    part[i * width + b] = starts[i * blockSize + from + b];
                }
            }
            InMemoryLanczos narrow = new InMemoryLanczos(a, part, width, Reorthogonalization.NONE, true);
            for (int j = 0; j < steps; j++) {
                LanczosStep s = narrow.step();
                for (int b = 0; b < width; b++) {
                    assertEquals(wideSteps.get(j).alphas()[from + b], s.alphas()[b], 0.0,
                            "alpha, step " + j + " column " + (from + b));
                    assertEquals(wideSteps.get(j).betas()[from + b], s.betas()[b], 0.0,
                            "beta, step " + j + " column " + (from + b));
                }
            }
            for (int b = 0; b < width; b++) {
                assertArrayEquals(wide.basis(from + b, steps), narrow.basis(b, steps), 0.0, "basis column " + (from + b));
            }
            assertEquals(wide.startNorms()[from], narrow.startNorms()[0], 0.0);
            from += width;
        }
    }
}
