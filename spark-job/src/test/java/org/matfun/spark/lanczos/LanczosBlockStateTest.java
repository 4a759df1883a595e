package org.matfun.spark.lanczos;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The halo stage forms w_t only at the rows other blocks request ({@link LanczosBlockState#directionRow}); the
 * multiply stage forms all of w_t ({@link LanczosBlockState#prepare}). The halo values must equal the owner's
 * rows bit for bit, or the two blocks would multiply with different vectors.
 */
class LanczosBlockStateTest {

    @ParameterizedTest
    @CsvSource({"1, 0, 0", "2, 0, 1", "3, 4, 2", "2, 7, 0"})
    void directionRowEqualsTheRowsOfPrepare(int width, int basisSize, int corrections) {
        Random rnd = new Random(17L * width + 31L * basisSize + corrections);
        int rows = 23;
        double[] q = random(rnd, rows * width);
        double[] w = random(rnd, rows * width);
        double[] z = random(rnd, rows * width);
        double[][] basis = corrections > 0 || basisSize > 0 ? new double[basisSize][] : null;
        for (int j = 0; j < basisSize; j++) {
            basis[j] = random(rnd, rows * width);
        }
        LanczosBlockState state = new LanczosBlockState(0, rows, width, q, w, z, basis, null);
        List<double[]> cs = new ArrayList<>();
        for (int c = 0; c < corrections; c++) {
            cs.add(random(rnd, (basisSize + 1) * width));
        }
        double[] inverseBeta = new double[width];
        for (int b = 0; b < width; b++) {
            inverseBeta[b] = 1.0 / (0.5 + rnd.nextDouble());
        }
        StepScalars[] cases = {new StepScalars(false, inverseBeta, random(rnd, width), random(rnd, width), cs),
                new StepScalars(true, null, null, null, List.of())};
        for (StepScalars s : cases) {
            double[] full = state.prepare(s).w();
            double[] row = new double[width + 2];
            for (int i = 0; i < rows; i++) {
                state.directionRow(s, i, row, 1);
                for (int b = 0; b < width; b++) {
                    assertEquals(Double.doubleToLongBits(full[i * width + b]), Double.doubleToLongBits(row[1 + b]),
                            "row " + i + ", column " + b + (s.initial ? " (J_0)" : ""));
                }
            }
        }
    }

    private static double[] random(Random rnd, int length) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = rnd.nextGaussian();
        }
        return x;
    }
}
