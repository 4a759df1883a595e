package org.matfun.spark.io;

import java.io.Serializable;

/**
 * Shuffle key of the readers: the unordered pair {lo, hi} ({@code lo <= hi}) of two row numbers or node ids.
 * Public only so that {@code SparkClasses} can register it with Kryo; not part of the reading API.
 */
public final class PairKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long lo;
    private final long hi;

    /**
     * The key of the unordered pair {a, b}.
     *
     * @param a one end (row number or node id)
     * @param b the other end
     */
    public PairKey(long a, long b) {
        this.lo = Math.min(a, b);
        this.hi = Math.max(a, b);
    }

    /** @return the smaller end */
    public long lo() {
        return lo;
    }

    /** @return the larger end ({@code >= lo()}) */
    public long hi() {
        return hi;
    }

    /** @return true if both ends are the same (a diagonal entry, a self-loop) */
    public boolean isDiagonal() {
        return lo == hi;
    }

    /** Orders by lo, then hi. */
    int compareTo(PairKey o) {
        int c = Long.compare(lo, o.lo);
        return c != 0 ? c : Long.compare(hi, o.hi);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PairKey)) {
            return false;
        }
        PairKey k = (PairKey) o;
        return lo == k.lo && hi == k.hi;
    }

    @Override
    public int hashCode() {
        long h = lo * 0x9E3779B97F4A7C15L + hi;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "{" + lo + ", " + hi + "}";
    }
}
