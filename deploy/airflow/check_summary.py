#!/usr/bin/env python3
"""Validate the summary.json of a finished ``matfun bilinear`` run (Python 3.8+, standard library only).

A run that exits 0 always writes summary.json, but exit code 0 only means "done": the Lanczos
recurrence may have stopped at its step budget with a poor estimate. A scheduled job should look
at the result before anything downstream uses it. This module accepts a run when

* ``termination`` is ``CONVERGED`` or ``INVARIANT_SUBSPACE`` (``STEP_BUDGET`` means the estimate
  did not reach ``--tol`` within ``--max-steps``: rerun with a larger ``--max-steps`` or a looser
  ``--tol``);
* ``errorEstimate`` (relative) is a finite number ``<= max_error``;
* ``value`` is a finite number, or, when it overflows (written as the string ``"Infinity"``),
  ``logAbsValue`` is a finite number (log|F|; F = sign * exp(logAbsValue)).

Library use (e.g. from an Airflow PythonOperator)::

    from check_summary import check
    summary = check("/data/matfun/2025-01-31/summary.json", max_error=1e-8)  # ValueError if bad
    # check_json(text, ...) for a summary already read (from HDFS, S3, ...); check_summary(dict, ...)

Command line (exit 0 accepted, 1 rejected, 2 usage)::

    python3 check_summary.py DIR/summary.json [--max-error 1e-8]
    hdfs dfs -cat hdfs:///matfun/DIR/summary.json | python3 check_summary.py -

Only local paths (or ``-`` for standard input) are read: for HDFS or S3 outputs, stream the file
in as above (``hdfs dfs -cat``, ``aws s3 cp s3://.../summary.json -``).
"""

import argparse
import json
import math
import sys

ACCEPTED_TERMINATIONS = ("CONVERGED", "INVARIANT_SUBSPACE")
KNOWN_TERMINATIONS = ACCEPTED_TERMINATIONS + ("STEP_BUDGET",)
DEFAULT_MAX_ERROR = 1e-8


def _number(summary, key, where):
    """summary[key] as a float; non-finite values are written by matfun as strings ("Infinity", "NaN")."""
    if key not in summary:
        raise ValueError("%s: field '%s' is missing" % (where, key))
    raw = summary[key]
    if isinstance(raw, bool) or raw is None:
        raise ValueError("%s: field '%s' is %r, expected a number" % (where, key, raw))
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str):
        try:
            return float(raw)  # "Infinity", "-Infinity", "NaN"
        except ValueError:
            pass
    raise ValueError("%s: field '%s' is %r, expected a number" % (where, key, raw))


def check_summary(summary, max_error=DEFAULT_MAX_ERROR, where="summary.json"):
    """Validate an already parsed summary (a dict); returns it unchanged or raises ValueError."""
    if not isinstance(summary, dict):
        raise ValueError("%s: expected a JSON object, found %s" % (where, type(summary).__name__))
    if not (isinstance(max_error, (int, float)) and max_error > 0 and math.isfinite(max_error)):
        raise ValueError("max_error = %r; expected a positive finite number" % (max_error,))

    termination = summary.get("termination")
    steps = summary.get("steps", "?")
    run = summary.get("run") if isinstance(summary.get("run"), dict) else {}
    if termination not in ACCEPTED_TERMINATIONS:
        if termination == "STEP_BUDGET":
            raise ValueError(
                "%s: termination STEP_BUDGET: the estimate did not reach the tolerance (%s) within the step "
                "budget (%s steps, --max-steps %s; errorEstimate %s). Rerun with a larger --max-steps or a "
                "looser --tol." % (where, run.get("tolerance", "?"), steps, run.get("maxSteps", "?"),
                                   summary.get("errorEstimate", "?")))
        raise ValueError("%s: termination is %s; expected one of %s"
                         % (where, "missing" if termination is None else repr(termination),
                            ", ".join(KNOWN_TERMINATIONS)))

    error = _number(summary, "errorEstimate", where)
    if not math.isfinite(error):
        raise ValueError("%s: errorEstimate is %s (not finite) although termination is %s"
                         % (where, summary["errorEstimate"], termination))
    if error > max_error:
        raise ValueError("%s: errorEstimate %.3e is above the accepted maximum %.3e (termination %s after %s "
                         "steps). Rerun with a smaller --tol, or raise the threshold if this accuracy is "
                         "enough." % (where, error, max_error, termination, steps))

    value = _number(summary, "value", where)
    if not math.isfinite(value):
        log_abs = _number(summary, "logAbsValue", where) if "logAbsValue" in summary else None
        if log_abs is None or not math.isfinite(log_abs):
            raise ValueError("%s: value is %s and logAbsValue is %s: no usable result"
                             % (where, summary["value"], summary.get("logAbsValue", "missing")))
    return summary


def check(path, max_error=DEFAULT_MAX_ERROR):
    """Read and validate a summary.json (a local path, or "-" for standard input).

    Returns the parsed summary (a dict) when the run is acceptable; raises ValueError with a message
    naming the file and the reason otherwise (missing or unreadable file, invalid JSON, a termination
    other than CONVERGED / INVARIANT_SUBSPACE, an error estimate above max_error, no finite value).
    """
    where = "<stdin>" if path == "-" else str(path)
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, "r", encoding="utf-8") as f:
                text = f.read()
    except FileNotFoundError:
        raise ValueError("%s: not found; the run did not complete (matfun writes its output directory only "
                         "when it succeeds): check the job's exit code and log" % where) from None
    except OSError as e:
        raise ValueError("%s: cannot be read: %s" % (where, e)) from None
    return check_json(text, max_error, where)


def check_json(text, max_error=DEFAULT_MAX_ERROR, where="summary.json"):
    """Validate the text of a summary.json (e.g. fetched from HDFS or S3); as check()."""
    try:
        summary = json.loads(text)
    except ValueError as e:
        raise ValueError("%s: not valid JSON: %s" % (where, e)) from None
    return check_summary(summary, max_error, where)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Validate the summary.json of a matfun bilinear run (exit 0 accepted, 1 rejected).")
    parser.add_argument("summary", help="path to summary.json, or - to read it from standard input")
    parser.add_argument("--max-error", type=float, default=DEFAULT_MAX_ERROR,
                        help="largest accepted errorEstimate (relative; default %(default)g)")
    args = parser.parse_args(argv)
    try:
        s = check(args.summary, args.max_error)
    except ValueError as e:
        print("check_summary: REJECTED: %s" % e, file=sys.stderr)
        return 1
    print("check_summary: OK: value %s (logAbsValue %s, sign %s), %s after %s steps, errorEstimate %s"
          % (s.get("value"), s.get("logAbsValue"), s.get("sign"), s.get("termination"), s.get("steps"),
             s.get("errorEstimate")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
