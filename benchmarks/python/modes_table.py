"""Table of benchmarks/modes.sh results: wall time, the job's own timings and the values, rows beside runs."""
import glob
import json
import os
import re
import sys

res = sys.argv[1]


def wall(name):
    try:
        t = open(os.path.join(res, name + ".time")).read()
    except OSError:
        return None
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", t)
    parts = [float(x) for x in m.group(1).split(":")]
    s = 0.0
    for p in parts:
        s = 60 * s + p
    return s


def load(name):
    with open(os.path.join(res, name + "-summary.json")) as f:
        return json.load(f)


print("# Execution modes side by side (benchmarks/modes.sh)\n")
rows = sorted(glob.glob(os.path.join(res, "readme-*-summary.json")))
if rows:
    print("## README job (CA-GrQc, exp(0.1 A)_{3466,937}, all 14,496 edge gradients)\n")
    print("| run | mode | value | steps | Lanczos s | gradient+write s | Lanczos+gradient+write s | wall s |")
    print("|---|---|---|---|---|---|---|---|")
    sums = {}
    for path in rows:
        name = os.path.basename(path)[:-len("-summary.json")]
        s = load(name)
        t = s["timings"]
        lgw = t["lanczosSeconds"] + t["gradientAndWriteSeconds"]
        mode = s["run"]["distribution"]
        sums.setdefault(name.split("-")[1], []).append(lgw)
        print(f"| {name} | {mode} | {s['value']!r} | {s['steps']} | {t['lanczosSeconds']:.2f} | "
              f"{t['gradientAndWriteSeconds']:.2f} | {lgw:.2f} | {wall(name) or float('nan'):.1f} |")
    if "rows" in sums and "runs" in sums:
        r = sum(sums["rows"]) / len(sums["rows"])
        u = sum(sums["runs"]) / len(sums["runs"])
        print(f"\nMean Lanczos+gradient+write: rows {r:.2f} s, runs {u:.2f} s: **{r / u:.1f}x** faster in runs.")
        if "auto" in sums:
            print(f"`auto` chose: {load('readme-auto')['run']['distribution']} "
                  f"({load('readme-auto')['run']['distributionReason']})")
    print()
big = sorted(glob.glob(os.path.join(res, "big-*-summary.json")))
if big:
    print("## communicability: 1,000 pairs, total, Estrada, top-100 sensitivities of the total\n")
    print("| run | mode | master | wall s | compute+write s | pairs by Taylor | Taylor terms | total | Estrada |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in big:
        name = os.path.basename(path)[:-len("-summary.json")]
        s = load(name)
        terms = [p.get("taylorTerms") for p in s["passes"] if "taylorTerms" in p]
        print(f"| {name} | {s['run'].get('distribution', 'rows')} | {s['run'].get('sparkMaster', '')} | "
              f"{wall(name) or float('nan'):.1f} | {s['timings']['computeAndWriteSeconds']:.1f} | "
              f"{s['pairs']['methods'].get('taylor', 0)} | {terms[0] if terms else 0} | {s['total']['value']:.15e} | "
              f"{s['estrada']['value']:.15e} |")
    print()
tr = sorted(glob.glob(os.path.join(res, "trace-*-summary.json")))
if tr:
    print("## trace: probes per second\n")
    print("| run | mode | probes | value | stderr | trace s | s per probe |")
    print("|---|---|---|---|---|---|---|")
    for path in tr:
        name = os.path.basename(path)[:-len("-summary.json")]
        s = load(name)
        t = s["timings"]["traceSeconds"]
        print(f"| {name} | {s['run']['distribution']} | {s['probes']} | {s['value']:.12e} | "
              f"{s['standardError']:.3e} | {t:.2f} | {t / s['probes']:.4f} |")
