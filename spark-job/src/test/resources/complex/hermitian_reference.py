#!/usr/bin/env python3
"""Dense reference for ComplexBilinearCommandTest: F = u^H f(H) v and its exact entry gradients.

usage: hermitian_reference.py (gml PATH.gml.gz KIND Q | mtx PATH.mtx) (expi T | exp BRE BIM) U V [fd]
  KIND: adjacency | laplacian (the magnetic operator, MagNet: H_pq = w_s exp(i 2 pi q (a_pq - a_qp)),
        w_s = (w_pq + w_qp) / 2, duplicates summed, L = D_s - H); mtx: 'coordinate complex hermitian' (lower) or 'real symmetric'.
  U, V: 'node:ID' (GML ids are the 0-based node ids, mtx ids the 1-based rows), 'ones', 'file:PATH' (lines ID RE [IM]) or 'random:SEED'
        (VectorSpec.rademacher: +-1 from SplitMix64).
Prints 'value RE IM', 'norm X', 'dparam RE IM' (dF/dt or dF/dbeta), then one line 'g P Q dRe_re dRe_im dIm_re dIm_im' (ids) per stored entry p <= q.
With 'fd', also prints 'fd REL': central differences with scipy.linalg.expm on the 6 entries with the largest
gradient against the formula below, 2-norm relative (a self-check of the reference).
The gradient: with H = Q diag(lam) Q^H, a = Q^H u, b = Q^H v, dF[E] = sum_ij f[lam_i, lam_j] conj(a_i) b_j
(Q^H E Q)_ij (the Daleckii-Krein formula), so dF/dE_pq = K_pq with K = conj(Q) M Q^T, M_ij = f[lam_i, lam_j]
conj(a_i) b_j; dF/dRe A_pq = K_pq + K_qp, dF/dIm A_pq = i (K_pq - K_qp) (p < q), dF/dA_pp = K_pp.
"""
import gzip
import sys

import numpy as np
import scipy.linalg


def read_gml(path):
    nodes, edges, cur, in_edge = [], [], {}, False
    with gzip.open(path, "rt") as f:
        for line in f:
            t = line.split()
            if not t:
                continue
            if t[0] == "id" and not in_edge:
                nodes.append(int(t[1]))
            elif t[0] == "edge":
                in_edge, cur = True, {}
            elif in_edge and t[0] in ("source", "target", "value", "weight"):
                cur[t[0]] = float(t[1])
            elif t[0] == "]" and in_edge:
                edges.append((int(cur["source"]), int(cur["target"]), cur.get("value", cur.get("weight", 1.0))))
                in_edge = False
    ids = sorted(nodes)
    return ids, edges


def magnetic(ids, edges, kind, q):
    n = len(ids)
    index = {x: i for i, x in enumerate(ids)}
    w = np.zeros((n, n))
    a = np.zeros((n, n))
    for s, d, x in edges:
        w[index[s], index[d]] += x
        a[index[s], index[d]] = 1.0
    ws = (w + w.T) / 2
    stored = (a + a.T) > 0
    h = ws * np.exp(1j * 2 * np.pi * q * (a - a.T))
    if kind == "laplacian":
        h = np.diag(ws.sum(axis=1)) - h
        stored = stored | np.eye(n, dtype=bool)
    return h, stored


def read_mtx(path):
    with open(path) as f:
        lines = [l for l in f if l.strip() and not l.startswith("%")]
    n = int(lines[0].split()[0])
    h = np.zeros((n, n), dtype=complex)
    stored = np.zeros((n, n), dtype=bool)
    for l in lines[1:]:
        t = l.split()  # i j re im (complex) or i j value (real symmetric, either triangle)
        i, j, x, y = t[0], t[1], t[2], (t[3] if len(t) > 3 else "0")
        i, j = int(i) - 1, int(j) - 1
        h[i, j] += float(x) + 1j * float(y)
        if i != j:
            h[j, i] += float(x) - 1j * float(y)
        stored[i, j] = stored[j, i] = True
    return list(range(1, n + 1)), h, stored


M64 = (1 << 64) - 1


