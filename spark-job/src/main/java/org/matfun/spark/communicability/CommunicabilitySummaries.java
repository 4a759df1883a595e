package org.matfun.spark.communicability;

import org.matfun.core.lanczos.Termination;
import org.matfun.core.quadrature.ScaledValue;
import org.matfun.core.trace.IntervalEstimate;
import org.matfun.core.trace.RunningStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.matfun.spark.communicability.CommunicabilityJob.json;

/**
 * The summary entries of the communicability job (per pass, per value, Estrada index), the normalization
 * exp(logNormalization) by the Ritz range seen, and the per-step progress log line of a pass.
 */
final class CommunicabilitySummaries {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.communicability");

    private CommunicabilitySummaries() {
    }

    static double logNormalization(double fBeta, double[] ritz) {
        if (ritz[0] > ritz[1]) {
            return 0.0;
        }
        return fBeta >= 0 ? fBeta * ritz[1] : fBeta * ritz[0];
    }

    /**
     * True when a pair's Krylov spaces stopped below the top of the spectrum seen by the other runs (beta (lambda_max
     * estimate - its largest Ritz value) > 1). Its value then converged on the part of the graph its runs had
     * reached, and a dense part further away, weighted up to exp(beta lambda_max), may be missing: no stopping rule
     * based on successive values can see it (a chain hanging off a clique; CommunicabilityCommandTest). The Taylor
     * series, whose tail bound covers the whole column, decides such pairs.
     */
    static boolean unseenTop(BatchQuadrature.ItemResult r, double fBeta, double[] ritz) {
        return fBeta > 0 && ritz[0] <= ritz[1] && !(fBeta * (ritz[1] - r.maxRitz()) <= 1.0);
    }

    static void widen(double[] range, double[] r) {
        range[0] = Math.min(range[0], r[0]);
        range[1] = Math.max(range[1], r[1]);
    }

    static BatchQuadrature.Progress progress(String label, long t0) {
        return (step, converged, items, matvecs) -> LOG.info(String.format(Locale.ROOT,
                "%s step %4d: %d/%d values converged, %d matvecs, %.2fs", label, step, converged, items, matvecs,
                (System.nanoTime() - t0) * 1e-9));
    }

    static Map<String, Object> passSummary(String label, int columns, boolean keep,
                                                   BatchQuadrature.Result res, long t0) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pass", label);
        p.put("startingVectors", columns);
        p.put("basisKept", keep);
        p.put("steps", res.steps());
        p.put("matvecs", res.matvecs());
        p.put("seconds", (System.nanoTime() - t0) * 1e-9);
        Map<Termination, Integer> counts = new EnumMap<>(Termination.class);
        for (BatchQuadrature.ItemResult r : res.items()) {
            counts.merge(r.termination(), 1, Integer::sum);
        }
        Map<String, Integer> c = new LinkedHashMap<>();
        counts.forEach((t, v) -> c.put(t.name(), v));
        p.put("terminations", c);
        return p;
    }

    static Map<String, Object> valueSummary(BatchQuadrature.ItemResult r, double logNorm) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("value", json(r.value().value()));
        s.put("logAbsValue", json(r.value().logAbsValue()));
        s.put("sign", r.value().sign());
        s.put("logScale", r.value().logScale());
        s.put("normalized", json(normalized(r.value(), logNorm)));
        s.put("errorEstimate", json(r.errorEstimate()));
        s.put("termination", r.termination().name());
        s.put("steps", r.steps());
        if (r.bounds() != null) {
            s.put("lower", json(r.bounds().lower().value()));
            s.put("upper", json(r.bounds().upper().value()));
            s.put("certified", r.bounds().certified());
            if (r.bounds().note() != null) {
                s.put("certificate", r.bounds().note());
            }
        }
        return s;
    }

    static double normalized(ScaledValue v, double logNorm) {
        return v.scaled() == 0.0 ? 0.0 : v.sign() * Math.exp(v.logAbsValue() - logNorm);
    }

    static Map<String, Object> estradaSummary(double[] samples, double logScale, double logNorm,
                                                      Termination worst, CommunicabilityRequest req) {
        int mm = samples.length;
        RunningStatistics stats = new RunningStatistics(1);
        for (double x : samples) {
            stats.add(new double[] {x}, 0.0);
        }
        IntervalEstimate est = stats.estimate(0);
        double mean = est.mean();
        double se = est.standardError();
        double half = est.upper() - est.mean();
        Map<String, Object> s = new LinkedHashMap<>();
        ScaledValue v = new ScaledValue(mean, logScale);
        s.put("value", json(v.value()));
        s.put("logAbsValue", json(v.logAbsValue()));
        s.put("standardError", json(new ScaledValue(se, logScale).value()));
        s.put("lower95", json(new ScaledValue(mean - half, logScale).value()));
        s.put("upper95", json(new ScaledValue(mean + half, logScale).value()));
        s.put("logScale", logScale);
        s.put("scaledValue", mean);
        s.put("scaledStandardError", se);
        s.put("scaledLower95", mean - half);
        s.put("scaledUpper95", mean + half);
        s.put("normalized", json(normalized(v, logNorm)));
        s.put("probes", mm);
        s.put("seed", req.seed());
        s.put("method", "Hutchinson with Rademacher probes and Lanczos quadrature per probe (SLQ);"
                + " 95% Student-t interval mean +- t(0.975, M-1) standard errors (core trace)");
        s.put("quadrature", worst == Termination.STEP_BUDGET ? "STEP_BUDGET on some probe" : "CONVERGED");
        return s;
    }
}
