package org.matfun.spark.exec;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.matfun.core.operator.CsrMatrix;
import org.matfun.spark.io.LoadedMatrix;
import org.matfun.spark.io.MatrixEntry;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator of the runs mode (DESIGN 3.1b): A gathered once from the loaded entries into CSR arrays on the
 * driver, broadcast, and rebuilt as a core {@link CsrMatrix} at most once per executor JVM (cached by broadcast id
 * and shared by every task of the job in that JVM; its SELL-C-sigma copy is built by the first product and shared
 * too). Also carries the original node identifiers by internal index (n longs) for the outputs.
 *
 * <p>Cost: one Spark job over the entries (each partition packs its entries into three primitive arrays), O(nnz)
 * work and 16 nnz bytes on the driver while the CSR is assembled, one broadcast of 12 nnz + 4 n bytes.
 * Serializable: tasks capture this handle; the arrays travel in the broadcast, not in the closure.
 */
public final class SharedOperator implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Operators kept per executor JVM (the newest ones; a job uses one). */
    private static final int CACHED = 2;
    private static final Map<Long, CsrMatrix> CACHE = new LinkedHashMap<>();

    private final Broadcast<Object[]> csr;
    private final long n;
    private final long nnz;
    private final transient CsrMatrix local;

    private SharedOperator(Broadcast<Object[]> csr, long n, long nnz, CsrMatrix local) {
        this.csr = csr;
        this.n = n;
        this.nnz = nnz;
        this.local = local;
    }

    /**
     * Gathers and broadcasts A.
     *
     * @param sc the context
     * @param m  the loaded matrix (both triangles, 0-based), n and nnz below 2^31
     * @throws IllegalArgumentException if n or nnz is 2^31 or more
     */
    public static SharedOperator broadcast(JavaSparkContext sc, LoadedMatrix m) {
        if (m.n() > Integer.MAX_VALUE - 8 || m.nnz() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the runs mode needs n and nnz below 2^31 (n = " + m.n() + ", nnz = "
                    + m.nnz() + "); use --distribute rows");
        }
        List<Object[]> parts = m.entries().mapPartitions(it -> {
            List<MatrixEntry> es = new ArrayList<>();
            it.forEachRemaining(es::add);
            int[] r = new int[es.size()];
            int[] c = new int[es.size()];
            double[] v = new double[es.size()];
            for (int i = 0; i < r.length; i++) {
                MatrixEntry e = es.get(i);
                r[i] = (int) e.row();
                c[i] = (int) e.col();
                v[i] = e.value();
            }
            return Collections.singletonList(new Object[] {r, c, v}).iterator();
        }).collect();
        int total = 0;
        for (Object[] p : parts) {
            total += ((int[]) p[0]).length;
        }
        int[] rows = new int[total];
        int[] cols = new int[total];
        double[] vals = new double[total];
        int at = 0;
        for (Object[] p : parts) {
            int[] r = (int[]) p[0];
            System.arraycopy(r, 0, rows, at, r.length);
            System.arraycopy((int[]) p[1], 0, cols, at, r.length);
            System.arraycopy((double[]) p[2], 0, vals, at, r.length);
            at += r.length;
        }
        CsrMatrix a = CsrMatrix.fromCoordinates((int) m.n(), rows, cols, vals);
        Broadcast<Object[]> b = sc.broadcast(new Object[] {new int[] {a.dimension()}, a.rowPointers(),
                a.columnIndices(), a.values()});
        synchronized (CACHE) {
            // in local mode the tasks run in this JVM: they find the driver's matrix (and its SELL copy) here
            CACHE.put(b.id(), a);
            while (CACHE.size() > CACHED) {
                CACHE.remove(CACHE.keySet().iterator().next());
            }
        }
        return new SharedOperator(b, m.n(), a.nonzeros(), a);
    }

    /** Order n of A. */
    public long n() {
        return n;
    }

    /** Stored entries of A (both triangles). */
    public long nonzeros() {
        return nnz;
    }

    /**
     * The matrix: on the driver the one gathered there; on an executor the cached copy, built from the broadcast
     * by the first task that asks for it.
     */
    public CsrMatrix matrix() {
        if (local != null) {
            return local;
        }
        long id = csr.id();
        synchronized (CACHE) {
            CsrMatrix a = CACHE.get(id);
            if (a == null) {
                Object[] d = csr.value();
                a = CsrMatrix.fromCsr(((int[]) d[0])[0], (int[]) d[1], (int[]) d[2], (double[]) d[3]);
                CACHE.put(id, a);
                while (CACHE.size() > CACHED) {
                    CACHE.remove(CACHE.keySet().iterator().next());
                }
            }
            return a;
        }
    }

    /** Removes the broadcast from the executors (non-blocking); the handle is unusable in tasks afterwards. */
    public void release() {
        synchronized (CACHE) {
            CACHE.remove(csr.id());
        }
        csr.unpersist(false);
    }

    /**
     * String node ids by internal index (n strings on the driver), for a graph read from an edge table with string
     * ids.
     *
     * @throws IllegalArgumentException if {@code m} has no string ids
     */
    public static String[] indexToLabel(LoadedMatrix m) {
        if (!m.hasLabels()) {
            throw new IllegalArgumentException(m.source() + " has integer ids, not string ids");
        }
        String[] labels = new String[(int) m.n()];
        for (Tuple2<Long, String> t : m.labels().collect()) {
            labels[(int) (long) t._1()] = t._2();
        }
        return labels;
    }

    /** Original identifiers by internal index (n longs on the driver): graph node ids, or row numbers 1..n. */
    public static long[] indexToId(LoadedMatrix m) {
        long[] ids = new long[(int) m.n()];
        for (Tuple2<Long, Long> t : m.idToIndex().collect()) {
            ids[(int) (long) t._2()] = t._1();
        }
        return ids;
    }
}
