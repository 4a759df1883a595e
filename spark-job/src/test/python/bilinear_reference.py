#!/usr/bin/env python3
"""Independent dense reference for matfun's bilinear forms F = u^T f(A) v and their gradients.

Method: dense symmetric eigendecomposition A = U diag(lam) U^T (numpy.linalg.eigh, LAPACK dsyevd), done per
connected component of the stored pattern (A is block diagonal in that ordering, so this is the same
decomposition, only cheaper; --no-split does one eigh of the whole matrix).

  value               F = sum_j a_j b_j f(lam_j),  a = U^T u,  b = U^T v
  matrix gradient     G = U (Gamma o (a b^T)) U^T,  Gamma_jl = f[lam_j, lam_l]  (Daleckii-Krein)
  edge gradient       dF/dw_pq = G_pq + G_qp (p != q),  G_pp (self-loop)
                      computed as (U S U^T)_pq with S = Gamma o (a b^T + b a^T)  (halved on the diagonal)
  parameter gradient  dF/ds = sum_j a_j b_j d f_s(lam_j)/ds

Scaling (as matfun, DESIGN 2.6): exp uses logScale L = beta*lam_max (beta >= 0) or beta*lam_min (beta < 0) when
|L| > 200, power uses L = p*log(c), c = max|lam| (p >= 0) or min|lam| (p < 0), when |L| > 200; else L = 0.
f is evaluated as f(x) e^{-L}; logAbsValue and sign are always reported, value is null when it is not finite.
Gradients (edge CSV and gradientParameter) are reported in the same scale: true gradient = reported * e^L.

Run with --help for the interface, --self-check for the built-in checks. Only numpy, scipy and networkx
(networkx only for --self-check; mpmath optional) are used. Exit codes: 0 ok, 1 a self-check failed,
2 bad input (message on stderr).
"""

import argparse
import gzip
import json
import math
import os
import re
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

LONG_MIN = -(1 << 63)
LONG_MAX = (1 << 63) - 1
MASK64 = (1 << 64) - 1
SCALE_THRESHOLD = 200.0
DOMAIN_REL_TOL = 1e-12
DEFAULT_MAX_N = 15000
KARATE = "/work/shared/data/networks/karate.mtx.gz"
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")


class InputError(Exception):
    """Bad input: reported on stderr, exit code 2."""


# ----------------------------------------------------------------------------------------------- parsing helpers

def open_text(path):
    """Text lines of a plain or gzip file (name ending .gz); CR, LF and CRLF all end a line."""
    try:
        if path.endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8", errors="replace")
        return open(path, "r", encoding="utf-8", errors="replace")
    except OSError as e:
        raise InputError("cannot open %s: %s" % (path, e))


def parse_long(token, what, where):
    """A Java long (decimal, optional sign), as Long.parseLong accepts it."""
    if not _INT_RE.match(token):
        raise InputError("%s: expected an integer %s, found '%s'" % (where, what, token))
    v = int(token)
    if v < LONG_MIN or v > LONG_MAX:
        raise InputError("%s: %s %s is outside the 64-bit signed range" % (where, what, token))
    return v


def parse_finite(token, what, where):
    """A finite double (Python float syntax without '_', inf and nan)."""
    if "_" in token:
        raise InputError("%s: expected a number as %s, found '%s'" % (where, what, token))
    try:
        v = float(token)
    except ValueError:
        raise InputError("%s: expected a number as %s, found '%s'" % (where, what, token))
    if not math.isfinite(v):
        raise InputError("%s: expected a finite number as %s, found '%s'" % (where, what, token))
    return v


def is_blank_or_comment(s):
    return not s or s[0] == "#" or s[0] == "%"


# ------------------------------------------------------------------------------------------------------ matrices

class Matrix:
    """A symmetric matrix as its stored undirected pairs.

    n           order; indices 0..n-1
    lo, hi      int64 arrays, one entry per stored pair {lo, hi} with lo <= hi (0-based internal indices),
                sorted by (lo, hi); explicitly stored zeros are kept
    val         float64 values, A[lo, hi] = A[hi, lo] = val
    ids         int64 array: original id of each internal index (mtx: 1-based row number; edge list: node id)
    """

    def __init__(self, n, lo, hi, val, ids, source, fmt):
        order = np.lexsort((hi, lo))
        self.n = int(n)
        self.lo = np.asarray(lo, dtype=np.int64)[order]
        self.hi = np.asarray(hi, dtype=np.int64)[order]
        self.val = np.asarray(val, dtype=np.float64)[order]
        self.ids = np.asarray(ids, dtype=np.int64)
        self.source = source
        self.fmt = fmt

    @property
    def nnz(self):
        """Stored positions of the full matrix (both triangles): 2 * off-diagonal pairs + diagonal pairs."""
        return int(2 * np.count_nonzero(self.lo != self.hi) + np.count_nonzero(self.lo == self.hi))

    @property
    def diagonal_count(self):
        return int(np.count_nonzero(self.lo == self.hi))

    def index_of(self, node_id, where):
        """Internal index of an original id."""
        i = int(np.searchsorted(self.ids, node_id))
        if i >= self.n or self.ids[i] != node_id:
            if self.fmt == "mtx":
                raise InputError("%s: node id %d is not a row of the matrix (Matrix Market ids are 1..%d)"
                                 % (where, node_id, self.n))
            raise InputError("%s: node id %d does not occur in the edge list %s" % (where, node_id, self.source))
        return i

    def to_csr(self):
        """The full matrix (both triangles) as CSR, explicit zeros kept."""
        off = self.lo != self.hi
        r = np.concatenate([self.lo, self.hi[off]])
        c = np.concatenate([self.hi, self.lo[off]])
        d = np.concatenate([self.val, self.val[off]])
        m = sp.csr_array((d, (r, c)), shape=(self.n, self.n))
        m.sort_indices()
        return m

    def to_dense(self):
        A = np.zeros((self.n, self.n))
        A[self.lo, self.hi] = self.val
        A[self.hi, self.lo] = self.val
        return A