def splitmix64(x):
    """VectorSpec.splitMix64 (SplitMix64's finalizer of x + the golden gamma), on unsigned 64-bit words."""
    z = (x + 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def vector(spec, ids):
    x = np.zeros(len(ids), dtype=complex)
    if spec == "ones":
        x[:] = 1.0
    elif spec.startswith("file:"):
        with open(spec[5:]) as f:
            for line in f:
                t = line.split()
                if t and not t[0].startswith("#"):
                    x[ids.index(int(t[0]))] = float(t[1]) + 1j * float(t[2] if len(t) > 2 else 0.0)
    elif spec.startswith("random:"):
        seed = int(spec.split(":")[1]) & M64
        for i in range(len(ids)):
            x[i] = 1.0 if splitmix64(seed ^ splitmix64(i)) < (1 << 63) else -1.0
    else:
        x[ids.index(int(spec.split(":")[1]))] = 1.0
    return x


def divided(c, lam):
    """f[lam_i, lam_j] for f(x) = exp(c x), stably: exp(c m) c sinh(c d) / (c d), m, d the midpoint, half gap."""
    m = (lam[:, None] + lam[None, :]) / 2
    z = c * (lam[:, None] - lam[None, :]) / 2
    small = np.abs(z) < 1e-4
    zs = np.where(small, 1.0, z)
    shc = np.where(small, 1 + z * z / 6 + z ** 4 / 120, np.sinh(zs) / zs)
    return np.exp(c * m) * c * shc


def main(argv):
    if argv[0] == "gml":
        ids, edges = read_gml(argv[1])
        h, stored = magnetic(ids, edges, argv[2], float(argv[3]))
        rest = argv[4:]
    else:
        ids, h, stored = read_mtx(argv[1])
        rest = argv[2:]
    if rest[0] == "expi":
        c, dc = -1j * float(rest[1]), -1j
        rest = rest[2:]
    else:
        c, dc = complex(float(rest[1]), float(rest[2])), 1.0
        rest = rest[3:]
    u, v = vector(rest[0], ids), vector(rest[1], ids)
    lam, q = np.linalg.eigh(h)
    a, b = q.conj().T @ u, q.conj().T @ v
    f = np.exp(c * lam)
    value = np.sum(f * a.conj() * b)
    print("value %.17e %.17e" % (value.real, value.imag))
    print("norm %.17e" % np.max(np.abs(lam)))
    dparam = np.sum(dc * lam * f * a.conj() * b)
    print("dparam %.17e %.17e" % (dparam.real, dparam.imag))
    k = q.conj() @ (divided(c, lam) * np.outer(a.conj(), b)) @ q.T
    n = len(ids)
    for p in range(n):
        for r in range(p, n):
            if not stored[p, r]:
                continue
            if p == r:
                dre, dim = k[p, p], 0.0
            else:
                dre, dim = k[p, r] + k[r, p], 1j * (k[p, r] - k[r, p])
            dim = complex(dim)
            print("g %d %d %.17e %.17e %.17e %.17e" % (ids[p], ids[r], dre.real, dre.imag, dim.real, dim.imag))
    if len(rest) > 2 and rest[2] == "fd":
        # central differences of expm on the 6 stored entries with the largest gradient, 2-norm relative error
        entries = sorted(((p, r) for p in range(n) for r in range(p, n) if stored[p, r]),
                         key=lambda e: -abs(k[e[0], e[1]]))[:6]
        diff, norm = 0.0, 0.0
        for p, r in entries:
            for direction in ([1.0, 1j] if p != r else [1.0]):
                e = np.zeros((n, n), dtype=complex)
                e[p, r] += direction
                if p != r:
                    e[r, p] += np.conj(direction)
                eps = 1e-5 / max(1.0, abs(c) * np.max(np.abs(lam)))
                fp = u.conj() @ scipy.linalg.expm(c * (h + eps * e)) @ v
                fm = u.conj() @ scipy.linalg.expm(c * (h - eps * e)) @ v
                fd = (fp - fm) / (2 * eps)
                if p == r:
                    exact = k[p, p]
                elif direction == 1.0:
                    exact = k[p, r] + k[r, p]
                else:
                    exact = 1j * (k[p, r] - k[r, p])
                diff += abs(fd - exact) ** 2
                norm += abs(exact) ** 2
        print("fd %.3e" % np.sqrt(diff / norm))


if __name__ == "__main__":
    main(sys.argv[1:])
