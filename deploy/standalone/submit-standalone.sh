#!/usr/bin/env bash
# submit-standalone.sh: submit the matfun job to a Spark standalone cluster through
# deploy/submit.sh, in client mode (the driver runs on this machine), with typical executor
# sizing. Everything else is passed through unchanged.
#
# Usage:
#   MATFUN_MASTER=spark://master-host:7077 \
#   deploy/standalone/submit-standalone.sh [--dry-run] [--conf KEY=VALUE]... [--] SUBCOMMAND [OPTIONS...]
# Example:
#   MATFUN_MASTER=spark://master-host:7077 deploy/standalone/submit-standalone.sh \
#       bilinear --matrix /shared/graphs/graph.txt.gz --function exp:beta=0.1 \
#       --u node:1 --v node:2 --output /shared/results/matfun/2025-01-31
#
# What this adds in front of your arguments (yours come later, so a --conf of yours wins):
#   --master $MATFUN_MASTER (required, spark://HOST:PORT[,HOST2:PORT2 for standby masters])
#   --deploy-mode client
#       Client mode keeps the job's exit code (0 done, 1 computation failed, 2 bad input) and its
#       log (stderr, conf/log4j2.properties) with the caller. Standalone cluster mode returns as
#       soon as the driver is submitted (spark.standalone.submit.waitAppCompletion is false by
#       default), so a scheduler would not see the result; it is not offered here.
#   --conf spark.executor.cores=$MATFUN_EXECUTOR_CORES    (default 4) cores per executor
#   --conf spark.cores.max=$MATFUN_CORES_MAX              (default 16) cores for the whole
#          application, so 16 / 4 = 4 executors; a standalone cluster otherwise gives one
#          application every free core
#   --conf spark.executor.memory=$MATFUN_EXECUTOR_MEMORY  (default 8g)
#   --conf spark.driver.memory=$MATFUN_DRIVER_MEMORY      (default 4g; the driver holds only
#          O(k^2) numbers; in client mode this is the heap of the local driver JVM)
#
# Environment: MATFUN_MASTER (required), SPARK_HOME (a Spark 4.1 / Scala 2.13 installation,
# the same version as the cluster's; not needed with --dry-run), and the MATFUN_* variables
# above. Input and output paths must be reachable from the driver (here) and from every worker:
# a shared filesystem mounted at the same path on all nodes, HDFS or S3.
# Exit code: deploy/submit.sh's, i.e. the job's (2 also for a usage error of this wrapper).
set -euo pipefail

src="${BASH_SOURCE[0]}"
while [[ -L "$src" ]]; do
  dir="$(cd -P "$(dirname "$src")" && pwd)"
  src="$(readlink "$src")"
  [[ "$src" == /* ]] || src="$dir/$src"
done
REPO_ROOT="$(cd -P "$(dirname "$src")/../.." && pwd)"
SUBMIT="$REPO_ROOT/deploy/submit.sh"

die() {
  echo "submit-standalone.sh: $*" >&2
  exit 2
}

# Look at the wrapper options only (as deploy/submit.sh parses them): they end at "--" or at the
# first other argument, the subcommand. The job's own options (bilinear has a --master too) are
# not looked at.
args=("$@")
i=0
while [[ $i -lt ${#args[@]} ]]; do
  case "${args[$i]}" in
    --dry-run) i=$((i + 1)) ;;
    --conf) i=$((i + 2)) ;;
    --master|--master=*) die "set the master with MATFUN_MASTER=spark://HOST:7077, not --master" ;;
    --deploy-mode|--deploy-mode=*) die "the deploy mode is client here (see the header of this script)" ;;
    *) break ;;
  esac
done

MASTER="${MATFUN_MASTER:-}"
[[ -n "$MASTER" ]] || die "MATFUN_MASTER is not set; set it to the standalone master, e.g. MATFUN_MASTER=spark://master-host:7077"
[[ "$MASTER" == spark://?* ]] || die "MATFUN_MASTER=$MASTER is not a standalone master URL (spark://HOST:PORT)"

exec "$SUBMIT" \
  --master "$MASTER" \
  --deploy-mode client \
  --conf "spark.executor.cores=${MATFUN_EXECUTOR_CORES:-4}" \
  --conf "spark.cores.max=${MATFUN_CORES_MAX:-16}" \
  --conf "spark.executor.memory=${MATFUN_EXECUTOR_MEMORY:-8g}" \
  --conf "spark.driver.memory=${MATFUN_DRIVER_MEMORY:-4g}" \
  "$@"
