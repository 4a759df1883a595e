#!/usr/bin/env bash
# submit-yarn.sh: submit the matfun job to YARN through deploy/submit.sh, with YARN's master, a
# deploy mode and typical executor sizing. Everything else is passed through unchanged.
#
# Usage:
#   deploy/yarn/submit-yarn.sh [--dry-run] [--deploy-mode client|cluster] [--conf KEY=VALUE]...
#                              [--] SUBCOMMAND [OPTIONS...]
# Example:
#   deploy/yarn/submit-yarn.sh bilinear --matrix hdfs:///data/graph.txt.gz --function exp:beta=0.1 \
#       --u node:1 --v node:2 --output hdfs:///results/matfun/2025-01-31
#
# What this adds in front of your arguments (yours come later, so a --deploy-mode or --conf of
# yours wins over these; --master is fixed to yarn):
#   --master yarn --deploy-mode $MATFUN_DEPLOY_MODE (default cluster)
#   --conf spark.executor.instances=$MATFUN_EXECUTOR_INSTANCES   (default 4)
#   --conf spark.executor.cores=$MATFUN_EXECUTOR_CORES           (default 4)
#   --conf spark.executor.memory=$MATFUN_EXECUTOR_MEMORY         (default 8g)
#   --conf spark.executor.memoryOverhead=$MATFUN_EXECUTOR_MEMORY_OVERHEAD (default 2g)
#   --conf spark.driver.memory=$MATFUN_DRIVER_MEMORY             (default 4g; the driver holds
#          only O(k^2) numbers, the matrix and the Lanczos vectors live on the executors)
#   --conf spark.dynamicAllocation.enabled=false   the row blocks of A are cached on a fixed set of
#          executors for the whole run; added executors would stay idle
#   --conf spark.yarn.maxAppAttempts=1   no second application attempt: a failure is reported
#          to the scheduler (Airflow, cron, ...), which decides whether to rerun
#   --conf spark.yarn.tags=matfun
#
# Deploy mode: in cluster mode the driver runs in a YARN container and spark-submit returns 0 or
# non-zero (the application's final status), not the job's 0/1/2; the driver's log (one progress
# line per Lanczos step) is in `yarn logs -applicationId ID`. In client mode the driver runs
# here, the exit code is the job's and the log is this process's stderr
# (conf/log4j2.properties).
#
# Environment: HADOOP_CONF_DIR or YARN_CONF_DIR (the cluster's configuration; required by
# spark-submit), SPARK_HOME (a Spark 4.1 / Scala 2.13 installation; not needed with --dry-run),
# and the MATFUN_* variables above. Input and output paths must be reachable from the cluster
# (hdfs://, s3a://, ...), not only from this machine.
# Exit code: deploy/submit.sh's (2 for a usage error of this wrapper).
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
  echo "submit-yarn.sh: $*" >&2
  exit 2
}

# Look at the wrapper options only (as deploy/submit.sh parses them): they end at "--" or at the
# first other argument, the subcommand. The job's own options (bilinear has a --master too) are
# not looked at.
args=("$@")
i=0
while [[ $i -lt ${#args[@]} ]]; do
  case "${args[$i]}" in
    --dry-run|--deploy-mode=*) i=$((i + 1)) ;;
    --deploy-mode|--conf) i=$((i + 2)) ;;
    --master|--master=*) die "the master is yarn here; use deploy/submit.sh for another master" ;;
    *) break ;;
  esac
done

if [[ -z "${HADOOP_CONF_DIR:-}" && -z "${YARN_CONF_DIR:-}" ]]; then
  echo "submit-yarn.sh: warning: neither HADOOP_CONF_DIR nor YARN_CONF_DIR is set; spark-submit needs one to find the ResourceManager" >&2
fi

exec "$SUBMIT" \
  --master yarn \
  --deploy-mode "${MATFUN_DEPLOY_MODE:-cluster}" \
  --conf "spark.executor.instances=${MATFUN_EXECUTOR_INSTANCES:-4}" \
  --conf "spark.executor.cores=${MATFUN_EXECUTOR_CORES:-4}" \
  --conf "spark.executor.memory=${MATFUN_EXECUTOR_MEMORY:-8g}" \
  --conf "spark.executor.memoryOverhead=${MATFUN_EXECUTOR_MEMORY_OVERHEAD:-2g}" \
  --conf "spark.driver.memory=${MATFUN_DRIVER_MEMORY:-4g}" \
  --conf spark.dynamicAllocation.enabled=false \
  --conf spark.yarn.maxAppAttempts=1 \
  --conf spark.yarn.tags=matfun \
  "$@"
