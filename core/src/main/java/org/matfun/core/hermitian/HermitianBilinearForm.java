package org.matfun.core.hermitian;

import org.matfun.core.bilinear.GradientKind;
import org.matfun.core.lanczos.LanczosOptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * F = u^H f(A) v (conjugate-linear in u) for a complex Hermitian sparse A and its forward-only gradients, on one
 * machine (DESIGN 2.2, 2.3 with conjugate transposes; section 3, "Complex Hermitian matrices").
 * <ul>
 *   <li>u = v: one run, the Gauss rule ||v||^2 e_1^T f(T_k) e_1 (complex for complex f);</li>
 *   <li>u != v: the complex polarization identity u^H M v = (1/4) sum_{r=0..3} (-i)^r Q(u + i^r v),
 *       Q(z) = z^H M z, valid for every square M (here M = f(A)), four runs advanced in one block.</li>
 * </ul>
 *
 * <pre>{@code
 * HermitianBilinearFormResult r = HermitianBilinearForm.of(ComplexFunction.parse("expi:t=0.5"))
 *         .estimate(a, u, v, LanczosOptions.defaults(), EnumSet.of(GradientKind.MATRIX));
 * Complex f = r.value();                                 // u^H e^{-0.5 i A} v
 * HermitianEntryGradient g = r.entryGradient();          // dF/dRe(A_pq), dF/dIm(A_pq)
 * }</pre>
 *
 * Cost: k block matvecs with B = 1 (u = v) or 4 vectors; the matrix gradient adds O(n k^2 + nnz k) flops per run
 * and keeps 16 n k bytes of complex basis per run.
 */
public final class HermitianBilinearForm {

    private final List<ComplexFunction> functions;

    private HermitianBilinearForm(List<ComplexFunction> functions) {
        this.functions = functions;
    }

    /**
     * @throws IllegalArgumentException if f is null
     */
    public static HermitianBilinearForm of(ComplexFunction f) {
        if (f == null) {
            throw new IllegalArgumentException("function must not be null");
        }
        return new HermitianBilinearForm(List.of(f));
    }

    /**
     * Many functions (a parameter list or range, {@link ComplexFunctionList}) from one Lanczos pass:
     * {@link #estimateAll}.
     *
     * @throws IllegalArgumentException if the list is null, empty or has a null entry
     */
    public static HermitianBilinearForm ofAll(List<ComplexFunction> functions) {
        if (functions == null || functions.isEmpty() || functions.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("a function list needs at least one function and no null entry");
        }
        return new HermitianBilinearForm(List.copyOf(functions));
    }

    /** Value only. */
    public HermitianBilinearFormResult estimate(HermitianCsrMatrix a, double[] u, double[] v, LanczosOptions options) {
        return estimate(a, u, v, options, EnumSet.noneOf(GradientKind.class));
    }

    /**
     * @param a         Hermitian A of order n
     * @param u         complex, 2 n doubles interleaved (re at 2 i, im at 2 i + 1)
     * @param v         complex, 2 n doubles interleaved
     * @param options   budget, tolerances, reorthogonalization (stop rule ESTIMATE)
     * @param gradients MATRIX (G on the stored entries and dF/dRe, dF/dIm per entry) and/or PARAMETER (dF/dt or
     *                  dF/dbeta); they also control stopping
     * @return the value, its estimates and the requested gradients, all in the scale e^logScale
     * @throws IllegalArgumentException if u or v does not have length 2 n, has a non-finite part (the entry is
     *                                  named) or is the zero vector, the options ask for the BOUND rule, or this
     *                                  form holds more than one function (use estimateAll)
     * @throws IllegalStateException    if the value leaves the double range even in its scale, or LAPACK fails
     */
    public HermitianBilinearFormResult estimate(HermitianCsrMatrix a, double[] u, double[] v, LanczosOptions options,
                                                Set<GradientKind> gradients) {
        if (functions.size() != 1) {
            throw new IllegalArgumentException("estimate() evaluates one function; this form holds "
                    + functions.size() + ": use estimateAll");
        }
        return estimateAll(a, u, v, options, gradients, HermitianSweepListener.NONE).get(0);
    }

