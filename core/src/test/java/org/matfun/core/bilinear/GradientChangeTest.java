package org.matfun.core.bilinear;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.quadrature.TridiagonalEigen;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The randomized ||H_k - pad(H_{k-10})||_F used beyond k = 256 against the exact one (H formed with BLAS), on
 * random tridiagonals T_300 and their leading T_290 as the Lanczos process produces them; ||H_k||_F = ||M_k||_F.
 */
class GradientChangeTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void randomizedChangeMatchesTheExactNorm(long seed) {
        Random rnd = new Random(seed);
        int k = 300;
        double[] alphas = new double[k];
        double[] betas = new double[k];
        for (int j = 0; j < k; j++) {
            alphas[j] = 2 + rnd.nextDouble();
            betas[j] = 0.1 + 0.9 * rnd.nextDouble();
        }
        ScaledFunction f = MatrixFunction.exp(-1.0).unscaled();
        TridiagonalEigen small = TridiagonalEigen.decompose(alphas, betas, k - 10);
        TridiagonalEigen big = TridiagonalEigen.decompose(alphas, betas, k);
        double[] hSmall = ForwardOnlyGradient.hMatrix(small, 1.7, f);
        double[] hBig = ForwardOnlyGradient.hMatrix(big, 1.7, f);
        double exactNum = GradientChange.paddedDifference(hBig, k, hSmall, 1.0);
        double exactDen = GradientChange.squaredNorm(hBig);

        GradientChange change = new GradientChange(1);
        change.measure(0, small, 1.7, f, 1.0, 290);
        double[] d = change.measure(0, big, 1.7, f, 1.0, 300);
        assertEquals(1.0, d[2]);
        assertEquals(exactDen, d[1], 1e-12 * exactDen, "||H||_F = ||M||_F");
        double ratio = Math.sqrt(d[0] / exactNum);
        assertTrue(ratio > 0.5 && ratio < 2.0, "estimate / exact = " + ratio);
    }
}
