#!/usr/bin/env bash
# End-to-end benchmark of the two execution modes (DESIGN 3.1b, issue 13): the same commands with
# --distribute rows and --distribute runs side by side, on real data from ../shared/data.
#
#   benchmarks/modes.sh [readme|enron|enron-runs|slashdot|slashdot-rows|scaling|trace]...   (default: readme enron slashdot scaling trace)
#
# Writes benchmarks/results/modes/<case>-<mode>-summary.json (+ .time from /usr/bin/time -v) and prints a table
# (benchmarks/python/modes_table.py) to benchmarks/results/modes/README.md. Build first: mvn -B -ntp package -DskipTests.
set -euo pipefail
ROOT="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DATA="$ROOT/../shared/data"
RES="$ROOT/benchmarks/results/modes"
WORK="${WORK:-/tmp/matfun-modes}"
mkdir -p "$RES" "$WORK"

timed() {  # name, then the matfun arguments (without --output)
  local name=$1; shift
  /usr/bin/time -v deploy/matfun "$@" --output "$WORK/$name" --overwrite > "$WORK/$name.log" 2>&1
  cp "$WORK/$name/summary.json" "$RES/$name-summary.json"
  grep -E "Elapsed|Maximum resident" "$WORK/$name.log" > "$RES/$name.time"
}

readme() {  # the README job: CA-GrQc, exp(0.1 A)_{3466,937} and all edge gradients; 3 rounds, modes interleaved
  for round in 1 2 3; do
    for mode in rows runs; do
      timed "readme-$mode-$round" bilinear --matrix "$DATA/snap/CA-GrQc.txt.gz" --function exp:beta=0.1 \
        --u node:3466 --v node:937 --gradient edges --distribute "$mode"
    done
  done
  timed readme-auto bilinear --matrix "$DATA/snap/CA-GrQc.txt.gz" --function exp:beta=0.1 \
    --u node:3466 --v node:937 --gradient edges
}

big() {  # graph, mode, master: the big communicability run of docs/communicability.md
  python3 benchmarks/communicability/make_lists.py "$DATA/snap/$1.txt.gz" edgelist 1000 20 5 "$WORK/$1" > /dev/null
  timed "big-$1-$2${4:-}" communicability --graph "$DATA/snap/$1.txt.gz" --pairs "$WORK/$1.pairs" --total \
    --estrada --sensitivities top:100 --sensitivities-for total --distribute "$2" --master "$3"
}

enron() { big Email-Enron runs 'local[*]'; big Email-Enron rows 'local[*]'; }
enron-runs() { big Email-Enron runs 'local[*]'; }
slashdot() { big soc-Slashdot0902 runs 'local[*]'; }
slashdot-rows() { big soc-Slashdot0902 rows 'local[*]'; }
scaling() { big soc-Slashdot0902 runs 'local[1]' -local1; big soc-Slashdot0902 runs 'local[2]' -local2; }

trace() {  # 128 probes of tr exp(-1e-11 A) on bcsstk16, both modes, and core's in-memory time per probe
  for mode in rows runs; do
    timed "trace-bcsstk16-$mode" trace --matrix "$DATA/suitesparse/bcsstk16.mtx.gz" --function exp:beta=-1e-11 \
      --probes 128 --seed 1 --distribute "$mode"
  done
}

for step in ${@:-readme enron slashdot scaling trace}; do
  "$step"
done
python3 benchmarks/python/modes_table.py "$RES" > "$RES/README.md"
cat "$RES/README.md"
