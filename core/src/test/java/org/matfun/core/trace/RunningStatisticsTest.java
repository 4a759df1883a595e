package org.matfun.core.trace;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Welford statistics against a two-pass computation, and the common-scale bookkeeping of DESIGN 2.6. */
class RunningStatisticsTest {

    private static final double EPS = Math.ulp(1.0);

    @Test
    void meanStandardErrorAndIntervalMatchTwoPassFormulas() {
        Random rnd = new Random(5);
        int m = 37;
        double[][] x = new double[m][2];
        RunningStatistics s = new RunningStatistics(2);
        for (int i = 0; i < m; i++) {
            x[i][0] = 1e6 + rnd.nextGaussian();
            x[i][1] = -3 + 0.01 * rnd.nextGaussian();
            s.add(x[i], 0.0);
        }
        for (int c = 0; c < 2; c++) {
            double mean = 0;
            for (double[] r : x) {
                mean += r[c];
            }
            mean /= m;
            double ss = 0;
            for (double[] r : x) {
                ss += (r[c] - mean) * (r[c] - mean);
            }
            double se = Math.sqrt(ss / (m - 1) / m);
            IntervalEstimate e = s.estimate(c);
            assertEquals(mean, e.mean(), 4 * m * EPS * Math.abs(mean));
            assertEquals(se, e.standardError(), 1e-8 * se);
            double t = StudentT.twoSidedQuantile(0.95, m - 1);
            assertEquals(mean - t * se, e.lower(), 1e-8 * se + 4 * m * EPS * Math.abs(mean));
            assertEquals(m, e.samples());
        }
    }

    @Test
    void samplesInDifferentScalesAreCombinedInTheLargest() {
        Random rnd = new Random(9);
        RunningStatistics plain = new RunningStatistics(1);
        RunningStatistics scaled = new RunningStatistics(1);
        double[] logScales = {0.0, 3.0, -2.0, 5.0, 1.0, 5.0, 0.5};
        for (double l : logScales) {
            double x = 10 + rnd.nextGaussian();
            plain.add(x);
            scaled.add(new double[]{x * Math.exp(-l)}, l);
        }
        IntervalEstimate p = plain.estimate(0);
        IntervalEstimate s = scaled.estimate(0);
        assertEquals(5.0, s.logScale());
        assertEquals(p.mean(), s.value(), 1e-13 * p.mean());
        assertEquals(p.standardError(), s.standardError() * Math.exp(5.0), 1e-12 * p.standardError());
        assertTrue(s.contains(p.mean()));
    }

    @Test
    void oneSampleHasNoStandardErrorAndBadSamplesAreRefused() {
        RunningStatistics s = new RunningStatistics(1);
        assertThrows(IllegalStateException.class, () -> s.estimate(0));
        s.add(2.0);
        assertTrue(Double.isNaN(s.estimate(0).standardError()));
        assertThrows(IllegalArgumentException.class, () -> s.add(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> s.add(new double[2], 0.0));
    }
}
