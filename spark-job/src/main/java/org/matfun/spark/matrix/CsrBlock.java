package org.matfun.spark.matrix;

import org.matfun.core.operator.SparseKernels;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * One row block of a {@link DistributedCsr} (DESIGN 3.1): the rows [rowStart, rowStart + rows) of A in CSR
 * form, with column indices remapped to [own rows | halo], where the halo is the sorted list of the global
 * columns outside the block. Because blocks are contiguous row ranges, the halo entries owned by block J form
 * the contiguous range [haloFrom[J], haloFrom[J + 1]) of the halo. {@code sendRows[J]} lists the local rows
 * block J needs from this block (the halo plan, computed once at load).
 */
public final class CsrBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    final int block;
    final long rowStart;
    final int rows;
    final int[] rowPtr;
    final int[] colIdx;
    final double[] values;
    final long[] halo;
    final int[] haloFrom;
    final int[][] sendRows;

    CsrBlock(int block, long rowStart, int rows, int[] rowPtr, int[] colIdx, double[] values, long[] halo,
             int[] haloFrom, int[][] sendRows) {
        this.block = block;
        this.rowStart = rowStart;
        this.rows = rows;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.halo = halo;
        this.haloFrom = haloFrom;
        this.sendRows = sendRows;
    }

    /**
     * Builds the block from its m entries (global coordinates; rows inside the block). Entries at the same
     * position are summed.
     */
    static CsrBlock build(int block, long[] rowStarts, long[] r, long[] c, double[] v, int m) {
        long start = rowStarts[block];
        int rows = (int) (rowStarts[block + 1] - start);
        long end = start + rows;
        long[] haloAll = new long[m];
        int h = 0;
        for (int e = 0; e < m; e++) {
            if (c[e] < start || c[e] >= end) {
                haloAll[h++] = c[e];
            }
        }
        Arrays.sort(haloAll, 0, h);
        int distinct = 0;
        for (int e = 0; e < h; e++) {
            if (distinct == 0 || haloAll[distinct - 1] != haloAll[e]) {
                haloAll[distinct++] = haloAll[e];
            }
        }
        long[] halo = Arrays.copyOf(haloAll, distinct);
        int[] count = new int[rows + 1];
        for (int e = 0; e < m; e++) {
            count[(int) (r[e] - start) + 1]++;
        }
        for (int i = 0; i < rows; i++) {
            count[i + 1] += count[i];
        }
        int[] fill = Arrays.copyOf(count, rows);
        int[] col = new int[m];
        double[] val = new double[m];
        for (int e = 0; e < m; e++) {
            int at = fill[(int) (r[e] - start)]++;
            col[at] = c[e] >= start && c[e] < end ? (int) (c[e] - start) : rows + Arrays.binarySearch(halo, c[e]);
            val[at] = v[e];
        }
        int[] ptr = SparseKernels.compressRows(count, rows, col, val);
        int out = ptr[rows];
        int blocks = rowStarts.length - 1;
        int[] haloFrom = new int[blocks + 1];
        int hp = 0;
        for (int b = 0; b < blocks; b++) {
            haloFrom[b] = hp;
            while (hp < halo.length && halo[hp] < rowStarts[b + 1]) {
                hp++;
            }
        }
        haloFrom[blocks] = halo.length;
        return new CsrBlock(block, start, rows, ptr, Arrays.copyOf(col, out), Arrays.copyOf(val, out), halo,
                haloFrom, new int[blocks][]);
    }

    /** The requests this block makes of each owner (one per owner with a nonempty halo range). */
    List<HaloRequestTo> requests(long[] rowStarts) {
        List<HaloRequestTo> out = new ArrayList<>();
        for (int j = 0; j + 1 < haloFrom.length; j++) {
            int s = haloFrom[j];
            int t = haloFrom[j + 1];
            if (s == t) {
                continue;
            }
            int[] local = new int[t - s];
            for (int p = s; p < t; p++) {
                local[p - s] = (int) (halo[p] - rowStarts[j]);
            }
            out.add(new HaloRequestTo(j, new HaloRequest(block, local)));
        }
        return out;
    }

    /** Pairs an owner block with the request addressed to it (driver-free plumbing, not shipped). */
    record HaloRequestTo(int owner, HaloRequest request) {
    }

    /** The same block with its send plan attached. */
    CsrBlock withSendPlan(Iterator<HaloRequest> requests) {
        int[][] send = new int[sendRows.length][];
        while (requests.hasNext()) {
            HaloRequest r = requests.next();
            send[r.requester()] = r.localRows();
        }
        return new CsrBlock(block, rowStart, rows, rowPtr, colIdx, values, halo, haloFrom, send);
    }

    /** Messages carrying {@code width} values per requested row of {@code data} (rows x width, row-major). */
    public List<scala.Tuple2<Integer, HaloMessage>> haloMessages(double[] data, int width) {
        List<scala.Tuple2<Integer, HaloMessage>> out = new ArrayList<>();
        for (int j = 0; j < sendRows.length; j++) {
            int[] rowsToSend = sendRows[j];
            if (rowsToSend == null) {
                continue;
            }
            double[] v = new double[rowsToSend.length * width];
            for (int p = 0; p < rowsToSend.length; p++) {
                System.arraycopy(data, rowsToSend[p] * width, v, p * width, width);
            }
            out.add(new scala.Tuple2<>(j, new HaloMessage(block, v)));
        }
        return out;
    }

    /**
     * Messages carrying {@code width} values per requested row, each row written by {@code source} (so a caller
     * can form only the rows other blocks need instead of the whole rows x width array).
     */
    public List<scala.Tuple2<Integer, HaloMessage>> haloMessages(RowSource source, int width) {
        List<scala.Tuple2<Integer, HaloMessage>> out = new ArrayList<>();
        for (int j = 0; j < sendRows.length; j++) {
            int[] rowsToSend = sendRows[j];
            if (rowsToSend == null) {
                continue;
            }
            double[] v = new double[rowsToSend.length * width];
            for (int p = 0; p < rowsToSend.length; p++) {
                source.row(rowsToSend[p], v, p * width);
            }
            out.add(new scala.Tuple2<>(j, new HaloMessage(block, v)));
        }
        return out;
    }

    /** Writes the width values of one local row into out[offset .. offset + width). */
    @FunctionalInterface
    public interface RowSource {
        void row(int localRow, double[] out, int offset);
    }

    /** [own rows | halo rows] x width: own data followed by the received halo values in halo order. */
    public double[] withHalo(double[] own, int width, Iterator<HaloMessage> messages) {
        double[] x = Arrays.copyOf(own, (rows + halo.length) * width);
        while (messages.hasNext()) {
            HaloMessage m = messages.next();
            System.arraycopy(m.values(), 0, x, (rows + haloFrom[m.sourceBlock()]) * width, m.values().length);
        }
        return x;
    }

    /** y = A_block x for x = [own | halo] x B. */
    public double[] multiply(double[] x, int blockSize) {
        double[] y = new double[rows * blockSize];
        SparseKernels.spmm(rowPtr, colIdx, values, rows, x, y, blockSize);
        return y;
    }

    public int rows() {
        return rows;
    }

    public int block() {
        return block;
    }

    /** Row pointers, length rows + 1 (shared, do not modify). */
    public int[] rowPointers() {
        return rowPtr;
    }

    /** Smallest stored value of the block (+Infinity for a block without entries). */
    public double minValue() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest sum of |values| over the block's rows (0 for an empty block): the block's part of ||A||_inf. */
    public double maxAbsRowSum() {
        double m = 0.0;
        for (int i = 0; i < rows; i++) {
            double s = 0.0;
            for (int p = rowPtr[i]; p < rowPtr[i + 1]; p++) {
                s += Math.abs(values[p]);
            }
            m = Math.max(m, s);
        }
        return m;
    }

    /** Local column indices into [own | halo] (shared, do not modify). */
    public int[] columnIndices() {
        return colIdx;
    }

    public long rowStart() {
        return rowStart;
    }

    public int nonzeros() {
        return colIdx.length;
    }

    public int haloSize() {
        return halo.length;
    }

    /** Global column of local column c. */
    public long globalColumn(int c) {
        return c < rows ? rowStart + c : halo[c - rows];
    }
}
