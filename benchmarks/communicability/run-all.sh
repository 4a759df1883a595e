#!/usr/bin/env bash
# The communicability runs recorded in docs/communicability.md. Run from the repository root after
#   mvn -B -ntp -o -q package -DskipTests
# Needs python3 with numpy, scipy, networkx and pyarrow (PYTHONPATH may point to a pyarrow install).
# Usage: benchmarks/communicability/run-all.sh [agreement|onesided|pairs|fd|cost|networkx|big]...   (default: all)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
DATA="$ROOT/../shared/data"
RES="$ROOT/benchmarks/results/communicability"
WORK="${WORK:-/tmp/matfun-communicability}"
mkdir -p "$RES" "$WORK"
B="$ROOT/benchmarks/communicability"
export MATFUN_DRIVER_MEMORY="${MATFUN_DRIVER_MEMORY:-5g}"
# network NAME: "PATH FORMAT NAME" of the larger networks compared with networkx/Taylor (power, facebook, CA-GrQc)
network() {
  case $1 in
    power) echo "networks/power.gml.gz gml power" ;;
    facebook) echo "snap/facebook_combined.txt.gz edgelist facebook" ;;
    *) echo "snap/CA-GrQc.txt.gz edgelist CA-GrQc" ;;
  esac
}
machine() { echo "nproc $(nproc), $(free -g | awk '/Mem:/{print $2}') GB, $(uptime | sed 's/.*load/load/')"; }

agreement() {  # networkx and Taylor references on the larger networks, beta = 1, networkx semantics
  for name in ${AGREE_GRAPHS:-power facebook CA-GrQc}; do
    set -- $(network "$name")
    python3 "$B/make_lists.py" "$DATA/$1" "$2" 50 20 1 "$WORK/$3"
    machine > "$RES/agreement-$3.machine"
    deploy/matfun communicability --graph "$DATA/$1" --weights ignore --pairs "$WORK/$3.pairs" \
      --subgraph-centrality "$WORK/$3.nodes" --total --estrada --probes 100 --pair-method "${PAIR_METHOD:-auto}" \
      --output "$WORK/agree-$3" --overwrite > "$WORK/agree-$3.log" 2>&1
    cp "$WORK/agree-$3/summary.json" "$RES/agreement-$3-summary.json"
    python3 "$B/compare.py" "$DATA/$1" "$2" "$WORK/agree-$3" "$WORK/$3.pairs" "$WORK/$3.nodes" \
      > "$RES/agreement-$3.json"
  done
}

onesided() {  # the same pairs with --pair-method one-sided, against the Taylor reference only
  for name in ${AGREE_GRAPHS:-power facebook CA-GrQc}; do
    set -- $(network "$name")
    python3 "$B/make_lists.py" "$DATA/$1" "$2" 50 20 1 "$WORK/$3"
    deploy/matfun communicability --graph "$DATA/$1" --weights ignore --pairs "$WORK/$3.pairs" \
      --pair-method one-sided --output "$WORK/onesided-$3" --overwrite > "$WORK/onesided-$3.log" 2>&1
    python3 "$B/compare_pairs.py" "$DATA/$1" "$2" "$WORK/onesided-$3" "$WORK/$3.pairs" > "$RES/onesided-$3.json"
  done
}

pairs() {  # the same 50 pairs with the default --pair-method auto (polarization + Taylor), against Taylor
  for name in ${AGREE_GRAPHS:-power facebook CA-GrQc}; do
    set -- $(network "$name")
    python3 "$B/make_lists.py" "$DATA/$1" "$2" 50 20 1 "$WORK/$3"
    machine > "$RES/pairs-auto-$3.machine"
    deploy/matfun communicability --graph "$DATA/$1" --weights ignore --pairs "$WORK/$3.pairs" \
      --output "$WORK/auto-$3" --overwrite > "$WORK/auto-$3.log" 2>&1
    cp "$WORK/auto-$3/summary.json" "$RES/pairs-auto-$3-summary.json"
    python3 "$B/compare_pairs.py" "$DATA/$1" "$2" "$WORK/auto-$3" "$WORK/$3.pairs" > "$RES/pairs-auto-$3.json"
  done
}

fd() {  # finite differences of the total communicability and the Estrada estimate on 10 edges of two graphs
  machine > "$RES/fd.machine"
  python3 "$B/fd_check.py" "$DATA/networks/dolphins.gml.gz" gml "$WORK/fd-dolphins" 10 > "$RES/fd-dolphins.json"
  python3 "$B/fd_check.py" "$DATA/networks/lesmis.gml.gz" gml "$WORK/fd-lesmis" 10 > "$RES/fd-lesmis.json"
}

cost() {  # 1,000 pairs in one batched command against one pair alone (CA-GrQc)
  python3 "$B/make_lists.py" "$DATA/snap/CA-GrQc.txt.gz" edgelist 1000 1 2 "$WORK/grqc1000"
  head -1 "$WORK/grqc1000.pairs" > "$WORK/grqc1.pairs"
  machine > "$RES/cost.machine"
  for k in 1 1000; do
    /usr/bin/time -v deploy/matfun communicability --graph "$DATA/snap/CA-GrQc.txt.gz" \
      --pairs "$WORK/grqc$k.pairs" --output "$WORK/cost-$k" --overwrite > "$WORK/cost-$k.log" 2>&1
    cp "$WORK/cost-$k/summary.json" "$RES/cost-$k-pairs-summary.json"
    grep -E "Elapsed|Maximum resident" "$WORK/cost-$k.log" > "$RES/cost-$k-pairs.time"
  done
}

networkx() {  # networkx against matfun on CA-GrQc: time and peak memory side by side
  machine > "$RES/networkx.machine"
  /usr/bin/time -v python3 "$B/networkx_cost.py" "$DATA/snap/CA-GrQc.txt.gz" edgelist \
    > "$RES/networkx-CA-GrQc.json" 2> "$WORK/nx.time"
  grep -E "Elapsed|Maximum resident" "$WORK/nx.time" > "$RES/networkx-CA-GrQc.time"
  /usr/bin/time -v deploy/matfun communicability --graph "$DATA/snap/CA-GrQc.txt.gz" --weights ignore \
    --pairs "$WORK/grqc1000.pairs" --total --estrada --output "$WORK/mf-grqc" --overwrite > "$WORK/mf.log" 2>&1
  cp "$WORK/mf-grqc/summary.json" "$RES/matfun-CA-GrQc-summary.json"
  grep -E "Elapsed|Maximum resident" "$WORK/mf.log" > "$RES/matfun-CA-GrQc.time"
}

big() {  # total vector, Estrada with interval, 1,000 pairs, top-100 edge sensitivities: one command each
  for name in ${BIG_GRAPHS:-Email-Enron soc-Slashdot0902}; do
    set -- "snap/$name.txt.gz" "$name"
    python3 "$B/make_lists.py" "$DATA/$1" edgelist 1000 20 5 "$WORK/$2"
    machine > "$RES/big-$2.machine"
    /usr/bin/time -v deploy/matfun communicability --graph "$DATA/$1" --pairs "$WORK/$2.pairs" --total \
      --estrada --sensitivities top:100 --sensitivities-for total \
      --output "$WORK/big-$2" --overwrite > "$WORK/big-$2.log" 2>&1
    cp "$WORK/big-$2/summary.json" "$RES/big-$2-summary.json"
    grep -E "Elapsed|Maximum resident" "$WORK/big-$2.log" > "$RES/big-$2.time"
  done
}

for step in "${@:-agreement onesided pairs fd cost networkx big}"; do
  for s in $step; do "$s"; done
done