    /**
     * One Lanczos pass for every function (DESIGN 2.2-2.5; issue 14): the runs step until the last function has
     * stopped, each function's result is taken at its own step (bit-identical to {@link #estimate} of that
     * function alone), and with a MATRIX gradient the basis is kept once, to the longest function's k, and each
     * function's G uses its own leading k vectors and its own H.
     *
     * @param listener per step, the records of the functions still running (null for those stopped)
     * @return one result per function, in order
     * @throws IllegalArgumentException as {@link #estimate}
     * @throws IllegalStateException    as {@link #estimate}
     */
    public List<HermitianBilinearFormResult> estimateAll(HermitianCsrMatrix a, double[] u, double[] v,
                                                         LanczosOptions options, Set<GradientKind> gradients,
                                                         HermitianSweepListener listener) {
        int n = a.dimension();
        check(u, "u", n);
        check(v, "v", n);
        boolean matrix = gradients.contains(GradientKind.MATRIX);
        Polarization p = Polarization.of(u, v);
        HermitianLanczos rec = new HermitianLanczos(a, p.starts(), p.blockSize(), options.reorthogonalization(),
                matrix);
        List<HermitianBilinearFormResult> all = new HermitianFormEstimator(options, gradients)
                .runAll(rec, p.coefficients(), functions, listener);
        if (!matrix) {
            return all;
        }
        int bs = p.blockSize();
        int[] longest = new int[bs];
        for (HermitianBilinearFormResult r : all) {
            for (int c = 0; c < bs; c++) {
                longest[c] = Math.max(longest[c], r.runs().get(c).steps());
            }
        }
        double[][] bases = new double[bs][];
        for (int c = 0; c < bs; c++) {
            bases[c] = longest[c] == 0 ? null : rec.basis(c, longest[c]);
        }
        List<HermitianBilinearFormResult> out = new ArrayList<>(all.size());
        for (HermitianBilinearFormResult r : all) {
            double[] pattern = new double[(int) (2 * a.nonzeros())];
            for (int c = 0; c < bs; c++) {
                HermitianRun run = r.runs().get(c);
                if (run.steps() == 0) {
                    continue;
                }
                HermitianGradient.accumulatePattern(a, bases[c], longest[c], run.steps(), run.hRe(), run.hIm(),
                        run.coefficient(), pattern);
            }
            HermitianEntryGradient entries = HermitianGradient.entryDerivatives(a, pattern, r.logScale());
            out.add(new HermitianBilinearFormResult(r.scaledValue(), r.logScale(), r.errorEstimate(),
                    r.gradientErrorEstimate(), r.termination(), r.steps(), r.matvecs(), r.function(),
                    r.parameterGradient(), r.runs(), r.history(), pattern, entries));
        }
        return List.copyOf(out);
    }

    private static void check(double[] x, String name, int n) {
        if (x == null || x.length != 2 * n) {
            throw new IllegalArgumentException(name + " must have 2 n = " + 2 * n + " doubles (interleaved re, im),"
                    + " got " + (x == null ? "null" : Integer.toString(x.length)));
        }
        boolean zero = true;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + "[" + i / 2 + "] has " + (i % 2 == 0 ? "real" : "imaginary")
                        + " part " + x[i] + "; expected finite");
            }
            zero &= x[i] == 0.0;
        }
        if (zero) {
            throw new IllegalArgumentException(name + " is the zero vector");
        }
    }

    /**
     * The starting block of a Hermitian bilinear form: {v} with c = {1} when u = v, else the four vectors
     * u + i^r v, r = 0..3, with c_r = (-i)^r / 4: u^H M v = sum_r c_r (u + i^r v)^H M (u + i^r v) for any M.
     *
     * <p>Proof: (u + i^r v)^H M (u + i^r v) = u^H M u + i^r u^H M v + (-i)^r v^H M u + v^H M v, and
     * sum_r (-i)^r = 0, sum_r (-i)^r i^r = 4, sum_r (-i)^{2r} = 0, so only u^H M v survives.
     *
     * @param starts       n x B complex interleaved (entry (i, r): re at 2 (i B + r), im at 2 (i B + r) + 1)
     * @param blockSize    B (1 or 4)
     * @param coefficients c_r, length B
     */
    public record Polarization(double[] starts, int blockSize, Complex[] coefficients) {

        /** c_r = (-i)^r / 4. */
        public static Complex[] quarter() {
            return new Complex[]{new Complex(0.25, 0), new Complex(0, -0.25), new Complex(-0.25, 0),
                    new Complex(0, 0.25)};
        }

        /**
         * @param u 2 n doubles interleaved
         * @param v 2 n doubles interleaved
         */
        public static Polarization of(double[] u, double[] v) {
            if (Arrays.equals(u, v)) {
                return new Polarization(v.clone(), 1, new Complex[]{Complex.ONE});
            }
            int n = u.length / 2;
            double[] s = new double[8 * n];
            for (int i = 0; i < n; i++) {
                double ur = u[2 * i];
                double ui = u[2 * i + 1];
                double vr = v[2 * i];
                double vi = v[2 * i + 1];
                int o = 8 * i;
                // i^0 v = v, i^1 v = (-vi, vr), i^2 v = -v, i^3 v = (vi, -vr)
                s[o] = ur + vr;
                s[o + 1] = ui + vi;
                s[o + 2] = ur - vi;
                s[o + 3] = ui + vr;
                s[o + 4] = ur - vr;
                s[o + 5] = ui - vi;
                s[o + 6] = ur + vi;
                s[o + 7] = ui - vr;
            }
            return new Polarization(s, 4, quarter());
        }
    }
}
