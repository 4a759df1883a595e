package org.matfun.spark.communicability;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.matfun.spark.io.InputException;
import org.matfun.spark.io.TableFiles;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Small driver-side lists of node ids: {@code --pairs} / {@code --candidates} files (one {@code p q} per line) and
 * {@code --subgraph-centrality} files (one {@code p} per line); whitespace or comma separated, {@code #} and
 * {@code %} comments and blank lines skipped, gzip by name. Ids are the graph's identifiers (row numbers for
 * Matrix Market). Every problem names the file and the 1-based line. A file named {@code *.parquet} or {@code *.orc}
 * (a file or a directory of part files) is a table instead: columns {@code src, dst} (pairs, candidates) or
 * {@code id} (nodes), integer ids, read with Spark SQL and checked on the driver (missing column, wrong type, null:
 * the message names the file, the column and the row); its rows have line 0 in {@link Line}. For a graph with
 * string ids (an edge table) the ids in the file are strings (text tokens, or string columns), translated to the
 * graph's integer numbering on the driver ({@link NodeIds#labelIds()}).
 */
final class NodeLists {

    private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");

    private NodeLists() {
    }

    /** One parsed line: ids and the line number. */
    record Line(long[] ids, long line) {
    }

    /**
     * @param labelIds string id to integer id for a graph with string ids (then every id in the file is a string,
     *                 translated here; an unknown one is an error naming the line or row), or null for integer ids
     * @param graph    the graph, for messages
     * @throws InputException for an unreadable file, a malformed line, a bad table, or an unknown string id
     */
    static List<Line> read(Configuration conf, String file, int fields, Map<String, Long> labelIds, String graph) {
        if (TableFiles.isTable(file)) {
            return readTable(file, fields, labelIds, graph);
        }
        List<Line> out = new ArrayList<>();
        Path p = new Path(file);
        try {
            FileSystem fs = p.getFileSystem(conf);
            InputStream in = fs.open(p);
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            if (codec != null) {
                in = codec.createInputStream(in);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                long no = 0;
                for (String raw = r.readLine(); raw != null; raw = r.readLine()) {
                    no++;
                    String t = raw.strip();
                    if (t.isEmpty() || t.startsWith("#") || t.startsWith("%")) {
                        continue;
                    }
                    String[] parts = SEPARATOR.split(t);
                    if (parts.length != fields) {
                        throw new InputException(file, no, raw, "expected " + (fields == 2 ? "two node ids 'p q'"
                                : "one node id") + " per line, found " + parts.length + " fields");
                    }
                    long[] ids = new long[fields];
                    for (int i = 0; i < fields; i++) {
                        if (labelIds != null) {
                            Long id = labelIds.get(parts[i]);
                            if (id == null) {
                                throw new InputException(file, no, raw, "node '" + parts[i] + "' is not a node of "
                                        + graph + " (its node ids are strings)");
                            }
                            ids[i] = id;
                            continue;
                        }
                        try {
                            ids[i] = Long.parseLong(parts[i]);
                        } catch (NumberFormatException e) {
                            throw new InputException(file, no, raw, "'" + parts[i] + "' is not an integer node id");
                        }
                    }
                    out.add(new Line(ids, no));
                }
            }
        } catch (FileNotFoundException e) {
            throw new InputException(file, "file not found");
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new InputException(file, "no node ids (only blank or comment lines)");
        }
        return out;
    }

    /** The rows of a pair table (src, dst) or node table (id), in the order Spark returns them, as lines 0. */
    private static List<Line> readTable(String file, int fields, Map<String, Long> labelIds, String graph) {
        String[] columns = fields == 2 ? new String[] {"src", "dst"} : new String[] {"id"};
        Dataset<Row> t = TableFiles.readChecked(SparkSession.active(), file, columns, null,
                fields == 2 ? "a pair table (columns src, dst)" : "a node table (column id)");
        if (TableFiles.stringIds(t) && labelIds == null) {
            throw new InputException(file, "column '" + columns[0] + "' has string ids; expected integer node ids"
                    + " (the ids of " + graph + ")");
        }
        if (!TableFiles.stringIds(t) && labelIds != null) {
            throw new InputException(file, "column '" + columns[0] + "' has integer ids; expected string node ids"
                    + " (the ids of " + graph + ")");
        }
        List<Line> out = new ArrayList<>();
        for (Row r : t.collectAsList()) {
            long[] ids = new long[fields];
            for (int i = 0; i < fields; i++) {
                if (labelIds == null) {
                    ids[i] = r.getLong(i);
                    continue;
                }
                Long id = labelIds.get(r.getString(i));
                if (id == null) {
                    throw new InputException(file, "the row with " + (fields == 2 ? "src = '" + r.getString(0)
                            + "', dst = '" + r.getString(1) + "'" : "id = '" + r.getString(0) + "'") + ": node '"
                            + r.getString(i) + "' is not a node of " + graph);
                }
                ids[i] = id;
            }
            out.add(new Line(ids, 0L));
        }
        if (out.isEmpty()) {
            throw new InputException(file, "no node ids (the table has no rows)");
        }
        return out;
    }

    /**
     * Internal indices of the ids in the lines; one small Spark job (a filter of the id map).
     *
     * @throws InputException naming the first line with an id that is not a node of the graph
     */
    static Map<Long, Long> resolve(JavaPairRDD<Long, Long> idToIndex, String file, List<Line> lines,
                                   String graph) {
        Set<Long> ids = new HashSet<>();
        for (Line l : lines) {
            for (long id : l.ids()) {
                ids.add(id);
            }
        }
        List<Tuple2<Long, Long>> found = idToIndex.filter(t -> ids.contains(t._1())).collect();
        Map<Long, Long> index = new HashMap<>();
        for (Tuple2<Long, Long> t : found) {
            index.put(t._1(), t._2());
        }
        for (Line l : lines) {
            for (long id : l.ids()) {
                if (!index.containsKey(id) && l.line() == 0) {
                    throw new InputException(file, "the row with " + (l.ids().length == 2 ? "src = " + l.ids()[0]
                            + ", dst = " + l.ids()[1] : "id = " + id) + ": node " + id + " is not a node of " + graph);
                }
                if (!index.containsKey(id)) {
                    throw new InputException(file, l.line(), String.valueOf(id), "node " + id
                            + " is not a node of " + graph);
                }
            }
        }
        return index;
    }
}
