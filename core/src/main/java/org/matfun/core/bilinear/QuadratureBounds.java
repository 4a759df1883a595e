package org.matfun.core.bilinear;

import org.matfun.core.function.DerivativeSign;
import org.matfun.core.function.Domain;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.function.ScaledFunction;
import org.matfun.core.lanczos.TridiagonalColumns;
import org.matfun.core.operator.SpectrumBounds;
import org.matfun.core.quadrature.GaussQuadrature;
import org.matfun.core.quadrature.GaussRadau;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.quadrature.TridiagonalEnds;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Certified intervals for F = sum_r c_r v_r^T f(A) v_r at every Lanczos step (issue 16), from the Gauss rule of each
 * run and the Gauss-Radau rule with a node fixed at an end of a guaranteed spectrum interval [a, b]
 * ({@link SpectrumBounds}), after Golub and Meurant, <i>Matrices, Moments and Quadrature with Applications</i>
 * (Princeton 2010), Thm. 6.3 (Gauss) and 6.4 (Gauss-Radau):
 *
 * <ul>
 *   <li>Gauss with k nodes: I - G_k = f^(2k)(eta) / (2k)! int prod_j (x - lambda_j)^2 d alpha, so G_k is a lower
 *       bound where f^(2k) >= 0 on [a, b] and an upper bound where f^(2k) <= 0;</li>
 *   <li>Gauss-Radau with the node z = a: I - R_a has the sign of f^(2k+1) (the factor (x - a) is >= 0), so R_a is a
 *       lower bound where f^(2k+1) >= 0, an upper bound where it is <= 0; z = b gives the opposite sides.</li>
 * </ul>
 *
 * Each step computes the Gauss rule (already there for the value) and only the Radau rule on the side Gauss does
 * not bound (both ends of Radau where the sign of f^(2k) is not constant). A Radau node at a needs f finite at a:
 * log, 1/x and negative powers need a > 0. The bounds of a run are kept as running best (max lower, min upper:
 * every step's bound holds). Runs combine by interval arithmetic on c_r: lower = sum_{c_r > 0} c_r L_r +
 * sum_{c_r < 0} c_r U_r, and the same for upper, which covers the polarization (Q(u+v) - Q(u-v))/4.
 *
 * <p>Rounding: each rule is widened by {@value #MARGIN_FACTOR} (m + 1) eps sum_j w_j |f(x_j)| for m nodes (weights
 * to O(m eps), one rounding per term) plus sum_j w_j max |f(x_j +- h) - f(x_j)| with h = {@value #NODE_FACTOR} eps
 * ||T_k||: in finite precision T_k is the Jacobi matrix of a measure whose nodes lie within O(eps ||A||) of the
 * eigenvalues (Greenbaum 1989; Golub and Strakos 1994), and the Ritz values carry the same backward error. The
 * second term matters for ill-conditioned f (1/x near a small eigenvalue: f' = -1/x^2): without it the Gauss
 * value of 494_bus 1/x past k = n exceeded the exact value by 4e-12 relative (BoundsCalibrationTest). The Radau node is min(a, smallest Ritz value) or max(b, largest Ritz
 * value), so that rounding-level Ritz values outside [a, b] do not invalidate it.
 *
 * <p>Cost per step and run: O(k) for the Radau pivots, O(k^2) for the first row of the (k+1) eigenvectors; no
 * product with A. The Radau extensions do not depend on f and come from a {@link RadauRules} cache shared by the
 * functions of a parameter list; per function remain the O(k) evaluations.
 */
public final class QuadratureBounds {

    static final double MARGIN_FACTOR = 16.0;
    /** Nodes are moved by NODE_FACTOR eps ||T_k|| in the margin (the Ritz values' backward error, Paige 1980). */
    static final double NODE_FACTOR = 16.0;
    private static final double EPS = Math.ulp(1.0);

    private final MatrixFunction f;
    private final SpectrumBounds spectrum;
    private final double[] c;
    private final ScaledValue[] bestLower;
    private final ScaledValue[] bestUpper;
    private final String[] lowerRule;
    private final String[] upperRule;
    private final ScaledValue[] margins;
    private final RadauRules radau;
    private String missing;

    /**
     * @param f            the function
     * @param spectrum     a guaranteed interval containing the spectrum of A (already adjusted to f's domain)
     * @param coefficients c_r, one per run
     * @param radau        the runs' Gauss-Radau extensions, shared with the other functions of a parameter list
     */
    QuadratureBounds(MatrixFunction f, SpectrumBounds spectrum, double[] coefficients, RadauRules radau) {
        this.f = f;
        this.radau = radau;
        this.spectrum = spectrum;
        this.c = coefficients.clone();
        int bs = coefficients.length;
        bestLower = new ScaledValue[bs];
        bestUpper = new ScaledValue[bs];
        lowerRule = new String[bs];
        upperRule = new String[bs];
        margins = new ScaledValue[bs];
        for (int r = 0; r < bs; r++) {
            bestLower[r] = new ScaledValue(Double.NEGATIVE_INFINITY, 0.0);
            bestUpper[r] = new ScaledValue(Double.POSITIVE_INFINITY, 0.0);
            margins[r] = new ScaledValue(0.0, 0.0);
        }
    }

    /**
     * The interval of F = sum_r c_r v_r^T f(A) v_r from the current T_k of each run alone (one evaluation, no
     * running best over earlier steps): for drivers that keep only the final tridiagonal matrices, such as the
     * batched quadrature of many pairs and nodes.
     *
     * @param f            the function
     * @param spectrum     a guaranteed interval containing the spectrum of A; raised to 0 by f's domain as in
     *                     {@link SpectrumBounds#forDomain}
     * @param coefficients c_r, one per run of {@code t}
     * @param norms        ||v_r||, one per run
     * @param t            the runs' tridiagonal matrices (alphas, betas, k, beta_k)
     * @param ends         each run's Ritz values and first row of eigenvectors; null for a run without steps
     * @return the interval; a side is infinite (with the reason in {@link ValueBounds#note()}) where f's derivatives
     *         do not have the needed signs
     */
    public static ValueBounds of(MatrixFunction f, SpectrumBounds spectrum, double[] coefficients, double[] norms,
                                 TridiagonalColumns t, TridiagonalEnds[] ends) {
        QuadratureBounds q = new QuadratureBounds(f, spectrum.forDomain(f.domain()), coefficients,
                new RadauRules(coefficients.length));
        boolean[] all = new boolean[coefficients.length];
        java.util.Arrays.fill(all, true);
        return q.update(t, ends, norms, all);
    }

    /** The reason two-sided bounds are not available for f on the spectrum at k = 1, or null if they are. */
    static String unavailable(MatrixFunction f, SpectrumBounds s) {
        return new QuadratureBounds(f, s, new double[] {1.0}, new RadauRules(1)).plan(1, s.lower(), s.upper()).missing;
    }

    /** The rules to evaluate at order k (k nodes in the Gauss rule). */
    private Plan plan(int k, double a, double b) {
        DerivativeSign g = f.derivativeSign(2 * k, a, b);
        DerivativeSign rs = f.derivativeSign(2 * k + 1, a, b);
        boolean gaussLower = g == DerivativeSign.NONNEGATIVE || g == DerivativeSign.ZERO;
        boolean gaussUpper = g == DerivativeSign.NONPOSITIVE || g == DerivativeSign.ZERO;
        // Radau at a: lower if f^(2k+1) >= 0, upper if <= 0; at b the opposite
        boolean aLower = rs == DerivativeSign.NONNEGATIVE || rs == DerivativeSign.ZERO;
        boolean aUpper = rs == DerivativeSign.NONPOSITIVE || rs == DerivativeSign.ZERO;
        boolean aFinite = f.domain() != Domain.POSITIVE || a > 0;
        Plan p = new Plan(gaussLower, gaussUpper);
        if (!gaussLower) {
            if (aLower && aFinite) {
                p.radauLowerAt = 'a';
            } else if (aUpper) {
                p.radauLowerAt = 'b';
            }
        }
        if (!gaussUpper) {
            if (aUpper && aFinite) {
                p.radauUpperAt = 'a';
            } else if (aLower) {
                p.radauUpperAt = 'b';
            }
        }
        boolean lowerOk = gaussLower || p.radauLowerAt != 0;
        boolean upperOk = gaussUpper || p.radauUpperAt != 0;
        if (!lowerOk || !upperOk) {
            String side = !lowerOk && !upperOk ? "no bounds" : !lowerOk ? "no lower bound" : "no upper bound";
            String why;
            if (g == DerivativeSign.NOT_CONSTANT && rs == DerivativeSign.NOT_CONSTANT) {
                why = "the derivatives f^(" + (2 * k) + ") and f^(" + (2 * k + 1) + ") of " + f.spec()
                        + " change sign on the spectrum interval " + interval();
            } else if (!aFinite) {
                why = f.spec() + " needs a Gauss-Radau node at the lower end a of the spectrum, and is not finite"
                        + " there: the spectrum interval " + interval() + " has no positive lower end";
            } else {
                why = "the derivative f^(" + (2 * k + 1) + ") of " + f.spec() + " changes sign on the spectrum"
                        + " interval " + interval();
            }
            p.missing = side + ": " + why;
        }
        return p;
    }

    private String interval() {
        return String.format(Locale.ROOT, "[%.6g, %.6g] (%s)", spectrum.lower(), spectrum.upper(), spectrum.source());
    }

    /**
     * Updates every run that took a step and returns the interval for F.
     *
     * @param t      the tridiagonal matrices of the runs
     * @param ends   each run's Ritz values and first row (clamped to f's domain); null for a run without steps
     * @param norms  ||v_r||
     * @param active which runs took a step now
     */
    ValueBounds update(TridiagonalColumns t, TridiagonalEnds[] ends, double[] norms, boolean[] active) {
        for (int r = 0; r < c.length; r++) {
            if (ends[r] == null || !active[r]) {
                continue;
            }
            updateRun(r, t, ends[r], norms[r]);
        }
        return combined();
    }

    private void updateRun(int r, TridiagonalColumns t, TridiagonalEnds e, double norm) {
        int k = t.steps(r);
        GaussQuadrature gauss = GaussQuadrature.of(e, norm);
        ScaledValue[] g = evaluate(gauss, e.min(), e.max(), k, Double.NaN, e.norm(), 0.0);
        double beta = t.lastBeta(r);
        if (t.finished(r) || beta == 0.0) {
            // invariant subspace: the Gauss rule is the exact value (up to rounding)
            improve(r, g[0], g[1], "gauss (invariant subspace)", "gauss (invariant subspace)");
            margins[r] = marginOf(g);
            return;
        }
        double a = Math.min(spectrum.lower(), e.min());
        double b = Math.max(spectrum.upper(), e.max());
        Plan p = plan(k, spectrum.lower(), spectrum.upper());
        missing = p.missing;
        ScaledValue lo = null;
        ScaledValue hi = null;
        String loRule = null;
        String hiRule = null;
        ScaledValue stepMargin = marginOf(g);
        if (p.gaussLower) {
            lo = g[0];
            loRule = "gauss";
        }
        if (p.gaussUpper) {
            hi = g[1];
            hiRule = "gauss";
        }
        for (char at : new char[] {p.radauLowerAt, p.radauUpperAt}) {
            if (at == 0) {
                continue;
            }
            double z = at == 'a' ? a : b;
            GaussRadau.Extension ext = radau.get(r, t, z, norm);
            if (ext == null) {
                continue;
            }
            GaussQuadrature rule = ext.rule();
            double weightError = ext.fixedWeightError();
            ScaledValue[] rv = evaluate(rule, Math.min(z, e.min()), Math.max(z, e.max()), k + 1, z, e.norm(),
                    Double.isNaN(weightError) ? Double.POSITIVE_INFINITY : weightError);
            if (rv == null) {
                continue;
            }
            stepMargin = stepMargin.plus(marginOf(rv));
            String name = at == 'a' ? "radau(a)" : "radau(b)";
            if (at == p.radauLowerAt) {
                lo = rv[0];
                loRule = name;
            }
            if (at == p.radauUpperAt) {
                hi = rv[1];
                hiRule = name;
            }
        }
        margins[r] = stepMargin;
        improve(r, lo, hi, loRule, hiRule);
    }

    /**
     * {value - delta, value + delta, delta} of a rule in its own scale; null if a term is not finite. delta = the
     * evaluation's rounding, MARGIN_FACTOR (m + 1) eps sum_j w_j |f(x_j)|, plus the effect of moving each computed
     * node by h = NODE_FACTOR eps ||T||: sum_j w_j max |f(x_j +- h) - f(x_j)| (the fixed Radau node z is exact
     * and not moved; x_j - h stays inside f's domain), plus for a Radau rule |w_z - w~_z| |f(z)|, w~_z the fixed node's
     * weight from the orthonormal polynomials (GaussRadau.Extension): QL's weight is accurate only to absolute
     * eps, which is all of a tiny true weight at a node z far outside the Ritz values (Email-Enron exp(A) between
     * nodes 0 and 1 was certified 1.8e-8 away from scipy's value before this term).
     */
    private ScaledValue[] evaluate(GaussQuadrature q, double lo, double hi, int m, double fixed, double norm,
                                   double fixedWeightError) {
        ScaledFunction sf = f.scaledOn(lo, hi);
        double h = NODE_FACTOR * EPS * norm;
        double s = 0.0;
        double mag = 0.0;
        double moved = 0.0;
        double[] x = q.nodes();
        double[] w = q.weights();
        for (int j = 0; j < x.length; j++) {
            double fx = sf.value(x[j]);
            double term = w[j] * fx;
            s += term;
            mag += Math.abs(term);
            if (x[j] != fixed && w[j] != 0.0) {
                double down = x[j] - h;
                if (f.domain() == Domain.NONNEGATIVE) {
                    down = Math.max(down, 0.0);
                } else if (f.domain() == Domain.POSITIVE) {
                    down = Math.max(down, 0.5 * x[j]);
                }
                moved += w[j] * Math.max(Math.abs(sf.value(x[j] + h) - fx), Math.abs(fx - sf.value(down)));
            }
        }
        if (!Double.isFinite(s) || !Double.isFinite(mag) || !Double.isFinite(moved)) {
            return null;
        }
        // the fixed node's weight is known only to |QL weight - Christoffel weight| (GaussRadau.Extension)
        double delta = MARGIN_FACTOR * (m + 1) * EPS * mag + moved
                + (fixedWeightError == 0.0 ? 0.0 : fixedWeightError * Math.abs(sf.value(fixed)));
        if (!Double.isFinite(delta)) {
            return null;
        }
        double l = sf.logScale();
        return new ScaledValue[] {new ScaledValue(s - delta, l), new ScaledValue(s + delta, l),
            new ScaledValue(delta, l)};
    }

    private static ScaledValue marginOf(ScaledValue[] v) {
        return v == null ? new ScaledValue(0.0, 0.0) : v[2];
    }

    private void improve(int r, ScaledValue lo, ScaledValue hi, String loRule, String hiRule) {
        if (lo != null && ScaledValue.compare(lo, bestLower[r]) > 0) {
            bestLower[r] = lo;
            lowerRule[r] = loRule;
        }
        if (hi != null && ScaledValue.compare(hi, bestUpper[r]) < 0) {
            bestUpper[r] = hi;
            upperRule[r] = hiRule;
        }
    }

    /**
     * sum_r |c_r| delta_r over the latest rules of the runs (absolute, scaled): the rounding margin included in the
     * interval, below which it cannot shrink.
     */
    ScaledValue margin() {
        ScaledValue m = new ScaledValue(0.0, 0.0);
        for (int r = 0; r < c.length; r++) {
            m = m.plus(margins[r].times(Math.abs(c[r])));
        }
        return m;
    }

    private ValueBounds combined() {
        ScaledValue lo = new ScaledValue(0.0, 0.0);
        ScaledValue hi = new ScaledValue(0.0, 0.0);
        boolean hasLo = true;
        boolean hasHi = true;
        TreeSet<String> loRules = new TreeSet<>();
        TreeSet<String> hiRules = new TreeSet<>();
        for (int r = 0; r < c.length; r++) {
            if (c[r] == 0.0) {
                continue;
            }
            ScaledValue forLo = c[r] > 0 ? bestLower[r] : bestUpper[r];
            ScaledValue forHi = c[r] > 0 ? bestUpper[r] : bestLower[r];
            String rl = c[r] > 0 ? lowerRule[r] : upperRule[r];
            String rh = c[r] > 0 ? upperRule[r] : lowerRule[r];
            if (Double.isInfinite(forLo.scaled())) {
                hasLo = false;
            } else {
                lo = lo.plus(forLo.times(c[r]));
                loRules.add(rl);
            }
            if (Double.isInfinite(forHi.scaled())) {
                hasHi = false;
            } else {
                hi = hi.plus(forHi.times(c[r]));
                hiRules.add(rh);
            }
        }
        return new ValueBounds(hasLo ? lo : new ScaledValue(Double.NEGATIVE_INFINITY, 0.0),
                hasHi ? hi : new ScaledValue(Double.POSITIVE_INFINITY, 0.0),
                hasLo ? String.join("+", loRules) : null, hasHi ? String.join("+", hiRules) : null, false,
                hasLo && hasHi ? null : missing);
    }

    private static final class Plan {
        final boolean gaussLower;
        final boolean gaussUpper;
        char radauLowerAt;
        char radauUpperAt;
        String missing;

        Plan(boolean gaussLower, boolean gaussUpper) {
            this.gaussLower = gaussLower;
            this.gaussUpper = gaussUpper;
        }
    }
}
