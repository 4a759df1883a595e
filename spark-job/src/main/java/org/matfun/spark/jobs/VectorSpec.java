package org.matfun.spark.jobs;

import java.io.Serializable;
import java.util.Locale;

/**
 * A vector u or v of the command line: {@code node:ID} (the unit vector at the node whose identifier in the
 * input file is ID; a 1-based row number for Matrix Market), {@code ones}, {@code random:SEED} (Rademacher
 * +-1 entries keyed by the internal index, so independent of the partitioning), or {@code file:PATH} (text lines
 * {@code ID VALUE}, blanks or a comma between them, {@code #}/{@code %} comments; ids as in the input, each at most
 * once; missing ids are zero; finite decimal values, at least one of them nonzero: see {@link StartVectors}).
 *
 * @param kind which form
 * @param id   the node identifier (NODE)
 * @param seed the seed (RANDOM)
 * @param path the file (FILE); for NODE, the id as written when it is not an integer (a string node id of an
 *             edge table), else null
 * @param text the specification as written
 */
public record VectorSpec(Kind kind, long id, long seed, String path, String text) implements Serializable {

    /** The four forms. */
    public enum Kind { NODE, ONES, RANDOM, FILE }

    /** What {@link #parse} accepts. */
    public static final String ACCEPTED = "node:ID, ones, random:SEED, file:PATH";

    /**
     * @throws IllegalArgumentException naming the text and the accepted forms if it is none of them
     */
    public static VectorSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty vector specification; expected one of " + ACCEPTED);
        }
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("ones")) {
            return new VectorSpec(Kind.ONES, 0, 0, null, t);
        }
        int colon = t.indexOf(':');
        String head = colon < 0 ? lower : lower.substring(0, colon);
        String rest = colon < 0 ? "" : t.substring(colon + 1).trim();
        try {
            switch (head) {
                case "node":
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("vector specification '" + t + "' has no node id");
                    }
                    try {
                        return new VectorSpec(Kind.NODE, Long.parseLong(rest), 0, null, t);
                    } catch (NumberFormatException e) {
                        return new VectorSpec(Kind.NODE, 0, 0, rest, t);
                    }
                case "random":
                    return new VectorSpec(Kind.RANDOM, 0, Long.parseLong(rest), null, t);
                case "file":
                    if (rest.isEmpty()) {
                        throw new IllegalArgumentException("vector specification '" + t + "' has no path");
                    }
                    return new VectorSpec(Kind.FILE, 0, 0, rest, t);
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vector specification '" + t + "': '" + rest
                    + "' is not an integer; expected one of " + ACCEPTED);
        }
        throw new IllegalArgumentException("unknown vector specification '" + t + "'; expected one of " + ACCEPTED);
    }

    /** @return the node id as written (NODE): the integer, or the string id */
    public String nodeLabel() {
        return path != null ? path : Long.toString(id);
    }

    /** Entry of {@code random:SEED} at internal index i: +1 or -1 from SplitMix64. */
    public static double rademacher(long seed, long index) {
        long r = splitMix64(seed ^ splitMix64(index));
        return r >= 0 ? 1.0 : -1.0;
    }

    /** The SplitMix64 finalizer (Steele, Lea and Flood 2014), applied to x + golden gamma. */
    static long splitMix64(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return text;
    }
}
