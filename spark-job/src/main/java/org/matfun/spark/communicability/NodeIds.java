package org.matfun.spark.communicability;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.matfun.spark.exec.SharedOperator;
import org.matfun.spark.io.LoadedMatrix;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The node identifiers of the communicability outputs, by internal index: the graph's integer ids (or Matrix Market
 * row numbers), or, for an edge table with string ids, its strings. Internally a string-id graph is numbered by its
 * labels' order (its integer "ids" are the indices, {@link LoadedMatrix#labels()}); lists given by string id are
 * translated to those numbers ({@link #labelIds()}) and every output id is translated back ({@link #ofId}).
 * Driver memory: n longs, plus n strings for string ids (the same order as the id array the job already keeps).
 * Broadcast to the tasks that write per-node and per-edge rows; public only so that {@code SparkClasses} can register
 * it with Kryo, not part of the API.
 */
public final class NodeIds implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Integer id by index, length n. */
    private final long[] ids;
    /** String id by integer id (= index) for string-id graphs, length n; null for integer ids. */
    private final String[] labels;

    private NodeIds(long[] ids, String[] labels) {
        this.ids = ids;
        this.labels = labels;
    }

    /** The ids of {@code m} (one collect of its id map, and of its labels if any). */
    static NodeIds of(LoadedMatrix m) {
        return new NodeIds(SharedOperator.indexToId(m), m.hasLabels() ? SharedOperator.indexToLabel(m) : null);
    }

    /** @return true if the ids are strings */
    boolean strings() {
        return labels != null;
    }

    /** @return the Spark SQL type of the id columns: bigint, or string for string ids */
    DataType type() {
        return labels == null ? DataTypes.LongType : DataTypes.StringType;
    }

    /** @return integer ids by internal index, length n (for string ids: the indices) */
    long[] ids() {
        return ids;
    }

    /** @return the output id (Long or String) of internal index {@code index} */
    Object ofIndex(long index) {
        return ofId(ids[(int) index]);
    }

    /** @return the output id (Long or String) of integer id {@code id} (a node of the graph) */
    Object ofId(long id) {
        return labels == null ? (Object) id : labels[(int) id];
    }

    /** @return the id of internal index {@code index} as text, for measure names ("pair:a:b") */
    String text(long index) {
        return String.valueOf(ofIndex(index));
    }

    /** @return string id to integer id (n entries), or null for integer ids */
    Map<String, Long> labelIds() {
        if (labels == null) {
            return null;
        }
        Map<String, Long> m = new HashMap<>(labels.length * 2);
        for (int i = 0; i < labels.length; i++) {
            m.put(labels[i], (long) i);
        }
        return m;
    }
}
