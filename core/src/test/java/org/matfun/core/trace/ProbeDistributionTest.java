package org.matfun.core.trace;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes are a function of (seed, probe, row) only, and have the moments E z_i = 0, E z_i^2 = 1. */
class ProbeDistributionTest {

    @ParameterizedTest
    @EnumSource(ProbeDistribution.class)
    void entriesDoNotDependOnBlockSizeOrRowRange(ProbeDistribution d) {
        int n = 50;
        double[] wide = d.block(7L, 0, 6, 0, n);
        double[] narrow = d.block(7L, 2, 3, 20, 30);
        for (int i = 0; i < 30; i++) {
            for (int b = 0; b < 3; b++) {
                assertEquals(wide[(20 + i) * 6 + 2 + b], narrow[i * 3 + b]);
                assertEquals(d.entry(7L, 2 + b, 20 + i), narrow[i * 3 + b]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProbeDistribution.class)
    void momentsAreThoseOfIsotropicProbes(ProbeDistribution d) {
        int n = 200_000;
        double s1 = 0;
        double s2 = 0;
        double s4 = 0;
        double cross = 0;
        for (int i = 0; i < n; i++) {
            double x = d.entry(42L, 3, i);
            double y = d.entry(42L, 4, i);
            s1 += x;
            s2 += x * x;
            s4 += x * x * x * x;
            cross += x * y;
            if (d == ProbeDistribution.RADEMACHER) {
                assertEquals(1.0, Math.abs(x));
            }
        }
        // 5-sigma bounds: Var(z) = 1, Var(z^2) = 2 (Gaussian) or 0, Var(z w) = 1
        double sigma = 5 / Math.sqrt(n);
        assertTrue(Math.abs(s1 / n) < sigma, "mean " + s1 / n);
        assertTrue(Math.abs(s2 / n - 1) < sigma * Math.sqrt(2) + 1e-15, "second moment " + s2 / n);
        assertTrue(Math.abs(cross / n) < sigma, "cross moment " + cross / n);
        double kurtosis = d == ProbeDistribution.GAUSSIAN ? 3.0 : 1.0;
        assertTrue(Math.abs(s4 / n - kurtosis) < 5 * Math.sqrt(96.0 / n) + 1e-15, "fourth moment " + s4 / n);
        assertTrue(d.entry(1L, 0, 0) != d.entry(2L, 0, 0) || d.entry(1L, 0, 1) != d.entry(2L, 0, 1)
                || d.entry(1L, 0, 2) != d.entry(2L, 0, 2), "seeds must change the probe");
    }
}
