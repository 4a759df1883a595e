package org.matfun.core.quadrature;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decompositions from many threads at once, starting together in a fresh JVM (F2J's LAPACK initializes its static
 * state, Dlamch's machine constants among it, on the first calls), equal the sequential ones bit for bit. Without
 * the lock of {@link TridiagonalEigen} about one fresh JVM in three gave Ritz values up to 3.7e-13 apart for the same
 * T_k (8 threads x 3,000 decompositions); the test starts 10 such JVMs. With a native LAPACK the lock is not taken and
 * the check holds as well.
 */
class TridiagonalEigenThreadsTest {

    @Test
    void concurrentFirstCallsEqualSequentialOnes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        for (int run = 0; run < 10; run++) {
            Process p = new ProcessBuilder(java, "-cp", cp, Race.class.getName()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "JVM " + run + " did not finish");
            assertEquals(0, p.exitValue(), "JVM " + run + ": " + out);
        }
    }

    /** 8 threads released at once into their first decompositions; exit 1 if any differs from the sequential one. */
    public static final class Race {

        public static void main(String[] args) throws Exception {
            int threads = 8;
            int cases = 3000;
            Random rnd = new Random(1);
            double[][] alphas = new double[cases][];
            double[][] betas = new double[cases][];
            for (int c = 0; c < cases; c++) {
                int k = 3 + rnd.nextInt(30);
                alphas[c] = new double[k];
                betas[c] = new double[k];
                for (int i = 0; i < k; i++) {
                    alphas[c][i] = 50 * rnd.nextGaussian();
                    betas[c][i] = 20 * Math.abs(rnd.nextGaussian()) + 1e-3;
                }
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<double[][]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    double[][] out = new double[cases][];
                    for (int c = 0; c < cases; c++) {
                        out[c] = TridiagonalEigen.decompose(alphas[c], betas[c], alphas[c].length).ritzValues();
                    }
                    return out;
                }));
            }
            go.countDown();
            List<double[][]> results = new ArrayList<>();
            for (Future<double[][]> f : futures) {
                results.add(f.get());
            }
            pool.shutdown();
            int bad = 0;
            for (int c = 0; c < cases; c++) {
                double[] ref = TridiagonalEigen.decompose(alphas[c], betas[c], alphas[c].length).ritzValues();
                for (double[][] r : results) {
                    if (!Arrays.equals(ref, r[c])) {
                        bad++;
                    }
                }
            }
            System.out.println(bad + " of " + threads * cases + " concurrent decompositions differ from the sequential"
                    + " ones");
            System.exit(bad == 0 ? 0 : 1);
        }
    }
}