def read_mtx(path):
    """Matrix Market coordinate real|integer|pattern symmetric|general, as matfun's MatrixMarketLoader."""
    with open_text(path) as f:
        banner = f.readline()
        if banner == "":
            raise InputError("%s: no entries: the file is empty" % path)
        if banner.startswith("\ufeff"):
            banner = banner[1:]
        t = banner.split()
        if not t or t[0].lower() != "%%matrixmarket" or len(t) != 5:
            raise InputError("%s:1: not a Matrix Market coordinate banner "
                             "'%%%%MatrixMarket matrix coordinate <real|integer|pattern> <symmetric|general>'"
                             % path)
        obj, fmt, field, symmetry = (x.lower() for x in t[1:])
        if obj != "matrix" or fmt != "coordinate":
            raise InputError("%s:1: Matrix Market '%s %s' is not supported: expected 'matrix coordinate'"
                             % (path, t[1], t[2]))
        if field not in ("real", "integer", "pattern"):
            raise InputError("%s:1: Matrix Market field '%s' is not supported: expected real, integer or pattern"
                             % (path, t[3]))
        if symmetry not in ("symmetric", "general"):
            raise InputError("%s:1: Matrix Market symmetry '%s' is not supported: expected symmetric or general"
                             % (path, t[4]))
        lineno = 1
        size = None
        for raw in f:
            lineno += 1
            s = raw.strip()
            if is_blank_or_comment(s):
                continue
            size = s.split()
            break
        if size is None:
            raise InputError("%s: no size line 'rows cols entries' after the banner" % path)
        where = "%s:%d" % (path, lineno)
        if len(size) != 3 or not all(_INT_RE.match(x) for x in size):
            raise InputError("%s: expected the size line 'rows cols entries' (3 integers)" % where)
        rows, cols, declared = (int(x) for x in size)
        if rows < 1 or cols < 1 or declared < 0:
            raise InputError("%s: size line: expected rows >= 1, cols >= 1, entries >= 0" % where)
        if rows != cols:
            raise InputError("%s: matrix is not square (%d rows, %d columns)" % (where, rows, cols))
        n = rows
        expected = 2 if field == "pattern" else 3
        # (lo, hi) -> [lowerSum, lowerCount, upperSum, upperCount, lowerLine, upperLine]
        pairs = {}
        found = 0
        for raw in f:
            lineno += 1
            s = raw.strip()
            if is_blank_or_comment(s):
                continue
            where = "%s:%d" % (path, lineno)
            tok = s.split()
            if len(tok) != expected:
                raise InputError("%s: expected %d columns (%s matrix), found %d: '%s'"
                                 % (where, expected, field, len(tok), s))
            r = parse_long(tok[0], "row index", where)
            c = parse_long(tok[1], "column index", where)
            for what, idx in (("row", r), ("column", c)):
                if idx < 1 or idx > n:
                    raise InputError("%s: %s index %d is out of range 1..%d" % (where, what, idx, n))
            if field == "pattern":
                value = 1.0
            elif field == "integer":
                value = float(parse_long(tok[2], "integer value", where))
            else:
                value = parse_finite(tok[2], "value in column 3", where)
            found += 1
            key = (min(r, c), max(r, c))
            e = pairs.get(key)
            if e is None:
                e = pairs[key] = [0.0, 0, 0.0, 0, 0, 0]
            if r >= c:
                e[0] += value
                e[1] += 1
                e[4] = e[4] or lineno
            else:
                e[2] += value
                e[3] += 1
                e[5] = e[5] or lineno
    if found == 0:
        raise InputError("%s: no entries after the size line" % path)
    if found != declared:
        raise InputError("%s: the size line declares %d entries but the file has %d entry lines"
                         % (path, declared, found))
    lo, hi, val = [], [], []
    for (a, b), e in pairs.items():
        if a != b:
            both = e[1] > 0 and e[3] > 0
            if symmetry == "symmetric" and both:
                raise InputError("%s: declared 'symmetric' (one triangle stored) but gives both A(%d,%d) (line %d)"
                                 " and A(%d,%d) (line %d)" % (path, b, a, e[4], a, b, e[5]))
            if symmetry == "general" and (not both or e[0] != e[2]):
                raise InputError("%s: declared 'general' but not symmetric at A(%d,%d) = %r, A(%d,%d) = %r"
                                 % (path, a, b, e[2] if e[3] else 0.0, b, a, e[0] if e[1] else 0.0))
        lo.append(a - 1)
        hi.append(b - 1)
        val.append(e[0] if e[1] > 0 else e[2])
    return Matrix(n, lo, hi, val, np.arange(1, n + 1, dtype=np.int64), path, "mtx")


def read_edgelist(path):
    """SNAP-style undirected edge list 'src dst [weight]', as matfun's EdgeListLoader (networkx Graph semantics)."""
    pairs = {}  # (lo_id, hi_id) -> (weight, first line)
    lineno = 0
    with open_text(path) as f:
        for raw in f:
            lineno += 1
            s = raw.strip()
            if is_blank_or_comment(s):
                continue
            where = "%s:%d" % (path, lineno)
            tok = s.split(None, 3)[:3]
            if len(tok) < 2:
                raise InputError("%s: expected 'src dst [weight]' with at least 2 columns: '%s'" % (where, s))
            a = parse_long(tok[0], "node id in column 1", where)
            b = parse_long(tok[1], "node id in column 2", where)
            w = parse_finite(tok[2], "weight in column 3", where) if len(tok) > 2 else 1.0
            key = (a, b) if a <= b else (b, a)
            old = pairs.get(key)
            if old is None:
                pairs[key] = (w, lineno)
            elif old[0] != w:
                raise InputError("%s: edge {%d, %d} has weight %r here but weight %r on line %d; an undirected edge"
                                 " list gives each unordered pair one weight" % (where, key[0], key[1], w,
                                                                                old[0], old[1]))
    if not pairs:
        raise InputError("%s: no entries: no edge lines" % path)
    keys = np.array(list(pairs.keys()), dtype=np.int64).reshape(-1, 2)
    w = np.array([v[0] for v in pairs.values()], dtype=np.float64)
    ids = np.unique(keys.ravel())
    lo = np.searchsorted(ids, keys[:, 0])
    hi = np.searchsorted(ids, keys[:, 1])
    return Matrix(len(ids), lo, hi, w, ids, path, "edgelist")


