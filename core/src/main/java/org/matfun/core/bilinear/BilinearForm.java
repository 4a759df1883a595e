package org.matfun.core.bilinear;

import org.matfun.core.function.MatrixFunction;
import org.matfun.core.gradient.ForwardOnlyGradient;
import org.matfun.core.lanczos.InMemoryLanczos;
import org.matfun.core.lanczos.LanczosOptions;
import org.matfun.core.operator.AffineOperator;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.operator.SymmetricOperator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;

/**
 * u^T f(A) v and its forward-only gradient on one machine (DESIGN 2.2, 2.3): Gauss quadrature for u = v,
 * polarization (Q(u + v) - Q(u - v)) / 4 for u != v with both runs in one block.
 *
 * <pre>{@code
 * BilinearFormResult r = BilinearForm.of(MatrixFunction.exp(0.1))
 *         .estimate(a, u, v, LanczosOptions.defaults(), EnumSet.of(GradientKind.MATRIX), StepListener.NONE);
 * double[] g = r.patternGradient();   // G_ij on A's nonzeros
 * }</pre>
 *
 * Cost: k block matvecs with B = 1 (u = v) or 2 vectors; the matrix gradient adds O(n k^2 + nnz k) flops
 * and keeps 8 n k bytes of basis per run.
 */
public final class BilinearForm {

    private final List<MatrixFunction> functions;
    private final SpectrumBounds spectrum;

    private BilinearForm(List<MatrixFunction> functions, SpectrumBounds spectrum) {
        this.functions = List.copyOf(functions);
        this.spectrum = spectrum;
    }

    public static BilinearForm of(MatrixFunction f) {
        return new BilinearForm(List.of(f), null);
    }

    /**
     * The forms u^T f_i(A) v of several functions (e.g. one family at many parameter values,
     * {@link org.matfun.core.function.FunctionList}) from one Lanczos pass: {@link #estimateAll}.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public static BilinearForm ofAll(List<MatrixFunction> functions) {
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("no function to estimate");
        }
        return new BilinearForm(functions, null);
    }

    /**
     * The same form with certified Gauss/Gauss-Radau bounds at every step (issue 16): the result's
     * {@link BilinearFormResult#bounds()} and each {@link StepRecord#bounds()}.
     *
     * @param s a guaranteed interval containing the spectrum of A, e.g. {@link SpectrumBounds#of(CsrMatrix)}
     */
    public BilinearForm withSpectrum(SpectrumBounds s) {
        return new BilinearForm(functions, s);
    }

    /** Value only. */
    public BilinearFormResult estimate(SymmetricOperator a, double[] u, double[] v, LanczosOptions options) {
        return estimate(a, u, v, options, EnumSet.noneOf(GradientKind.class), StepListener.NONE);
    }

    /**
     * @param a         symmetric A of order n: a {@link CsrMatrix} (the matrix gradient is then G on its
     *                  nonzeros) or an {@link AffineOperator} (then dF/dtheta_i) for MATRIX gradients
     * @param u         length n
     * @param v         length n
     * @param options   budget, tolerances, reorthogonalization
     * @param gradients derivatives to deliver (they also control stopping)
     * @param listener  one record per step
     * @throws IllegalArgumentException if lengths differ from n, u or v is zero, or MATRIX is requested for an
     *                                  operator that is neither CsrMatrix nor AffineOperator
     * @throws org.matfun.core.function.DomainException if a Ritz value leaves f's domain
     */
    public BilinearFormResult estimate(SymmetricOperator a, double[] u, double[] v, LanczosOptions options,
                                       Set<GradientKind> gradients, StepListener listener) {
        if (functions.size() != 1) {
            throw new IllegalArgumentException("estimate() computes one function; this form holds "
                    + functions.size() + ": use estimateAll");
        }
        return estimateAll(a, u, v, options, gradients, (step, records) -> listener.onStep(records.get(0))).get(0);
    }

