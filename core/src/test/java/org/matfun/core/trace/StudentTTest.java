package org.matfun.core.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Student-t quantiles against scipy.stats.t.ppf(0.975, df) (scipy 1.x, printed with repr). */
class StudentTTest {

    @ParameterizedTest(name = "nu = {0}")
    @CsvSource({
        "1, 12.706204736174694", "2, 4.302652729749462", "3, 3.1824463052837078", "4, 2.7764451051977934",
        "5, 2.5705818356363146", "9, 2.262157162798205", "10, 2.228138851986274", "19, 2.0930240544083087",
        "30, 2.0422724563012378", "99, 1.9842169515864174", "1000, 1.9623390808264083"})
    void quantileMatchesScipy(long nu, double expected) {
        assertEquals(expected, StudentT.twoSidedQuantile(0.95, nu), 1e-12 * expected);
    }

    @Test
    void largeDegreesOfFreedomTendToTheNormalQuantile() {
        // scipy.stats.norm.ppf(0.975) = 1.959963984540054; t_{0.975, 10^6} differs by about 2.4e-6
        assertEquals(1.959963984540054, StudentT.twoSidedQuantile(0.95, 1_000_000), 1e-5);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedQuantile(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedQuantile(0.95, 0));
    }
}
