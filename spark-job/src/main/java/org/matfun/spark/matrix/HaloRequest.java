package org.matfun.spark.matrix;

import java.io.Serializable;

/** Built once at load: block {@code requester} needs the rows {@code localRows} (local to the owner) of the owner block. */
public final class HaloRequest implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int requester;
    private final int[] localRows;

    public HaloRequest(int requester, int[] localRows) {
        this.requester = requester;
        this.localRows = localRows;
    }

    public int requester() {
        return requester;
    }

    public int[] localRows() {
        return localRows;
    }
}