    /**
     * u^T f_i(A) v for every function of {@link #ofAll}, from one Lanczos pass that runs until every f_i has
     * stopped (each result at its own step, with its own termination; DESIGN 2.2-2.5 per function). With MATRIX
     * gradients the basis is kept once (8 n k B bytes for the longest k) and each result's gradient uses its
     * leading vectors.
     *
     * @param listener per step, the records of the functions still running
     * @return one result per function, in order
     * @throws IllegalArgumentException as {@link #estimate}
     * @throws org.matfun.core.function.DomainException if a Ritz value leaves the domain of a running f_i
     */
    public List<BilinearFormResult> estimateAll(SymmetricOperator a, double[] u, double[] v, LanczosOptions options,
                                                Set<GradientKind> gradients, SweepListener listener) {
        int n = a.dimension();
        if (u.length != n || v.length != n) {
            throw new IllegalArgumentException("u and v must have length n = " + n + ", got " + u.length
                    + " and " + v.length);
        }
        if (isZero(u) || isZero(v)) {
            throw new IllegalArgumentException((isZero(u) ? "u" : "v") + " is the zero vector");
        }
        boolean matrix = gradients.contains(GradientKind.MATRIX);
        if (matrix && !(a instanceof CsrMatrix) && !(a instanceof AffineOperator)) {
            throw new IllegalArgumentException("a matrix gradient needs a CsrMatrix or an AffineOperator, got "
                    + a.getClass().getSimpleName());
        }
        Polarization p = Polarization.of(u, v);
        InMemoryLanczos rec = new InMemoryLanczos(a, p.starts(), p.blockSize(), options.reorthogonalization(),
                matrix);
        List<BilinearFormResult> all = new BilinearFormEstimator(functions, options, gradients).withSpectrum(spectrum)
                .runAll(rec, p.coefficients(), listener);
        if (!matrix) {
            return all;
        }
        List<BilinearFormResult> out = new ArrayList<>(all.size());
        for (BilinearFormResult r : all) {
            out.add(withMatrixGradient(a, rec, r));
        }
        return List.copyOf(out);
    }

    /** r with G on A's pattern (CsrMatrix) or dF/dtheta (AffineOperator), from the kept basis. */
    private static BilinearFormResult withMatrixGradient(SymmetricOperator a, InMemoryLanczos rec,
                                                         BilinearFormResult r) {
        double[] pattern = null;
        double[] affine = null;
        if (a instanceof CsrMatrix csr) {
            pattern = new double[(int) csr.nonzeros()];
        } else {
            affine = new double[((AffineOperator) a).components().size()];
        }
        for (int c = 0; c < r.runs().size(); c++) {
            QuadratureRun run = r.runs().get(c);
            if (run.steps() == 0) {
                continue;
            }
            // only the leading vectors that carry H (all k unless the run went past convergence)
            int m = ForwardOnlyGradient.effectiveDimension(run.h(), run.steps());
            double[] h = ForwardOnlyGradient.leadingBlock(run.h(), run.steps(), m);
            double[] basis = rec.basis(c, m);
            if (pattern != null) {
                ForwardOnlyGradient.accumulatePattern((CsrMatrix) a, basis, m, h, run.coefficient(), pattern);
            } else {
                ForwardOnlyGradient.accumulateAffine(((AffineOperator) a).components(), basis, m, h,
                        run.coefficient(), affine);
            }
        }
        return r.withMatrixGradients(pattern, affine);
    }

    private static boolean isZero(double[] x) {
        for (double d : x) {
            if (d != 0.0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The starting block of a bilinear form: {v} with c = {1} when u = v, else {u + v, u - v} with
     * c = {1/4, -1/4} (DESIGN 2.2).
     *
     * @param starts       n x B interleaved
     * @param blockSize    B (1 or 2)
     * @param coefficients c_r, length B
     */
    public record Polarization(double[] starts, int blockSize, double[] coefficients) {

        /** Coefficients of the polarization runs u + v and u - v. */
        public static final double[] PAIR = {0.25, -0.25};

        public static Polarization of(double[] u, double[] v) {
            if (Arrays.equals(u, v)) {
                return new Polarization(v.clone(), 1, new double[]{1.0});
            }
            int n = u.length;
            double[] s = new double[2 * n];
            for (int i = 0; i < n; i++) {
                s[2 * i] = u[i] + v[i];
                s[2 * i + 1] = u[i] - v[i];
            }
            return new Polarization(s, 2, PAIR.clone());
        }
    }
}
