package org.matfun.core.trace;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Control variates: exact when the samples are affine in the controls, and never worse than c dof otherwise. */
class ControlVariatesTest {

    @Test
    void samplesAffineInTheControlsGiveTheExactMean() {
        Random rnd = new Random(4);
        int m = 25;
        double[][] y = new double[m][1];
        double[][] x = new double[m][2];
        for (int b = 0; b < m; b++) {
            x[b][0] = 10 + rnd.nextGaussian();
            x[b][1] = 1e6 * (5 + rnd.nextGaussian());
            y[b][0] = 3 + 2 * x[b][0] - 1e-6 * x[b][1];
        }
        double[] means = {10.0, 5e6};
        IntervalEstimate e = ControlVariates.estimate(y, x, means, 0.0)[0];
        double exact = 3 + 2 * 10 - 5;
        assertEquals(exact, e.mean(), 1e-12 * 1e3);
        assertTrue(e.standardError() < 1e-10, "standard error " + e.standardError());
        assertEquals(m, e.samples());
    }

    @Test
    void independentControlsLeaveTheSpreadAlone() {
        Random rnd = new Random(8);
        int m = 400;
        double[][] y = new double[m][1];
        double[][] x = new double[m][2];
        RunningStatistics plain = new RunningStatistics(1);
        for (int b = 0; b < m; b++) {
            x[b][0] = rnd.nextGaussian();
            x[b][1] = rnd.nextGaussian();
            y[b][0] = 1 + rnd.nextGaussian();
            plain.add(y[b][0]);
        }
        IntervalEstimate cv = ControlVariates.estimate(y, x, new double[2], 0.0)[0];
        IntervalEstimate p = plain.estimate(0);
        assertEquals(p.standardError(), cv.standardError(), 0.05 * p.standardError());
        assertTrue(cv.contains(1.0));
    }

    @Test
    void tooFewSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> ControlVariates.estimate(new double[4][1], new double[4][2], new double[2], 0.0));
    }
}
