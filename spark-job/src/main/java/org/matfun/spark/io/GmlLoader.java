package org.matfun.spark.io;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a GML graph into a {@link LoadedMatrix} (conventions in {@link MatrixReader}, section GML). The text is
 * parsed on the driver by a small tokenizer (GML values are nested lists, so lines cannot be parsed
 * independently); the entries are then distributed with {@code parallelize}. Cost: one read of the file, O(file)
 * driver memory, one shuffle of the id map.
 */
final class GmlLoader {

    private GmlLoader() {
    }

    static LoadedMatrix load(JavaSparkContext sc, String file, int minPartitions) throws IOException {
        Parsed g;
        try (TextFiles.Head head = TextFiles.open(sc.hadoopConfiguration(), file)) {
            g = parse(file, head.reader());
        }
        List<Long> ids = new ArrayList<>(g.nodes.keySet());
        Map<Long, Long> index = new HashMap<>();
        List<Tuple2<Long, Long>> map = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), (long) i);
            map.add(new Tuple2<>(ids.get(i), (long) i));
        }
        List<MatrixEntry> entries = new ArrayList<>();
        for (Map.Entry<Pair, double[]> e : g.edges.entrySet()) {
            Iterator<MatrixEntry> it = EdgeListLoader.mirror(index.get(e.getKey().lo), index.get(e.getKey().hi),
                    e.getValue()[0]);
            it.forEachRemaining(entries::add);
        }
        if (entries.isEmpty()) {
            throw new InputException(file, "no entries: the graph has " + ids.size() + " nodes and no edges");
        }
        JavaRDD<MatrixEntry> rdd = sc.parallelize(entries, minPartitions).persist(StorageLevel.MEMORY_AND_DISK());
        JavaPairRDD<Long, Long> idToIndex = sc.parallelizePairs(map, minPartitions)
                .partitionBy(new HashPartitioner(minPartitions)).persist(StorageLevel.MEMORY_AND_DISK());
        return new LoadedMatrix(file, ids.size(), entries.size(), rdd, idToIndex, true);
    }

    /** Nodes (id to declaring line, sorted by id) and undirected edges (weight, line). */
    static final class Parsed {
        final TreeMap<Long, Long> nodes = new TreeMap<>();
        final Map<Pair, double[]> edges = new HashMap<>();
    }

    /** An unordered pair of node ids, lo <= hi. */
    record Pair(long lo, long hi) {
        static Pair of(long a, long b) {
            return a <= b ? new Pair(a, b) : new Pair(b, a);
        }
    }

    /** Parses GML text (see the class comment of MatrixReader for what is accepted). */
    static Parsed parse(String file, BufferedReader in) throws IOException {
        Tokenizer t = new Tokenizer(file, in);
        Parsed g = new Parsed();
        boolean seenGraph = false;
        for (Token key = t.next(); key != null; key = t.next()) {
            Token value = t.require(key);
            if (key.text.equals("graph") && value.list) {
                if (seenGraph) {
                    throw t.error(key, "a second 'graph [' block; expected one graph per file");
                }
                seenGraph = true;
                graph(t, g);
            } else if (value.list) {
                t.skipList();
            }
        }
        if (!seenGraph) {
            throw new InputException(file, "no 'graph [ ... ]' block: not a GML graph");
        }
        return g;
    }

    private static void graph(Tokenizer t, Parsed g) throws IOException {
        List<long[]> edgeRefs = new ArrayList<>();
        List<double[]> weights = new ArrayList<>();
        for (Token key = t.next(); key != null && !key.close; key = t.next()) {
            Token value = t.require(key);
            if (key.text.equals("node") && value.list) {
                Map<String, Token> f = t.fields(key, "id");
                long id = t.integer(f.get("id"), "node id");
                Long previous = g.nodes.putIfAbsent(id, key.line);
                if (previous != null) {
                    throw t.error(key, "node id " + id + " is declared twice (also on line " + previous
                            + "); expected unique node ids");
                }
            } else if (key.text.equals("edge") && value.list) {
                Map<String, Token> f = t.fields(key, "source", "target");
                long s = t.integer(f.get("source"), "edge source");
                long d = t.integer(f.get("target"), "edge target");
                Token w = f.containsKey("weight") ? f.get("weight") : f.get("value");
                double weight = w == null ? 1.0 : t.number(w, "edge weight");
                edgeRefs.add(new long[] {s, d, key.line, f.get("source").line});
                weights.add(new double[] {weight});
            } else if (value.list) {
                t.skipList();
            }
        }
        for (int i = 0; i < edgeRefs.size(); i++) {
            long[] e = edgeRefs.get(i);
            for (int end = 0; end < 2; end++) {
                if (!g.nodes.containsKey(e[end])) {
                    throw new InputException(t.file, e[3], null, "edge " + (end == 0 ? "source " : "target ")
                            + e[end] + " is not a declared node id (no 'node [ id " + e[end] + " ]')");
                }
            }
            Pair p = Pair.of(e[0], e[1]);
            double w = weights.get(i)[0];
            double[] old = g.edges.putIfAbsent(p, new double[] {w, e[2]});
            if (old != null && Double.compare(old[0], w) != 0) {
                throw new InputException(t.file, e[2], null, "edge {" + p.lo + ", " + p.hi + "} has weight " + w
                        + " here but weight " + old[0] + " on line " + (long) old[1] + "; repeated edges (both"
                        + " directions, multigraph) must have the same weight");
            }
        }
    }

    /** One GML token: a word, a number, a string, '[' (list) or ']' (close). */
    static final class Token {
        final String text;
        final long line;
        final boolean list;
        final boolean close;
        final boolean string;

        Token(String text, long line, boolean list, boolean close, boolean string) {
            this.text = text;
            this.line = line;
            this.list = list;
            this.close = close;
            this.string = string;
        }
    }

    /** Splits GML into tokens, tracking 1-based line numbers. */
    static final class Tokenizer {
        private final String file;
        private final BufferedReader in;
        private long line;
        private String current;
        private int pos;

        Tokenizer(String file, BufferedReader in) {
            this.file = file;
            this.in = in;
        }

        Token next() throws IOException {
            while (true) {
                if (current == null || pos >= current.length()) {
                    current = in.readLine();
                    if (current == null) {
                        return null;
                    }
                    line++;
                    pos = 0;
                    continue;
                }
                char c = current.charAt(pos);
                if (Character.isWhitespace(c) || c == '\uFEFF') {
                    pos++;
                } else if (c == '#') {
                    pos = current.length();
                } else if (c == '[' || c == ']') {
                    pos++;
                    return new Token(String.valueOf(c), line, c == '[', c == ']', false);
                } else if (c == '"') {
                    return string();
                } else {
                    int start = pos;
                    while (pos < current.length() && !Character.isWhitespace(current.charAt(pos))
                            && current.charAt(pos) != '[' && current.charAt(pos) != ']') {
                        pos++;
                    }
                    return new Token(current.substring(start, pos), line, false, false, false);
                }
            }
        }

        private Token string() throws IOException {
            long startLine = line;
            StringBuilder sb = new StringBuilder();
            pos++;
            while (true) {
                int end = current.indexOf('"', pos);
                if (end >= 0) {
                    sb.append(current, pos, end);
                    pos = end + 1;
                    return new Token(sb.toString(), startLine, false, false, true);
                }
                sb.append(current.substring(pos)).append('\n');
                current = in.readLine();
                line++;
                pos = 0;
                if (current == null) {
                    throw new InputException(file, startLine, null, "string opened here is never closed");
                }
            }
        }

        /** The value after a key; a key without a value or a ']' where a value belongs is an error. */
        Token require(Token key) throws IOException {
            if (key.list || key.close || key.string) {
                throw error(key, "expected a key (a word such as node, edge, id), found '" + key.text + "'");
            }
            Token v = next();
            if (v == null || v.close) {
                throw error(key, "key '" + key.text + "' has no value");
            }
            return v;
        }

        /** Skips to the ']' closing a list whose '[' was just read. */
        void skipList() throws IOException {
            int depth = 1;
            long start = line;
            while (depth > 0) {
                Token t = next();
                if (t == null) {
                    throw new InputException(file, start, null, "list opened with '[' is never closed");
                }
                depth += t.list ? 1 : t.close ? -1 : 0;
            }
        }

        /** The scalar fields of a node/edge list whose '[' was just read; nested lists are skipped. */
        Map<String, Token> fields(Token owner, String... required) throws IOException {
            Map<String, Token> f = new HashMap<>();
            while (true) {
                Token key = next();
                if (key == null) {
                    throw error(owner, "'" + owner.text + " [' is never closed");
                }
                if (key.close) {
                    break;
                }
                Token value = require(key);
                if (value.list) {
                    skipList();
                } else {
                    f.putIfAbsent(key.text, value);
                }
            }
            for (String r : required) {
                if (!f.containsKey(r)) {
                    throw error(owner, "'" + owner.text + "' without '" + r + "'");
                }
            }
            return f;
        }

        long integer(Token t, String what) {
            try {
                if (t.string) {
                    throw new NumberFormatException();
                }
                return Long.parseLong(t.text);
            } catch (NumberFormatException e) {
                throw error(t, what + " '" + t.text + "' is not an integer (node ids must be integers: networkx's"
                        + " read_gml(label='id'))");
            }
        }

        double number(Token t, String what) {
            double x;
            try {
                if (t.string) {
                    throw new NumberFormatException();
                }
                x = Double.parseDouble(t.text);
            } catch (NumberFormatException e) {
                throw error(t, what + " '" + t.text + "' is not a number");
            }
            if (!Double.isFinite(x)) {
                throw error(t, what + " '" + t.text + "' is not finite");
            }
            return x;
        }

        InputException error(Token at, String problem) {
            return new InputException(file, at.line, at.text, problem);
        }
    }
}
