package org.matfun.core.bilinear;

import org.junit.jupiter.api.Test;
import org.matfun.core.DenseReference;
import org.matfun.core.function.DomainException;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.lanczos.Termination;
import org.matfun.core.operator.CsrMatrix;

import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN 2.6 and 2.6b: values beyond the double range are reported through logAbsValue and sign (checked
 * against the dense reference evaluated in log space), gradients in the same scale; Ritz values outside f's
 * domain fail with the step and the value instead of returning NaN.
 */
class ScalingAndDomainTest {

    /** u^T exp(150 A) u overflows (|F| ~ e^1000): value is Infinity, logAbsValue and scaled gradients are exact. */
    @Test
    void overflowingValueIsReportedInLogSpace() {
        Random rnd = new Random(21);
        int n = 60;
        CsrMatrix a = DenseReference.randomSparse(n, 3, 0.5, rnd);
        DenseReference ref = DenseReference.of(a);
        double[] u = DenseReference.gaussian(n, rnd);
        double beta = 150;
        MatrixFunction f = MatrixFunction.exp(beta);
        // tolerance 1e-12, not lower: a Ritz value is exact to about eps ||A|| (||A|| ~ 5 here), which moves
        // exp(150 lambda) by 150 * 5 * eps ~ 1.7e-13 relative, the attainable accuracy of the value
        BilinearFormResult r = BilinearForm.of(f).estimate(a, u, u,
                LanczosOptions.defaults().withTolerance(1e-12).withGradientTolerance(1e-12).withMaxSteps(300),
                EnumSet.of(GradientKind.MATRIX, GradientKind.PARAMETER), StepListener.NONE);
        assertNotEquals(Termination.STEP_BUDGET, r.termination());
        double lmax = ref.lambda[n - 1];
        double logExact = ref.logExpQuadraticForm(u, beta);
        assertTrue(logExact > 709, "the test needs an overflowing value, log = " + logExact);
        assertEquals(Double.POSITIVE_INFINITY, r.value().value());
        assertEquals(1.0, r.value().sign());
        assertEquals(logExact, r.value().logAbsValue(), 1e-13 * logExact);
        assertTrue(r.logScale() > 700, "gradients are reported in the shifted scale");
        // the gradient in the result's scale against the dense gradient in the same scale
        double[] g = ref.matrixGradient(f.scaledOn(ref.lambda[0], lmax), u, u);
        assertEquals(r.logScale(), f.scaledOn(ref.lambda[0], lmax).logScale(), 1e-12 * r.logScale());
        int[] ptr = a.rowPointers();
        int[] col = a.columnIndices();
        double scale = 0;
        for (double x : g) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < n; i++) {
            for (int p = ptr[i]; p < ptr[i + 1]; p++) {
                assertEquals(g[i * n + col[p]], r.patternGradient()[p], 1e-11 * scale);
            }
        }
        double dParam = ref.parameterDerivative(f.scaledOn(ref.lambda[0], lmax), u, u);
        assertEquals(dParam, r.parameterGradient().scaled(), 1e-11 * Math.abs(dParam));
    }

    /** log of an indefinite matrix: DomainException naming the step and the negative Ritz value. */
    @Test
    void logOfIndefiniteMatrixFailsWithRitzValueAndStep() {
        Random rnd = new Random(3);
        CsrMatrix a = DenseReference.randomSparse(80, 3, -2.0, rnd); // eigenvalues from about -2 upwards
        double[] u = DenseReference.gaussian(80, rnd);
        DomainException e = assertThrows(DomainException.class,
                () -> BilinearForm.of(MatrixFunction.log()).estimate(a, u, u, LanczosOptions.defaults()));
        assertTrue(e.ritzValue() < 0, "ritz value " + e.ritzValue());
        assertTrue(e.step() >= 1);
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("Ritz value"),
                e.getMessage());
    }

    /** sqrt of a singular positive semidefinite matrix (a graph Laplacian): tiny negative Ritz values are rounding. */
    @Test
    void sqrtOfSingularLaplacianIsFiniteAndExact() {
        int n = 50;
        int[] rows = new int[3 * n];
        int[] cols = new int[3 * n];
        double[] vals = new double[3 * n];
        int e = 0;
        for (int i = 0; i < n; i++) { // cycle graph Laplacian: eigenvalues 2 - 2 cos(2 pi j / n), one zero
            rows[e] = i;
            cols[e] = i;
            vals[e++] = 2;
            rows[e] = i;
            cols[e] = (i + 1) % n;
            vals[e++] = -1;
            rows[e] = (i + 1) % n;
            cols[e] = i;
            vals[e++] = -1;
        }
        CsrMatrix l = CsrMatrix.fromCoordinates(n, rows, cols, vals);
        DenseReference ref = DenseReference.of(l);
        double[] u = DenseReference.gaussian(n, new Random(8));
        BilinearFormResult r = BilinearForm.of(MatrixFunction.sqrt()).estimate(l, u, u,
                LanczosOptions.defaults().withTolerance(1e-13).withMaxSteps(400));
        double exact = ref.bilinear(MatrixFunction.sqrt().unscaled(), u, u);
        assertTrue(Double.isFinite(r.value().value()));
        assertEquals(exact, r.value().value(), 1e-10 * Math.abs(exact));
        assertNotEquals(Termination.STEP_BUDGET, r.termination());
    }

    /** Entries near 1e300 make A q overflow: a clear error with the step, never an "exact" Infinity. */
    @Test
    void overflowingRecurrenceFailsWithTheStep() {
        CsrMatrix a = CsrMatrix.fromCoordinates(2, new int[]{0, 1, 0, 1}, new int[]{0, 1, 1, 0},
                new double[]{1e300, 1e300, 5e299, 5e299});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BilinearForm
                .of(MatrixFunction.exp(1)).estimate(a, new double[]{1, 1}, new double[]{1, 1},
                        LanczosOptions.defaults()));
        assertTrue(e.getMessage().contains("Lanczos step 1") && e.getMessage().contains("overflow"),
                e.getMessage());
    }
}
