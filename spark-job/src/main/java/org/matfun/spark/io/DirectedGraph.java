package org.matfun.spark.io;

import org.apache.hadoop.conf.Configuration;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directed weighted graph read on the driver, for the magnetic operators (small inputs): every record
 * {@code p -> q} with its weight, as written (no symmetrization, duplicates kept: the operator sums them).
 * GML ({@code edge [ source S target T value|weight W ]}, the {@link GmlLoader} tokenizer), an edge list
 * ({@code src dst [weight]}, {@code #}/{@code %} comments) or a CSV edge table ({@code src,dst[,weight]}, the same
 * rules, and a first line whose first field is not an integer is its header). Node ids are integers; internal indices follow the ids
 * ascending (as {@link LoadedMatrix}), and an edge list's nodes are the ids that occur in it.
 *
 * @param source the file
 * @param ids    original id by internal index, ascending
 * @param src    tail index of each record
 * @param dst    head index of each record
 * @param w      weight of each record
 */
public record DirectedGraph(String source, long[] ids, int[] src, int[] dst, double[] w) {

    /** Number of nodes. */
    public int n() {
        return ids.length;
    }

    /**
     * @throws InputException for a malformed file (file, line, what was expected)
     */
    public static DirectedGraph read(Configuration conf, String file, InputFormat format) {
        TextFiles.requireFile(conf, file);
        try (TextFiles.Head head = TextFiles.open(conf, file)) {
            return format == InputFormat.GML ? gml(file, head.reader())
                    : edgeList(file, head.reader(), format == InputFormat.CSV);
        } catch (IOException e) {
            throw new InputException(file, "cannot read: " + e.getMessage() + " (truncated or corrupt?)");
        }
    }

    private static DirectedGraph gml(String file, BufferedReader in) throws IOException {
        GmlLoader.Tokenizer t = new GmlLoader.Tokenizer(file, in);
        TreeMap<Long, Long> nodes = new TreeMap<>();
        List<long[]> refs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        boolean seenGraph = false;
        for (GmlLoader.Token key = t.next(); key != null; key = t.next()) {
            GmlLoader.Token value = t.require(key);
            if (key.text.equals("graph") && value.list) {
                seenGraph = true;
                for (GmlLoader.Token k = t.next(); k != null && !k.close; k = t.next()) {
                    GmlLoader.Token v = t.require(k);
                    if (k.text.equals("node") && v.list) {
                        Map<String, GmlLoader.Token> f = t.fields(k, "id");
                        long id = t.integer(f.get("id"), "node id");
                        Long previous = nodes.putIfAbsent(id, k.line);
                        if (previous != null) {
                            throw t.error(k, "node id " + id + " is declared twice (also on line " + previous
                                    + "); expected unique node ids");
                        }
                    } else if (k.text.equals("edge") && v.list) {
                        Map<String, GmlLoader.Token> f = t.fields(k, "source", "target");
                        long s = t.integer(f.get("source"), "edge source");
                        long d = t.integer(f.get("target"), "edge target");
                        GmlLoader.Token w = f.containsKey("weight") ? f.get("weight") : f.get("value");
                        weights.add(w == null ? 1.0 : t.number(w, "edge weight"));
                        refs.add(new long[] {s, d, f.get("source").line});
                    } else if (v.list) {
                        t.skipList();
                    }
                }
            } else if (value.list) {
                t.skipList();
            }
        }
        if (!seenGraph) {
            throw new InputException(file, "no 'graph [ ... ]' block: not a GML graph");
        }
        for (long[] e : refs) {
            for (int end = 0; end < 2; end++) {
                if (!nodes.containsKey(e[end])) {
                    throw new InputException(file, e[2], null, "edge " + (end == 0 ? "source " : "target ") + e[end]
                            + " is not a declared node id (no 'node [ id " + e[end] + " ]')");
                }
            }
        }
        double[] w = new double[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        return build(file, nodes.keySet(), refs, w);
    }

    private static DirectedGraph edgeList(String file, BufferedReader in, boolean csvHeader) throws IOException {
        java.util.TreeSet<Long> nodes = new java.util.TreeSet<>();
        List<long[]> refs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        long lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '%') {
                continue;
            }
            String[] t = s.split("[\\s,]+");
            if (csvHeader && refs.isEmpty() && !t[0].matches("[+-]?\\d+")) {
                csvHeader = false; // the header line of a CSV table
                continue;
            }
            if (t.length < 2 || t.length > 3) {
                throw new InputException(file, lineNo, line, "expected 'src dst [weight]' (integer ids)");
            }
            long a;
            long b;
            double w = 1.0;
            try {
                a = Long.parseLong(t[0]);
                b = Long.parseLong(t[1]);
            } catch (NumberFormatException e) {
                throw new InputException(file, lineNo, line, "node ids must be integers; expected 'src dst [weight]'");
            }
            if (t.length == 3) {
                try {
                    w = Double.parseDouble(t[2]);
                } catch (NumberFormatException e) {
                    w = Double.NaN;
                }
                if (!Double.isFinite(w)) {
                    throw new InputException(file, lineNo, line, "weight '" + t[2] + "': expected a finite number");
                }
            }
            nodes.add(a);
            nodes.add(b);
            refs.add(new long[] {a, b, lineNo});
            weights.add(w);
        }
        double[] w = new double[weights.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i);
        }
        return build(file, nodes, refs, w);
    }

    private static DirectedGraph build(String file, java.util.Collection<Long> sortedIds, List<long[]> refs,
                                       double[] w) {
        if (refs.isEmpty()) {
            throw new InputException(file, "no entries: the graph has " + sortedIds.size() + " nodes and no edges");
        }
        long[] ids = new long[sortedIds.size()];
        int i = 0;
        for (long id : sortedIds) {
            ids[i++] = id;
        }
        int[] s = new int[refs.size()];
        int[] d = new int[refs.size()];
        for (int e = 0; e < s.length; e++) {
            s[e] = Arrays.binarySearch(ids, refs.get(e)[0]);
            d[e] = Arrays.binarySearch(ids, refs.get(e)[1]);
        }
        return new DirectedGraph(file, ids, s, d, w);
    }
}