def read_matrix(path, fmt):
    if not os.path.exists(path):
        raise InputError("matrix file not found: %s" % path)
    return read_mtx(path) if fmt == "mtx" else read_edgelist(path)


# ------------------------------------------------------------------------------------------------------- vectors

def splitmix64_int(x):
    """Reference scalar splitmix64 on Python ints (unsigned 64-bit)."""
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def splitmix64_np(x):
    """Vectorized splitmix64 on numpy uint64 arrays (wrap-around arithmetic)."""
    x = np.asarray(x, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def random_signs(seed, n):
    """random:SEED: entry i = +1 if the top bit of splitmix64(seed ^ splitmix64(i)) is 0, else -1."""
    s = np.uint64(seed & MASK64)
    r = splitmix64_np(s ^ splitmix64_np(np.arange(n, dtype=np.uint64)))
    return np.where((r >> np.uint64(63)) == 0, 1.0, -1.0)


def random_signs_reference(seed, n):
    s = seed & MASK64
    return np.array([1.0 if splitmix64_int(s ^ splitmix64_int(i)) >> 63 == 0 else -1.0 for i in range(n)])


def read_vector_file(path, mat, where):
    if not os.path.exists(path):
        raise InputError("%s: vector file not found: %s" % (where, path))
    x = np.zeros(mat.n)
    seen = {}
    lineno = 0
    with open_text(path) as f:
        for raw in f:
            lineno += 1
            s = raw.strip()
            if is_blank_or_comment(s):
                continue
            w = "%s:%d" % (path, lineno)
            tok = s.split()
            if len(tok) != 2:
                raise InputError("%s: expected 'ID VALUE' (2 columns), found %d: '%s'" % (w, len(tok), s))
            node = parse_long(tok[0], "node id", w)
            value = parse_finite(tok[1], "value", w)
            if node in seen:
                raise InputError("%s: node id %d already given on line %d" % (w, node, seen[node]))
            seen[node] = lineno
            x[mat.index_of(node, w)] = value
    return x


def make_vector(spec, mat, name):
    where = "--%s %s" % (name, spec)
    s = spec.strip()
    if s == "ones":
        return np.ones(mat.n)
    kind, _, arg = s.partition(":")
    kind = kind.strip().lower()
    arg = arg.strip()
    if kind == "node" and arg:
        x = np.zeros(mat.n)
        x[mat.index_of(parse_long(arg, "node id", where), where)] = 1.0
        return x
    if kind == "random" and arg:
        return random_signs(parse_long(arg, "seed", where), mat.n)
    if kind == "file" and arg:
        return read_vector_file(arg, mat, where)
    raise InputError("%s: expected node:ID, ones, random:SEED or file:PATH" % where)


# ----------------------------------------------------------------------------------------------------- functions

class Function:
    """f with vectorized value, first divided difference and parameter derivative, all times e^{-L}."""
    name = None
    param_name = None
    param = None
    domain = "real"  # real | nonneg | pos

    def log_scale(self, lo, hi):
        return 0.0

    def spec(self):
        return self.name if self.param_name is None else "%s:%s=%r" % (self.name, self.param_name, self.param)


class Exp(Function):
    name, param_name = "exp", "beta"

    def __init__(self, beta):
        self.param = beta

    def log_scale(self, lo, hi):
        natural = self.param * hi if self.param >= 0 else self.param * lo
        return natural if abs(natural) > SCALE_THRESHOLD else 0.0

    def value(self, x, L):
        return np.exp(self.param * x - L)

    def dd(self, x, y, L):
        beta = self.param
        bx = beta * x
        by = beta * y
        t = 0.5 * (bx - by)          # beta * h, h = (x - y) / 2
        at = np.abs(t)
        m = 0.5 * bx + 0.5 * by      # beta * m, m = (x + y) / 2
        with np.errstate(all="ignore"):
            sinhc = np.where(t == 0.0, 1.0, np.sinh(t) / np.where(t == 0.0, 1.0, t))
            near = beta * np.exp(m - L) * sinhc
            # |t| >= 1: e^{beta m} sinh(t) / t = e^{max(bx, by)} (1 - e^{-2|t|}) / (2|t|), no overflow of sinh
            far = beta * np.exp(np.maximum(bx, by) - L) * (-np.expm1(-2.0 * at)) / (2.0 * np.where(at == 0, 1, at))
        return np.where(at < 1.0, near, far)

    def dparam(self, x, L):
        return x * np.exp(self.param * x - L)


class Power(Function):
    name, param_name = "power", "p"

    def __init__(self, p):
        self.param = p
        self.integer = p >= 0 and p == math.floor(p) and p <= (1 << 20)
        self.domain = "real" if self.integer else ("nonneg" if p > 0 else "pos")
        self.c = 1.0

    def log_scale(self, lo, hi):
        p = self.param
        c = max(abs(lo), abs(hi)) if p >= 0 else min(abs(lo), abs(hi))
        self.c = 1.0
        if not (c > 0) or not math.isfinite(c):
            return 0.0
        natural = p * math.log(c)
        if abs(natural) > SCALE_THRESHOLD:
            self.c = c
            return natural
        return 0.0

    def pw(self, x):
        p = self.param
        at0 = 1.0 if p == 0 else (0.0 if p > 0 else math.inf)
        with np.errstate(all="ignore"):
            return np.where(x == 0.0, at0, np.power(x / self.c, p))

    def value(self, x, L):
        return self.pw(x)

    def derivative(self, x):
        p = self.param
        if p == 0:
            return np.zeros_like(x)
        at0 = (1.0 / self.c) if p == 1 else (0.0 if p > 1 else math.inf)
        with np.errstate(all="ignore"):
            return np.where(x == 0.0, at0, p * self.pw(x) / np.where(x == 0.0, 1.0, x))

    def _dd_nonneg(self, x, y):
        """x, y >= 0, x != y."""
        p = self.param
        big = np.maximum(x, y)
        small = np.minimum(x, y)
        with np.errstate(all="ignore"):
            pb = self.pw(big)
            ratio = small / big
            L = np.where(ratio > 0.5, np.log1p((small - big) / big), np.log(np.where(ratio > 0, ratio, 1.0)))
            general = -pb * np.expm1(p * L) / (big - small)
            return np.where(small == 0.0, pb / big, general)

    def dd(self, x, y, L):
        p = self.param
        x, y = np.broadcast_arrays(x, y)
        if p == 0:
            return np.zeros(x.shape)
        out = np.empty(x.shape)
        eq = x == y
        out[eq] = self.derivative(x[eq])
        nn = ~eq & (x >= 0) & (y >= 0)
        out[nn] = self._dd_nonneg(x[nn], y[nn])
        np_ = ~eq & ~nn & (x <= 0) & (y <= 0)
        if np.any(np_):  # integer p only: f[a, b] = (-1)^(p+1) g[-a, -b]
            g = self._dd_nonneg(-x[np_], -y[np_])
            out[np_] = -g if int(p) % 2 == 0 else g
        opp = ~eq & ~nn & ~np_
        if np.any(opp):  # opposite signs (integer p only): no cancellation in x - y
            xo, yo = x[opp], y[opp]
            out[opp] = (self.pw(xo) - self.pw(yo)) / (xo - yo)
        return out

    def dparam(self, x, L):
        with np.errstate(all="ignore"):
            return np.where(x == 0.0, 0.0, self.pw(x) * np.log(np.where(x == 0.0, 1.0, np.abs(x))))


class Log(Function):
    name, domain = "log", "pos"

    def value(self, x, L):
        return np.log(x)

    def dd(self, x, y, L):
        big = np.maximum(x, y)
        small = np.minimum(x, y)
        with np.errstate(all="ignore"):
            ratio = small / big
            Lr = np.where(ratio > 0.5, np.log1p((small - big) / big), np.log(ratio))
            return np.where(big == small, 1.0 / big, -Lr / (big - small))


class Inverse(Function):
    name, domain = "inverse", "pos"

    def value(self, x, L):
        return 1.0 / x

    def dd(self, x, y, L):
        return -1.0 / (x * y)


class Sqrt(Function):
    name, domain = "sqrt", "nonneg"

    def value(self, x, L):
        return np.sqrt(x)

    def dd(self, x, y, L):
        with np.errstate(divide="ignore"):
            return 1.0 / (np.sqrt(x) + np.sqrt(y))


ACCEPTED = "exp:beta=<real> (default beta=1), power:p=<real>, log, inverse, sqrt"


def parse_function(spec):
    """Same grammar as matfun's MatrixFunction.parse."""
    if spec is None or not spec.strip():
        raise InputError("empty function specification; expected one of " + ACCEPTED)
    s = spec.strip()
    name, colon, rest = s.partition(":")
    name = name.strip().lower()
    params = {}
    if colon:
        for part in rest.split(","):
            key, eq, val = part.partition("=")
            if not eq:
                raise InputError("function parameter '%s' in '%s' is not of the form name=value" % (part.strip(), spec))
            params[key.strip().lower()] = parse_finite(val.strip(), "function parameter " + key.strip(), spec)
    allowed = {"exp": "beta", "power": "p"}.get(name)
    if name not in ("exp", "power", "log", "inverse", "sqrt"):
        raise InputError("unknown function '%s' in '%s'; expected one of %s" % (name, spec, ACCEPTED))
    for k in params:
        if k != allowed:
            raise InputError("unknown parameter '%s' in '%s'; %s" % (
                k, spec, "this function takes no parameter" if allowed is None else "expected " + allowed))
    if name == "exp":
        return Exp(params.get("beta", 1.0))
    if name == "power":
        if "p" not in params:
            raise InputError("'%s' needs the parameter p, e.g. power:p=2.5" % spec)
        return Power(params["p"])
    return {"log": Log, "inverse": Inverse, "sqrt": Sqrt}[name]()


# --------------------------------------------------------------------------------------------------- computation

def _groups(labels):
    """Index arrays (ascending) of each label value."""
    order = np.argsort(labels, kind="stable")
    cuts = np.flatnonzero(np.diff(labels[order])) + 1
    return np.split(order, cuts)


def _gamma_times(fn, lam, a, b, L, block=512):
    """S = Gamma o (a b^T + b a^T), Gamma_jl = f[lam_j, lam_l], built in row blocks."""
    k = len(lam)
    S = np.empty((k, k))
    for r0 in range(0, k, block):
        r1 = min(k, r0 + block)
        G = fn.dd(lam[r0:r1, None], lam[None, :], L)
        S[r0:r1] = G * (np.outer(a[r0:r1], b) + np.outer(b[r0:r1], a))
    return S


def evaluate(mat, fn, u, v, want_edges=False, want_param=False, split=True, dense=None):
    """F = u^T f(A) v and optional gradients; returns a dict (see main for the fields).

    dense: optional dense matrix overriding mat's values (same pattern; used by the finite-difference checks).
    """
    t0 = time.time()
    n = mat.n
    if split:
        csr = mat.to_csr()
        ncomp, labels = connected_components(csr, directed=False)
    else:
        ncomp, labels = 1, np.zeros(n, dtype=np.int64)
    comps = _groups(labels)
    edge_comp = labels[mat.lo]
    edge_groups = {int(edge_comp[g[0]]): g for g in _groups(edge_comp)} if len(edge_comp) else {}
    local = np.empty(n, dtype=np.int64)
    full = dense
    blocks = []
    t_eig = 0.0
    for idx in comps:
        c = int(labels[idx[0]])
        local[idx] = np.arange(len(idx))
        k = len(idx)
        if full is not None:
            Ac = full[np.ix_(idx, idx)]
        else:
            Ac = np.zeros((k, k))
            eg = edge_groups.get(c)
            if eg is not None:
                p, q = local[mat.lo[eg]], local[mat.hi[eg]]
                Ac[p, q] = mat.val[eg]
                Ac[q, p] = mat.val[eg]
        touched = bool(np.any(u[idx] != 0) and np.any(v[idx] != 0))
        te = time.time()
        if touched:
            lam, U = np.linalg.eigh(Ac)
        else:
            lam, U = np.linalg.eigvalsh(Ac), None
        t_eig += time.time() - te
        blocks.append((c, idx, lam, U))
    all_lam = np.concatenate([bl[2] for bl in blocks])
    lo, hi = float(all_lam.min()), float(all_lam.max())
    scale = max(abs(lo), abs(hi))
    tol = DOMAIN_REL_TOL * scale
    if fn.domain == "nonneg" and lo < -tol:
        raise InputError("%s needs a positive semidefinite matrix, but A has the eigenvalue %r (< -%g)"
                         % (fn.spec(), lo, tol))
    if fn.domain == "pos" and lo <= tol:
        raise InputError("%s needs a positive definite matrix, but A has the eigenvalue %r (<= %g%s)"
                         % (fn.spec(), lo, tol, ": singular or nearly so" if lo > -tol else ""))
    clamped = 0
    if fn.domain == "nonneg":
        for bl in blocks:
            clamped += int(np.count_nonzero(bl[2] < 0))
            bl[2][bl[2] < 0] = 0.0
        lo = max(lo, 0.0)
    L = fn.log_scale(lo, hi)
    terms = []
    dparam = []
    grad = np.zeros(len(mat.lo)) if want_edges else None
    t_grad = 0.0
    for c, idx, lam, U in blocks:
        if U is None:
            continue
        a = U.T @ u[idx]
        b = U.T @ v[idx]
        ab = a * b
        terms.append(ab * fn.value(lam, L))
        if want_param:
            dparam.append(ab * fn.dparam(lam, L))
        eg = edge_groups.get(c)
        if want_edges and eg is not None:
            tg = time.time()
            W = U @ _gamma_times(fn, lam, a, b, L)
            p, q = local[mat.lo[eg]], local[mat.hi[eg]]
            g = np.empty(len(eg))
            for s0 in range(0, len(eg), 2048):
                s1 = min(len(eg), s0 + 2048)
                g[s0:s1] = np.einsum("ij,ij->i", W[p[s0:s1]], U[q[s0:s1]])
            g[p == q] *= 0.5
            grad[eg] = g
            del W
            t_grad += time.time() - tg
    scaled = math.fsum(np.concatenate(terms)) if terms else 0.0
    with np.errstate(over="ignore"):
        value = scaled * math.exp(L) if L <= 709.0 else (scaled * math.inf if scaled != 0 else 0.0)
    res = {
        "scaled": scaled, "logScale": L,
        "value": value if math.isfinite(value) else None,
        "logAbsValue": (math.log(abs(scaled)) + L) if scaled != 0 else None,
        "sign": int(np.sign(scaled)),
        "lambdaMin": float(all_lam.min()), "lambdaMax": float(all_lam.max()),
        "components": int(ncomp), "eigenvectorComponents": sum(1 for bl in blocks if bl[3] is not None),
        "largestComponent": int(max(len(bl[1]) for bl in blocks)),
        "clampedEigenvalues": clamped,
        "eighSeconds": t_eig, "gradientSeconds": t_grad, "computeSeconds": time.time() - t0,
    }
    if want_param:
        gp = math.fsum(np.concatenate(dparam)) if dparam else 0.0
        res["gradientParameter"] = gp if math.isfinite(gp) else None
    if want_edges:
        res["edgeGradient"] = grad
    return res


# ----------------------------------------------------------------------------------------------------- output

def fmt_double(x):
    """Shortest round-trip decimal (repr); non-finite as Java's Double.toString spells it."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(float(x))


def write_gradient_csv(path, mat, grad):
    src = mat.ids[mat.lo]
    dst = mat.ids[mat.hi]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("src,dst,gradient\n")
        f.writelines("%d,%d,%s\n" % (s, d, fmt_double(g)) for s, d, g in zip(src.tolist(), dst.tolist(),
                                                                               grad.tolist()))
    os.replace(tmp, path)


def method_string():
    return "dense eigh (numpy %s / LAPACK dsyevd, scipy %s)" % (np.__version__, scipy.__version__)


# ----------------------------------------------------------------------------------------------------- self-check

class Checks:
    def __init__(self):
        self.failed = []

    def check(self, name, ok, detail):
        print("[%s] %s: %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)
        if not ok:
            self.failed.append(name)


def check_reader(chk, mat, path, fmt):
    t0 = time.time()
    mine = mat.to_csr()
    if fmt == "edgelist":
        import networkx as nx
        weighted = False
        with open_text(path) as f:
            for raw in f:
                s = raw.strip()
                if not is_blank_or_comment(s) and len(s.split()) >= 3:
                    weighted = True
                    break
        G = nx.read_edgelist(path, nodetype=int, data=(("weight", float),) if weighted else True)
        ref = nx.to_scipy_sparse_array(G, nodelist=sorted(G.nodes()), format="csr")
        label = "networkx %s read_edgelist + to_scipy_sparse_array" % nx.__version__
        ids_ok = np.array_equal(np.array(sorted(G.nodes()), dtype=np.int64), mat.ids)
    else:
        import scipy.io
        ref = sp.csr_array(scipy.io.mmread(path))
        label = "scipy.io.mmread"
        ids_ok = True
    ref = sp.csr_array(ref, dtype=np.float64)
    ref.sum_duplicates()
    ref.sort_indices()
    same = (ref.shape == mine.shape and ids_ok and np.array_equal(ref.indptr, mine.indptr)
            and np.array_equal(ref.indices, mine.indices) and np.array_equal(ref.data, mine.data))
    chk.check("reader vs " + label, same,
              "n=%d nnz=%d (reference n=%d nnz=%d), undirected pairs=%d, diagonal entries=%d, max |diff|=%s (%.1fs)"
              % (mat.n, mat.nnz, ref.shape[0], ref.nnz, len(mat.lo), mat.diagonal_count,
                 abs(ref - mine).max() if ref.shape == mine.shape else "shape differs", time.time() - t0))
    if os.path.basename(path) == "CA-GrQc.txt.gz":
        chk.check("CA-GrQc published counts", (mat.n, mat.nnz, mat.diagonal_count, len(mat.lo)) == (
            5242, 28980, 12, 14496), "n=%d nnz=%d diagonal=%d edges=%d (expected 5242, 28980, 12, 14496)"
                  % (mat.n, mat.nnz, mat.diagonal_count, len(mat.lo)))


def check_random(chk):
    # SplitMix64 known answer: the first output of the generator seeded with 0 is 0xE220A8397B1DCDAF
    ok = splitmix64_int(0) == 0xE220A8397B1DCDAF and int(splitmix64_np(np.uint64(0))) == 0xE220A8397B1DCDAF
    worst = 0
    for seed in (0, 1, 7, 42, -1, LONG_MIN, LONG_MAX, 123456789012345):
        a = random_signs(seed, 2000)
        b = random_signs_reference(seed, 2000)
        worst += int(np.count_nonzero(a != b))
    first = "".join("+" if x > 0 else "-" for x in random_signs(7, 16))
    chk.check("random:SEED vectorized == Python-int splitmix64", ok and worst == 0,
              "splitmix64(0)=0x%016X, mismatches over 8 seeds x 2000 = %d, random:7 first 16 signs: %s"
              % (splitmix64_int(0), worst, first))


def check_dd_mpmath(chk):
    try:
        import mpmath
    except ImportError:
        print("[SKIP] divided differences vs mpmath: mpmath not installed", flush=True)
        return
    mpmath.mp.dps = 60
    cases = [
        (Exp(0.7), lambda x: mpmath.exp(mpmath.mpf(0.7) * x)),
        (Exp(-3.0), lambda x: mpmath.exp(mpmath.mpf(-3.0) * x)),
        (Power(0.5), lambda x: x ** mpmath.mpf(0.5)),
        (Power(-1.5), lambda x: x ** mpmath.mpf(-1.5)),
        (Power(2.5), lambda x: x ** mpmath.mpf(2.5)),
        (Log(), mpmath.log),
        (Inverse(), lambda x: 1 / x),
        (Sqrt(), mpmath.sqrt),
    ]
    xs = [0.3, 1.0, 7.25, 140.0]
    rels = [0.0, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3, 0.3, 0.9, 3.0]
    worst = 0.0
    for fn, f in cases:
        for x in xs:
            for r in rels:
                y = x * (1 + r)
                got = float(fn.dd(np.array([x]), np.array([y]), 0.0)[0])
                X, Y = mpmath.mpf(x), mpmath.mpf(y)
                if X == Y:
                    ref = mpmath.diff(f, X)
                else:
                    ref = (f(X) - f(Y)) / (X - Y)
                # exp(beta x) itself has condition number |beta x|: rounding of beta x costs |beta x| eps
                cond = 1.0 + (abs(fn.param) * max(x, y) if isinstance(fn, Exp) else 0.0)
                worst = max(worst, abs(got - float(ref)) / abs(float(ref)) / cond)
    # integer power on mixed signs (indefinite A)
    fn = Power(3.0)
    for x, y in ((-2.0, -2.0 * (1 + 1e-13)), (-1.0, 2.0), (0.0, -3.0), (-0.5, -0.25), (5.0, 5.0), (0.0, 0.0)):
        got = float(fn.dd(np.array([x]), np.array([y]), 0.0)[0])
        ref = 3 * x * x if x == y else (x ** 3 - y ** 3) / (x - y)
        if x != y:
            ref = float((mpmath.mpf(x) ** 3 - mpmath.mpf(y) ** 3) / (mpmath.mpf(x) - mpmath.mpf(y)))
        worst = max(worst, abs(got - ref) / max(abs(ref), 1e-300) if ref != 0 else abs(got))
    chk.check("divided differences vs mpmath (60 digits), x(1+r), r in 0..3", worst < 1e-15,
              "max relative error / (1 + |beta x| for exp) = %.2e" % worst)


def fd_value(mat, fn, u, v, A):
    return evaluate(mat, fn, u, v, dense=A)["scaled"]


def _with_diagonal(mat, p):
    """mat plus a (zero) pseudo-entry at (p, p), so that the edge gradient also gives G_pp."""
    return Matrix(mat.n, np.append(mat.lo, p), np.append(mat.hi, p), np.append(mat.val, 0.0), mat.ids,
                  "diag", "mtx")


def check_fd(chk, karate_path):
    """Gradients vs central finite differences (Richardson-extrapolated) and vs exact independent formulas."""
    import scipy.linalg
    kar = read_mtx(karate_path)
    A0 = kar.to_dense()
    n = kar.n
    picks = [0, len(kar.lo) // 2, len(kar.lo) - 1]  # 3 stored edges: (1,2), (6,17), (33,34)

    diag_p = int(kar.lo[picks[1]])
    mat = _with_diagonal(kar, diag_p)  # adds G_pp at a diagonal position (a self-loop's formula)
    pairs = [(int(kar.lo[e]), int(kar.hi[e])) for e in picks] + [(diag_p, diag_p)]
    where = [int(np.flatnonzero((mat.lo == p) & (mat.hi == q))[0]) for p, q in pairs]

    def fd_run(tag, fn, A, u, v, h0, check_param, tol=1e-7, hp=1e-3):
        res = evaluate(mat, fn, u, v, want_edges=True, want_param=check_param, dense=A)
        grad = res["edgeGradient"]
        gmax = float(np.max(np.abs(grad)))
        worst = 0.0
        details = []
        for e in where:
            p, q, g = int(mat.lo[e]), int(mat.hi[e]), float(grad[e])

            def F(eps):
                B = A.copy()
                B[p, q] += eps
                if p != q:
                    B[q, p] += eps
                return fd_value(mat, fn, u, v, B)

            d1 = (F(h0) - F(-h0)) / (2 * h0)
            d2 = (F(h0 / 2) - F(-h0 / 2)) / h0
            fd = (4 * d2 - d1) / 3
            rel = abs(fd - g) / max(abs(g), 1e-3 * gmax)
            worst = max(worst, rel)
            details.append("w(%d,%d): DK=%.15g FD=%.15g rel=%.1e" % (mat.ids[p], mat.ids[q], g, fd, rel))
        if check_param:
            s, cls = fn.param, type(fn)

            def Fs(ds):
                return evaluate(mat, cls(s + ds), u, v, dense=A)["scaled"]

            d1 = (Fs(hp) - Fs(-hp)) / (2 * hp)
            d2 = (Fs(hp / 2) - Fs(-hp / 2)) / hp
            fd = (4 * d2 - d1) / 3
            g = res["gradientParameter"]
            rel = abs(fd - g) / abs(g)
            worst = max(worst, rel)
            details.append("d/d%s: exact=%.15g FD=%.15g rel=%.1e" % (fn.param_name, g, fd, rel))
        chk.check("finite differences (h=%g%s, Richardson), karate, %s, %s"
                  % (h0, ", parameter h=%g" % hp if check_param else "", tag, fn.spec()), worst < tol,
                  "F=%.15g; %s; max rel %.1e" % (res["scaled"], "; ".join(details), worst))

    u1 = make_vector("node:1", kar, "u")
    v34 = make_vector("node:34", kar, "v")
    # the required check: exp:beta=0.5, u=node:1, v=node:34
    fd_run("u=node:1 v=node:34", Exp(0.5), A0, u1, v34, 0.02, True)
    # the other functions, on A + 5 I (positive definite: lambda_min(A) = -4.49)
    Apd = A0 + 5.0 * np.eye(n)
    ur = make_vector("random:3", kar, "u")
    ones = make_vector("ones", kar, "v")
    for fn in (Exp(-0.7), Power(0.5), Power(-1.5), Power(2.5), Log(), Inverse(), Sqrt()):
        fd_run("A+5I, u=random:3 v=ones", fn, Apd, ur, ones, 0.01, fn.param_name is not None)
    # integer power on the indefinite adjacency itself (mixed-sign eigenvalues)
    fd_run("u=node:1 v=node:34", Power(3.0), A0, u1, v34, 0.02, False)

    # exact references for every stored edge (plus one diagonal position)
    P, Q = mat.lo, mat.hi
    for beta, A, u, v, tag in ((0.5, A0, u1, v34, "u=node:1 v=node:34"), (-0.7, Apd, ur, ones, "A+5I, random:3/ones")):
        res = evaluate(mat, Exp(beta), u, v, want_edges=True, want_param=True, dense=A)
        ref = np.empty(len(P))
        for e, (p, q) in enumerate(zip(P.tolist(), Q.tolist())):
            E = np.zeros((n, n))
            E[p, q] = E[q, p] = 1.0
            ref[e] = u @ scipy.linalg.expm_frechet(beta * A, beta * E, compute_expm=False) @ v
        ref_param = u @ A @ scipy.linalg.expm(beta * A) @ v
        err = max(np.max(np.abs(res["edgeGradient"] - ref)) / np.max(np.abs(ref)),
                  abs(res["gradientParameter"] - ref_param) / abs(ref_param))
        chk.check("all %d edge gradients + d/dbeta vs scipy expm_frechet / expm, karate, %s, exp:beta=%g"
                  % (len(P), tag, beta), err < 1e-12, "max error / max |gradient| = %.1e" % err)
    # power:p=3 is a polynomial: G = A^2 u v^T + A u v^T A + u v^T A^2 exactly (integers on karate)
    for A, u, v, tag in ((A0, u1, v34, "u=node:1 v=node:34"), (A0, ur, ones, "u=random:3 v=ones")):
        res = evaluate(mat, Power(3.0), u, v, want_edges=True, dense=A)
        G = np.outer(A @ A @ u, v) + np.outer(A @ u, A @ v) + np.outer(u, A @ A @ v)
        ref = np.where(P == Q, G[P, Q], G[P, Q] + G[Q, P])
        val_ref = u @ A @ A @ A @ v
        err = max(np.max(np.abs(res["edgeGradient"] - ref)) / np.max(np.abs(ref)),
                  abs(res["scaled"] - val_ref) / abs(val_ref))
        chk.check("value + all %d edge gradients vs exact polynomial formula, karate (indefinite), %s, power:p=3"
                  % (len(P), tag), err < 1e-12, "F=%r (exact %r), max error / max |gradient| = %.1e"
                  % (res["scaled"], float(val_ref), err))


def check_split(chk, karate_path):
    """Per-component eigh == one eigh of the whole matrix, on karate (+) a weighted piece, permuted."""
    kar = read_mtx(karate_path)
    rng = np.random.default_rng(5)
    n1 = kar.n
    lo = list(kar.lo)
    hi = list(kar.hi)
    val = list(kar.val)
    sub = (kar.lo < 15) & (kar.hi < 15)
    lo += list(kar.lo[sub] + n1)
    hi += list(kar.hi[sub] + n1)
    val += list(rng.uniform(0.5, 2.0, sub.sum()))
    lo += [n1 + 15, n1 + 3]
    hi += [n1 + 15, n1 + 3]
    val += [0.7, 1.3]  # an isolated node with a self-loop and a self-loop inside the second piece
    n = n1 + 16
    perm = rng.permutation(n)
    lo, hi = perm[np.array(lo)], perm[np.array(hi)]
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    mat = Matrix(n, lo, hi, val, np.arange(1, n + 1), "split-test", "mtx")
    worst = 0.0
    for fn in (Exp(0.9), Power(4.0)):
        u = random_signs(11, n)
        v = np.linspace(-1, 2, n)
        r1 = evaluate(mat, fn, u, v, want_edges=True, want_param=True, split=True)
        r2 = evaluate(mat, fn, u, v, want_edges=True, want_param=True, split=False)
        scale = np.max(np.abs(r2["edgeGradient"]))
        worst = max(worst, abs(r1["scaled"] - r2["scaled"]) / abs(r2["scaled"]),
                    np.max(np.abs(r1["edgeGradient"] - r2["edgeGradient"])) / scale,
                    abs(r1["gradientParameter"] - r2["gradientParameter"]) / abs(r2["gradientParameter"]))
        comps = r1["components"]
    chk.check("per-component eigh == whole-matrix eigh", worst < 1e-12,
              "%d components, max relative difference %.1e" % (comps, worst))


def self_check(args, mat):
    chk = Checks()
    check_reader(chk, mat, args.matrix, args.format)
    check_random(chk)
    check_dd_mpmath(chk)
    if not os.path.exists(args.karate):
        chk.check("finite differences on karate", False, "karate file not found: %s (use --karate)" % args.karate)
    else:
        check_fd(chk, args.karate)
        check_split(chk, args.karate)
    print("self-check: %s" % ("all passed" if not chk.failed else "FAILED: " + ", ".join(chk.failed)), flush=True)
    return not chk.failed


# ------------------------------------------------------------------------------------------------------- main

def build_parser():
    p = argparse.ArgumentParser(
        description="Dense reference for matfun: F = u^T f(A) v and its gradients by eigh (exact to rounding).")
    p.add_argument("--matrix", required=True, help="Matrix Market or edge-list file (.gz allowed)")
    p.add_argument("--format", required=True, choices=["mtx", "edgelist"])
    p.add_argument("--function", help="exp:beta=<real> | power:p=<real> | log | inverse | sqrt")
    p.add_argument("--u", help="node:ID | ones | random:SEED | file:PATH")
    p.add_argument("--v", help="node:ID | ones | random:SEED | file:PATH (default: same as --u)")
    p.add_argument("--gradient", default="none", choices=["none", "edges", "parameter"])
    p.add_argument("--out-json", help="summary JSON path")
    p.add_argument("--out-gradient", help="edge-gradient CSV path (with --gradient edges)")
    p.add_argument("--no-split", action="store_true",
                   help="one eigh of the whole matrix instead of one per connected component")
    p.add_argument("--max-n", type=int, default=DEFAULT_MAX_N, help="refuse larger matrices (default %(default)s)")
    p.add_argument("--self-check", action="store_true",
                   help="check the reader (networkx / scipy.io.mmread), random vectors, divided differences "
                        "(mpmath) and gradients (finite differences on karate); then run the computation too "
                        "if --function and --u are given")
    p.add_argument("--karate", default=KARATE, help="karate.mtx(.gz) for the finite-difference self-check")
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    t0 = time.time()
    try:
        if args.self_check is False and (args.function is None or args.u is None):
            raise InputError("--function and --u are required (unless --self-check)")
        if args.gradient == "edges" and not args.out_gradient:
            raise InputError("--gradient edges needs --out-gradient PATH")
        fn = parse_function(args.function) if args.function is not None else None
        if fn is not None and args.gradient == "parameter" and fn.param_name is None:
            raise InputError("--gradient parameter: %s has no parameter" % fn.spec())
        mat = read_matrix(args.matrix, args.format)
        t_read = time.time() - t0
        print("read %s: n=%d nnz=%d (%d undirected pairs, %d diagonal) in %.2fs"
              % (args.matrix, mat.n, mat.nnz, len(mat.lo), mat.diagonal_count, t_read), file=sys.stderr)
        if mat.n > args.max_n:
            raise InputError("n = %d exceeds --max-n %d (dense eigh needs 8 n^2 bytes per copy)"
                             % (mat.n, args.max_n))
        ok = True
        if args.self_check:
            ok = self_check(args, mat)
            if fn is None or args.u is None:
                return 0 if ok else 1
        u = make_vector(args.u, mat, "u")
        v_spec = args.v if args.v is not None else args.u
        v = make_vector(v_spec, mat, "v")
        res = evaluate(mat, fn, u, v, want_edges=args.gradient == "edges",
                       want_param=args.gradient == "parameter", split=not args.no_split)
    except InputError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    out = {
        "n": mat.n, "nnz": mat.nnz, "edges": int(len(mat.lo)),
        "value": res["value"], "logAbsValue": res["logAbsValue"], "sign": res["sign"],
        "logScale": res["logScale"], "scaledValue": res["scaled"],
    }
    if "gradientParameter" in res:
        out["gradientParameter"] = res["gradientParameter"]
        out["parameter"] = fn.param_name
    out.update({
        "method": method_string(), "function": args.function.strip(), "u": args.u, "v": v_spec,
        "matrix": args.matrix, "format": args.format, "gradient": args.gradient,
        "lambdaMin": res["lambdaMin"], "lambdaMax": res["lambdaMax"], "components": res["components"],
        "largestComponent": res["largestComponent"], "clampedEigenvalues": res["clampedEigenvalues"],
        "seconds": {"read": t_read, "eigh": res["eighSeconds"], "gradient": res["gradientSeconds"],
                    "total": time.time() - t0},
    })
    if args.gradient == "edges":
        write_gradient_csv(args.out_gradient, mat, res["edgeGradient"])
    out["seconds"]["total"] = time.time() - t0
    for key, val in out.items():  # JSON has no NaN/Infinity: non-finite numbers become null
        if isinstance(val, float) and not math.isfinite(val):
            out[key] = None
    text = json.dumps(out, indent=2, allow_nan=False)
    if args.out_json:
        tmp = args.out_json + ".tmp"
        with open(tmp, "w") as f:
            f.write(text + "\n")
        os.replace(tmp, args.out_json)
    else:
        print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
