package org.matfun.core.hermitian;

import org.matfun.core.SharedMatrices;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of M. Newman's gzipped GML files in ../shared/data/networks (test scope): {@code node [ id N ]}
 * and {@code edge [ source S target T value W ]} records, one key per line, ids 0-based and contiguous
 * (../shared/data/README.md); value defaults to 1. Duplicate edge records are kept as they are.
 */
record NewmanGml(int n, int[] src, int[] dst, double[] w, boolean directed) {

    static NewmanGml read(String relative) {
        Path p = SharedMatrices.path(relative);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            int maxId = -1;
            boolean directed = false;
            int m = 0;
            int[] s = new int[1024];
            int[] t = new int[1024];
            double[] w = new double[1024];
            boolean inEdge = false;
            int cs = -1;
            int ct = -1;
            double cw = 1.0;
            String line;
            while ((line = in.readLine()) != null) {
                String[] tok = line.trim().split("\\s+");
                if (tok.length == 0 || tok[0].isEmpty()) {
                    continue;
                }
                switch (tok[0]) {
                    case "directed" -> directed = tok[1].equals("1");
                    case "id" -> maxId = Math.max(maxId, Integer.parseInt(tok[1]));
                    case "edge" -> {
                        inEdge = true;
                        cs = -1;
                        ct = -1;
                        cw = 1.0;
                    }
                    case "source" -> cs = Integer.parseInt(tok[1]);
                    case "target" -> ct = Integer.parseInt(tok[1]);
                    case "value" -> cw = Double.parseDouble(tok[1]);
                    case "]" -> {
                        if (inEdge) {
                            if (m == s.length) {
                                s = Arrays.copyOf(s, 2 * m);
                                t = Arrays.copyOf(t, 2 * m);
                                w = Arrays.copyOf(w, 2 * m);
                            }
                            s[m] = cs;
                            t[m] = ct;
                            w[m++] = cw;
                            inEdge = false;
                        }
                    }
                    default -> { }
                }
            }
            return new NewmanGml(maxId + 1, Arrays.copyOf(s, m), Arrays.copyOf(t, m), Arrays.copyOf(w, m), directed);
        } catch (IOException e) {
            throw new UncheckedIOException(p.toString(), e);
        }
    }
}
