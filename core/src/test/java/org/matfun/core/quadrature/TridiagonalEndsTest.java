package org.matfun.core.quadrature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link TridiagonalEnds} (implicit QL on two rows of S) against closed forms (Toeplitz tridiagonal) and against
 * quantities that do not depend on how eigenvectors in a cluster are chosen: e_1^T T^p e_1 = sum_j S(1, j)^2
 * lambda_j^p and e_k^T T^p e_1 = sum_j S(k, j) lambda_j^p S(1, j), computed by repeated products with T, and
 * the Ritz values of LAPACK dstevr ({@link TridiagonalEigen}). Tolerances c k eps ||T||^p.
 */
class TridiagonalEndsTest {

    private static final double EPS = Math.ulp(1.0);

    /** T = tridiag(b, a, b): lambda_j = a + 2 b cos(j pi / (k + 1)), S(i, j) = sqrt(2 / (k + 1)) sin(i j pi / (k + 1)). */
    @ParameterizedTest(name = "k = {0}")
    @ValueSource(ints = {1, 2, 3, 17, 120})
    void toeplitzMatchesClosedForm(int k) {
        double a = 2.0;
        double b = -0.7;
        double[] alphas = new double[k];
        double[] betas = new double[k];
        java.util.Arrays.fill(alphas, a);
        java.util.Arrays.fill(betas, b);
        TridiagonalEnds e = TridiagonalEnds.compute(alphas, betas, k);
        double scale = Math.abs(a) + 2 * Math.abs(b);
        for (int j = 1; j <= k; j++) {
            // ascending order: b < 0, so cos term with j = 1 is the smallest
            double theta = j * Math.PI / (k + 1);
            double lambda = a + 2 * b * Math.cos(theta);
            double s1 = Math.sqrt(2.0 / (k + 1)) * Math.sin(theta);
            double sk = Math.sqrt(2.0 / (k + 1)) * Math.sin(k * theta);
            assertEquals(lambda, e.ritzValues()[j - 1], 8 * k * EPS * scale, "lambda_" + j);
            assertEquals(s1 * s1, e.first()[j - 1] * e.first()[j - 1], 8 * k * EPS, "S(1, j)^2, j = " + j);
            assertEquals(sk * s1, e.last()[j - 1] * e.first()[j - 1], 8 * k * EPS, "S(k, j) S(1, j), j = " + j);
        }
    }

    /** Random and clustered (Wilkinson W+: pairs of nearly equal eigenvalues) tridiagonals. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void momentsAndRitzValuesMatchReferences(long seed) {
        Random rnd = new Random(seed);
        int k = seed % 2 == 0 ? 1 + rnd.nextInt(200) : 21 + 2 * rnd.nextInt(40);
        double[] alphas = new double[k];
        double[] betas = new double[k];
        for (int i = 0; i < k; i++) {
            if (seed % 2 == 0) {
                alphas[i] = rnd.nextGaussian() * 10;
                betas[i] = rnd.nextDouble() < 0.05 ? 1e-13 : rnd.nextGaussian();
            } else {
                alphas[i] = Math.abs((k - 1) / 2.0 - i);
                betas[i] = 1.0;
            }
        }
        TridiagonalEnds e = TridiagonalEnds.compute(alphas, betas, k);
        TridiagonalEigen ref = TridiagonalEigen.decompose(alphas, betas, k);
        double norm = ref.norm();
        for (int j = 0; j < k; j++) {
            assertEquals(ref.ritzValues()[j], e.ritzValues()[j], 8 * k * EPS * norm, "lambda_" + (j + 1));
        }
        double[] x = new double[k];
        x[0] = 1.0;
        for (int p = 0; p <= 4; p++) {
            double m1 = 0.0;
            double mk = 0.0;
            double abs1 = 0.0;
            double absk = 0.0;
            for (int j = 0; j < k; j++) {
                double lp = Math.pow(e.ritzValues()[j], p);
                m1 += e.first()[j] * e.first()[j] * lp;
                mk += e.last()[j] * e.first()[j] * lp;
                abs1 += e.first()[j] * e.first()[j] * Math.abs(lp);
                absk += Math.abs(e.last()[j] * e.first()[j] * lp);
            }
            double tol = 16 * k * EPS * Math.pow(norm, p);
            assertEquals(x[0], m1, tol + 16 * k * EPS * abs1, "e_1^T T^" + p + " e_1");
            assertEquals(x[k - 1], mk, tol + 16 * k * EPS * absk, "e_k^T T^" + p + " e_1");
            x = multiply(alphas, betas, x);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEnds.compute(new double[1], new double[1], 0));
        assertThrows(IllegalArgumentException.class,
                () -> TridiagonalEnds.compute(new double[]{1, Double.NaN}, new double[]{1}, 2));
        assertThrows(IllegalArgumentException.class,
                () -> TridiagonalEnds.compute(new double[]{1, 2}, new double[]{Double.POSITIVE_INFINITY}, 2));
    }

    private static double[] multiply(double[] alphas, double[] betas, double[] x) {
        int k = x.length;
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = alphas[i] * x[i];
            if (i > 0) {
                s += betas[i - 1] * x[i - 1];
            }
            if (i < k - 1) {
                s += betas[i] * x[i + 1];
            }
            y[i] = s;
        }
        return y;
    }
}
