"""Nightly matfun run for Airflow 2.x: compute u^T f(A) v with `matfun bilinear`, then validate it.

A TEMPLATE: copy this file and check_summary.py (same directory) into the DAGs folder, and set
the params below (or trigger with a params override) for your graph, cluster and storage.

Tasks
  bilinear  BashOperator: deploy/submit.sh (spark-submit, client deploy mode) runs the job into a
            dated directory OUTPUT_ROOT/bilinear/<ds>, with --overwrite so that clearing and
            rerunning a day replaces that day's result (the directory is swapped in only when the
            new run is complete), and --checkpoint-dir CHECKPOINT_ROOT/bilinear/<ds> so that a
            retry resumes where the failed attempt last checkpointed. The task fails on a non-zero
            exit code: 1 computation failed (retried once), 2 bad input or usage (the log names the
            file/line/value; a retry fails the same way). The job's log, one line per Lanczos step,
            is the task log.
  validate  PythonOperator: check_summary.check() on OUTPUT_DIR/summary.json: termination must be
            CONVERGED or INVARIANT_SUBSPACE, errorEstimate <= max_error, and the value finite (or
            logAbsValue finite when the value overflows). Fails without retry and with the reason
            otherwise (e.g. STEP_BUDGET: raise --max-steps or loosen --tol). Pushes the key numbers
            to XCom for downstream tasks.

Requirements on the Airflow worker: a checkout of matfun with the jar built
(`mvn -B -ntp package -DskipTests`) at params.matfun_home; SPARK_HOME (Spark 4.1, Scala 2.13,
Java 17+) in the worker's environment; for YARN, HADOOP_CONF_DIR. Local output paths are read
directly; hdfs:// and s3a:// outputs are read with `hdfs dfs -cat` (a Hadoop client on the worker).
Written for Airflow 2.4+ (`schedule=`); on 2.0-2.3 use `schedule_interval="@daily"` instead.
"""

import os
import subprocess
import sys
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowFailException
from airflow.operators.bash import BashOperator
from airflow.operators.python import PythonOperator

# check_summary.py lives next to this file (the DAGs folder is on sys.path, this makes it explicit).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_summary import check, check_json  # noqa: E402

# The dated output directory of one run ({{ ds }} is the logical date, YYYY-MM-DD), and its
# checkpoint directory: a retry after a failed attempt (or killed driver) resumes from that attempt's
# last checkpoint instead of starting over; matfun removes the checkpoint once the output is complete.
OUTPUT_DIR = "{{ params.output_root }}/bilinear/{{ ds }}"
CHECKPOINT_DIR = "{{ params.checkpoint_root }}/bilinear/{{ ds }}"

# Wrapper options first (master, deploy mode, --conf), then "--" and the job's own arguments
# (see `deploy/matfun bilinear --help`). Client mode keeps the job's exit code (0/1/2) and its log
# with this task; in cluster mode spark-submit returns only the application's success or failure.
BILINEAR_COMMAND = """
set -euo pipefail
"{{ params.matfun_home }}/deploy/submit.sh" \\
    --master "{{ params.master }}" \\
    --deploy-mode client \\
    --conf spark.executor.instances={{ params.executor_instances }} \\
    --conf spark.executor.cores={{ params.executor_cores }} \\
    --conf spark.executor.memory={{ params.executor_memory }} \\
    --conf "spark.app.name=matfun bilinear {{ ds }}" \\
    -- bilinear \\
    --matrix "{{ params.matrix }}" \\
    --format "{{ params.format }}" \\
    --src-col "{{ params.src_col }}" \\
    --dst-col "{{ params.dst_col }}" \\
    --function "{{ params.function }}" \\
    --u "{{ params.u }}" \\
    --v "{{ params.v }}" \\
    --gradient "{{ params.gradient }}" \\
    --tol "{{ params.tol }}" \\
    --max-steps "{{ params.max_steps }}" \\
    --partitions "{{ params.partitions }}" \\
    --checkpoint-dir "%s" \\
    --output "%s" \\
    --overwrite
""" % (CHECKPOINT_DIR, OUTPUT_DIR)


def validate_summary(output_dir, max_error):
    """Validate OUTPUT_DIR/summary.json; returns its key numbers (XCom) or fails the task."""
    max_error = float(max_error)
    uri = output_dir.rstrip("/") + "/summary.json"
    try:
        if "://" not in uri or uri.startswith("file://"):
            summary = check(uri[len("file://"):] if uri.startswith("file://") else uri, max_error)
        else:
            fetched = subprocess.run(["hdfs", "dfs", "-cat", uri], capture_output=True, text=True, timeout=600)
            if fetched.returncode != 0:
                raise ValueError("%s: cannot be read with `hdfs dfs -cat` (exit %d): %s"
                                 % (uri, fetched.returncode, fetched.stderr.strip()[-2000:]))
            summary = check_json(fetched.stdout, max_error, uri)
    except ValueError as e:
        # A bad result does not get better on retry: fail now, with the reason in the task log.
        raise AirflowFailException("matfun result rejected: %s" % e) from e
    keys = ("value", "logAbsValue", "sign", "logScale", "errorEstimate", "termination", "steps", "matvecs",
            "n", "nnz", "wallSeconds")
    result = {k: summary.get(k) for k in keys}
    result["outputDir"] = output_dir
    print("matfun result accepted: %s" % result)
    return result


