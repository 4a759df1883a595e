package org.matfun.spark.exec;

import org.apache.spark.api.java.JavaSparkContext;
import org.matfun.core.operator.CsrMatrix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs mode's executor (DESIGN 3.1b): G groups of independent runs, one Spark task per group, in one Spark
 * job over the {@link SharedOperator}. The caller orders the groups longest first (Spark starts the tasks of a
 * stage in partition order, so the long ones do not end last) and makes more groups than cores where it has
 * the runs for it.
 *
 * <p>Faults and bad input: a task that throws is not a task failure: the exception travels back as the task's
 * result and is rethrown on the driver as it was thrown (a {@code DomainException} or an
 * {@code IllegalArgumentException} keeps its message and exit code), so Spark does not retry work that can never
 * succeed. A task lost with its executor is recomputed by Spark: runs are deterministic. Results travel Java
 * serialized in a {@code byte[]}, so result records need only be {@link Serializable}.
 */
public final class RunParallel {

    private static final Logger LOG = LoggerFactory.getLogger("org.matfun.runs");

    private RunParallel() {
    }

    /** The work of one task: the runs of group {@code group} on A. */
    @FunctionalInterface
    public interface Task<R extends Serializable> extends Serializable {
        R run(CsrMatrix a, int group) throws Exception;
    }

    /**
     * The work of one task that reaches its operator itself (e.g. a broadcast it closes over, such as a complex
     * Hermitian matrix): the runs of group {@code group}.
     */
    @FunctionalInterface
    public interface GroupTask<R extends Serializable> extends Serializable {
        R run(int group) throws Exception;
    }

    /**
     * What one task did, for {@code summary.json}'s {@code run.tasks}.
     *
     * @param group    the group index
     * @param runs     runs in the group
     * @param seconds  wall time of the task's work
     * @param executor the executor that ran it ("driver" in local mode)
     */
    public record TaskStat(int group, int runs, double seconds, String executor) implements Serializable {
    }

    /**
     * @param results per group, in group order
     * @param tasks   per group, in group order
     * @param seconds wall time of the whole stage, seen from the driver
     */
    public record Outcome<R>(List<R> results, List<TaskStat> tasks, double seconds) {

        /** The summary.json form: tasks, total runs, seconds per task (min, max, sum) and every task's record. */
        public Map<String, Object> summary() {
            Map<String, Object> s = new LinkedHashMap<>();
            int runs = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = 0.0;
            double sum = 0.0;
            List<Map<String, Object>> each = new ArrayList<>();
            for (TaskStat t : tasks) {
                runs += t.runs();
                min = Math.min(min, t.seconds());
                max = Math.max(max, t.seconds());
                sum += t.seconds();
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("group", t.group());
                e.put("runs", t.runs());
                e.put("seconds", t.seconds());
                e.put("executor", t.executor());
                each.add(e);
            }
            s.put("count", tasks.size());
            s.put("runs", runs);
            s.put("stageSeconds", seconds);
            s.put("taskSecondsMin", tasks.isEmpty() ? 0.0 : min);
            s.put("taskSecondsMax", max);
            s.put("taskSecondsSum", sum);
            s.put("each", each);
            return s;
        }
    }

    /**
     * Runs the groups, one task each.
     *
     * @param sc           the context
     * @param op           the broadcast operator
     * @param runsPerGroup number of runs in each group (length G >= 1), for the task records
     * @param label        for the log line
     * @param task         the work of a group
     * @return the results in group order
     * @throws RuntimeException the first (by group) exception a task threw, as it was thrown; checked exceptions
     *                          wrapped in an {@link IllegalStateException}
     */
    public static <R extends Serializable> Outcome<R> run(JavaSparkContext sc, SharedOperator op, int[] runsPerGroup,
                                                          String label, Task<R> task) {
        return run(sc, runsPerGroup, label, g -> task.run(op.matrix(), g));
    }

    /**
     * Runs the groups, one task each, as {@link #run(JavaSparkContext, SharedOperator, int[], String, Task)}, for a
     * task that reaches its operator itself.
     *
     * @throws RuntimeException as that method
     */
    public static <R extends Serializable> Outcome<R> run(JavaSparkContext sc, int[] runsPerGroup, String label,
                                                          GroupTask<R> task) {
        int groups = runsPerGroup.length;
        List<Integer> ids = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            ids.add(g);
        }
        int[] counts = runsPerGroup.clone();
        long t0 = System.nanoTime();
        LOG.info("{}: {} runs in {} tasks (run-parallel mode)", label, sum(counts), groups);
        List<byte[]> raw = sc.parallelize(ids, Math.max(1, groups)).map(g -> {
            long s = System.nanoTime();
            Serializable value;
            Throwable error = null;
            try {
                value = task.run(g);
            } catch (Throwable e) {
                value = null;
                error = e;
            }
            String where = org.apache.spark.SparkEnv.get().executorId();
            TaskStat stat = new TaskStat(g, counts[g], (System.nanoTime() - s) * 1e-9, where);
            return write(new Object[] {value, error, stat});
        }).collect();
        List<R> results = new ArrayList<>(groups);
        List<TaskStat> stats = new ArrayList<>(groups);
        for (byte[] b : raw) {
            Object[] o = (Object[]) read(b);
            if (o[1] != null) {
                Throwable e = (Throwable) o[1];
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(label + ": a task failed: " + e, e);
            }
            @SuppressWarnings("unchecked")
            R r = (R) o[0];
            results.add(r);
            stats.add((TaskStat) o[2]);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        LOG.info(String.format(java.util.Locale.ROOT, "%s: %d tasks done in %.2fs", label, groups, seconds));
        return new Outcome<>(results, stats, seconds);
    }

    private static int sum(int[] x) {
        int s = 0;
        for (int v : x) {
            s += v;
        }
        return s;
    }

    static byte[] write(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a task result", e);
        }
        return bytes.toByteArray();
    }

    static Object read(byte[] b) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                try {
                    return Class.forName(desc.getName(), false, cl != null ? cl : RunParallel.class.getClassLoader());
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read a task result", e);
        }
    }
}
