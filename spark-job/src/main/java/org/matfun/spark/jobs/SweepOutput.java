package org.matfun.spark.jobs;

import org.matfun.core.bilinear.BilinearFormResult;
import org.matfun.core.bilinear.StepRecord;
import org.matfun.core.bilinear.ValueBounds;
import org.matfun.core.function.FunctionList;
import org.matfun.core.function.MatrixFunction;
import org.matfun.core.lanczos.Termination;

import java.util.List;
import java.util.Locale;

/**
 * The text outputs of a parameter sweep ({@code --function exp:beta=0.1,0.5,1}, issue 14): convergence.csv with one
 * column group per value, the progress and final log lines, and the pass's overall termination.
 */
final class SweepOutput {

    /** The columns of one value's group in convergence.csv, each suffixed with [name=value]. */
    static final String[] GROUP = {"value", "logAbsValue", "sign", "errorEstimate", "gradientErrorEstimate",
        "residualEstimate", "lowerBound", "upperBound", "boundsRelativeWidth"};

    private SweepOutput() {
    }

    /** step, matvecs, elapsedSeconds, then GROUP per value, e.g. value[beta=0.1]. */
    static String csvHeader(FunctionList fl) {
        StringBuilder b = new StringBuilder("step,matvecs,elapsedSeconds");
        double[] p = fl.parameters();
        for (double x : p) {
            String tag = "[" + fl.parameterName() + "=" + MatrixFunction.format(x) + "]";
            for (String c : GROUP) {
                b.append(',').append(c).append(tag);
            }
        }
        return b.append('\n').toString();
    }

    /** One line: the values still running have their record's numbers, the others empty cells. */
    static String csvLine(int step, List<StepRecord> records) {
        StringBuilder b = new StringBuilder();
        StepRecord any = null;
        for (StepRecord r : records) {
            if (r != null) {
                any = r;
                break;
            }
        }
        b.append(step).append(',').append(any == null ? "" : Long.toString(any.matvecs())).append(',')
                .append(any == null ? "" : String.format(Locale.ROOT, "%.3f", any.elapsedSeconds()));
        for (StepRecord r : records) {
            if (r == null) {
                b.append(",".repeat(GROUP.length));
                continue;
            }
            ValueBounds bd = r.bounds();
            b.append(',').append(num(r.value())).append(',').append(num(r.logAbsValue())).append(',')
                    .append(num(r.sign())).append(',').append(num(r.errorEstimate())).append(',')
                    .append(num(r.gradientErrorEstimate())).append(',').append(num(r.residualEstimate())).append(',')
                    .append(bd == null ? "" : bound(bd.lower().value())).append(',')
                    .append(bd == null ? "" : bound(bd.upper().value())).append(',')
                    .append(bd == null ? "" : bound(bd.relativeWidth()));
        }
        return b.append('\n').toString();
    }

    /** "step k  m/F values running, largest estimate e (beta=x)  s". */
    static String progressLine(FunctionList fl, int step, List<StepRecord> records) {
        int running = 0;
        double worst = -1;
        int at = -1;
        double elapsed = 0;
        for (int i = 0; i < records.size(); i++) {
            StepRecord r = records.get(i);
            if (r != null) {
                running++;
                elapsed = r.elapsedSeconds();
                if (!(r.errorEstimate() <= worst)) {
                    worst = r.errorEstimate();
                    at = i;
                }
            }
        }
        return String.format(Locale.ROOT, "step %4d  %d/%d values running, largest estimate %.2e (%s)  %.2fs", step,
                running, records.size(), worst, at < 0 ? "-" : fl.functions().get(at).spec(), elapsed);
    }

    /** The pass's termination: STEP_BUDGET if any value ran out, else INVARIANT_SUBSPACE if any met one, else CONVERGED. */
    static Termination termination(List<BilinearFormResult> results) {
        Termination t = Termination.CONVERGED;
        for (BilinearFormResult r : results) {
            if (r.termination() == Termination.STEP_BUDGET) {
                return Termination.STEP_BUDGET;
            }
            if (r.termination() == Termination.INVARIANT_SUBSPACE) {
                t = Termination.INVARIANT_SUBSPACE;
            }
        }
        return t;
    }

    /** "done: F values converged of F after k steps; results in DIR". */
    static String doneLine(FunctionList fl, List<BilinearFormResult> results, String target) {
        int converged = 0;
        int steps = 0;
        for (BilinearFormResult r : results) {
            if (r.termination() != Termination.STEP_BUDGET) {
                converged++;
            }
            steps = Math.max(steps, r.steps());
        }
        return String.format(Locale.ROOT, "done: %s, %d of %d values converged or exact (%s) after %d steps of one"
                + " Lanczos pass; results in %s", fl.spec(), converged, results.size(), termination(results), steps,
                target);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static String bound(double x) {
        return Double.isInfinite(x) || Double.isNaN(x) ? "" : Double.toString(x);
    }
}