with DAG(
    dag_id="matfun_nightly_bilinear",
    description="u^T f(A) v with matfun (Lanczos on Spark), validated",
    schedule="@daily",                    # Airflow 2.0-2.3: schedule_interval="@daily"
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,                    # one run at a time on the cluster
    dagrun_timeout=timedelta(hours=6),
    default_args={
        "owner": "matfun",
        "retries": 1,
        "retry_delay": timedelta(minutes=15),
    },
    params={
        # CHANGE-ME: where matfun is checked out and built on the worker, and the Spark master.
        "matfun_home": "/opt/matfun",
        "master": "yarn",                 # or spark://master-host:7077, k8s://https://...
        "executor_instances": 4,
        "executor_cores": 4,
        "executor_memory": "8g",
        # CHANGE-ME: the problem. Paths must be readable/writable by the driver (this worker) and
        # the executors: hdfs://, s3a://, or a filesystem mounted on every node.
        # A Parquet edge table (a directory of part files, as a data platform writes it): one row per
        # edge, ids in src_col/dst_col (integer or string), optional numeric weight (--weight-col,
        # default "weight", else every weight is 1); same undirected-graph rules as an edge list.
        # For a catalog table: "format": "table" and "matrix": "db.edges". For the text formats
        # (Matrix Market, edge list, CSV): "format": "mtx" / "edgelist" / "csv".
        "matrix": "hdfs:///data/graphs/ca-grqc-edges.parquet",
        "format": "parquet",              # parquet | orc | table | mtx | edgelist | csv
        "src_col": "src",
        "dst_col": "dst",
        "function": "exp:beta=0.1",
        "u": "node:3466",
        "v": "node:937",
        "gradient": "none",               # none | edges | parameter
        "tol": "1e-10",
        "max_steps": 500,
        # Fixed, so that a retry has the same row-block layout as the checkpoint it resumes from
        # (with Spark's default, a retry on a different number of executors would start over).
        "partitions": 16,
        "output_root": "hdfs:///results/matfun",
        # Reliable storage read and written by the driver and the executors (HDFS, S3, ...).
        "checkpoint_root": "hdfs:///tmp/matfun-checkpoints",
        # Largest accepted errorEstimate (relative) in the validation.
        "max_error": 1e-8,
    },
    tags=["matfun", "spark"],
    doc_md=__doc__,
) as dag:
    bilinear = BashOperator(
        task_id="bilinear",
        bash_command=BILINEAR_COMMAND,
        execution_timeout=timedelta(hours=4),
    )

    # Alternative with the apache-spark provider instead of deploy/submit.sh (then the Java 17
    # --add-opens flags of pom.xml's spark.java17.opens and conf/spark-defaults.conf have to be
    # given here; submit.sh does that for you, and keeps the job's exit codes in client mode):
    #
    # from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
    # bilinear = SparkSubmitOperator(
    #     task_id="bilinear",
    #     conn_id="spark_default",                     # the connection's host is the master
    #     application="/opt/matfun/spark-job/target/matfun-spark-job-0.1.0-SNAPSHOT.jar",
    #     java_class="org.matfun.spark.jobs.MatfunMain",
    #     properties_file="/opt/matfun/conf/spark-defaults.conf",
    #     # JAVA17_OPENS: the flag list of the spark.java17.opens property in pom.xml, as one string
    #     conf={"spark.driver.extraJavaOptions": JAVA17_OPENS, "spark.executor.extraJavaOptions": JAVA17_OPENS},
    #     application_args=["bilinear", "--matrix", "{{ params.matrix }}", "--format", "{{ params.format }}",
    #                       "--src-col", "{{ params.src_col }}", "--dst-col", "{{ params.dst_col }}",
    #                       "--function", "{{ params.function }}",
    #                       "--u", "{{ params.u }}", "--v", "{{ params.v }}", "--partitions", "{{ params.partitions }}",
    #                       "--checkpoint-dir", CHECKPOINT_DIR, "--output", OUTPUT_DIR, "--overwrite"],
    #     execution_timeout=timedelta(hours=4),
    # )

    validate = PythonOperator(
        task_id="validate",
        python_callable=validate_summary,
        op_kwargs={"output_dir": OUTPUT_DIR, "max_error": "{{ params.max_error }}"},
        retries=0,
    )

    bilinear >> validate
