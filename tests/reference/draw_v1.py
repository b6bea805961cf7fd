"""Independent reference implementation of draw specification v1.

Written from the published spec (shared/spec/draw-v1.md beside the project) alone, without
looking at the project's own implementation, so that its output can be used to
cross-check that implementation. It is deliberately plain rather than fast:
a direct reading of the spec, a linear scan for the weighted selection, and
Python ints for all 64-bit arithmetic. Standard library only.

Usage:
    python3 draw_v1.py PACKAGE_DIR BALLS OUT_DIR

PACKAGE_DIR  folder holding manifest.json and the pool CSV files (spec section 1)
BALLS        the drawn digits in draw order; must be exactly seed.balls digits
OUT_DIR      created if missing; receives <poolId>.csv for every pool (spec
             section 5) and reference.json with
             {"sealDigest": hex, "masterSeed": hex, "poolKeys": {poolId: hex}}

Exit status: 0 on success, 2 on any problem with the package or arguments
(message on stderr). Validation covers the manifest shape, each file's sha256,
the CSV format, and entry count / weight sum; it is not meant to be exhaustive.
"""

import hashlib
import json
import os
import sys

TWO_64 = 2 ** 64
MAX_TOTAL_WEIGHT = 2 ** 53 - 1
ID_CHARS = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-")
CODE_CHARS = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-")


class PackageError(Exception):
    pass


def fail(message):
    sys.stderr.write("draw_v1 reference: " + message + "\n")
    sys.exit(2)


def sha256(data):
    return hashlib.sha256(data).digest()


# ---------------------------------------------------------------- section 2

def lp(x):
    """4-byte big-endian length of x, followed by x (x: bytes or str)."""
    if isinstance(x, str):
        x = x.encode("utf-8")
    return len(x).to_bytes(4, "big") + x


def master_seed(seal_digest_hex, seed_string):
    return sha256(lp("draw/v1/master") + lp(seal_digest_hex) + lp(seed_string))


def pool_key(master, pool_id):
    return sha256(lp("draw/v1/pool") + lp(master) + lp(pool_id))


# ---------------------------------------------------------------- section 3

class Stream:
    """block_i = H(K || u64be(i)); read as consecutive 8-byte big-endian ints."""

    def __init__(self, key):
        self.key = key
        self.block_index = 0
        self.buffer = b""
        self.pos = 0

    def next_u64(self):
        if self.pos + 8 > len(self.buffer):
            self.buffer = sha256(self.key + self.block_index.to_bytes(8, "big"))
            self.block_index += 1
            self.pos = 0
        u = int.from_bytes(self.buffer[self.pos:self.pos + 8], "big")
        self.pos += 8
        return u

    def uniform(self, m):
        assert 1 <= m <= MAX_TOTAL_WEIGHT
        limit = m * (TWO_64 // m)
        while True:
            u = self.next_u64()
            if u < limit:
                return u % m


# ---------------------------------------------------------------- section 4

def allocate(key, weights, quota, alternates):
    """Return the list of selected entry indices, in rank order."""
    n = len(weights)
    w = list(weights)
    r_count = min(quota + alternates, n)
    stream = Stream(key)
    order = []
    for _rank in range(1, r_count + 1):
        total = sum(w)
        r = stream.uniform(total)
        running = 0
        selected = None
        for i in range(n):
            running += w[i]
            if running > r:
                selected = i
                break
        assert selected is not None and w[selected] > 0
        order.append(selected)
        w[selected] = 0
    return order


# ---------------------------------------------------------------- section 5

def result_bytes(codes, order, quota):
    lines = ["rank,code,status\n"]
    for j, i in enumerate(order, start=1):
        status = "winner" if j <= quota else "alternate"
        lines.append("%d,%s,%s\n" % (j, codes[i], status))
    return "".join(lines).encode("utf-8")


# ---------------------------------------------------------------- section 1

def is_int(x):
    return type(x) is int  # excludes bool


def check_name(value, allowed, what):
    if not isinstance(value, str) or not (1 <= len(value) <= 64) or not set(value) <= allowed:
        raise PackageError("manifest.json: bad %s %r" % (what, value))


def parse_pool_csv(file_name, data):
    """Parse a pool CSV per spec section 1; return (codes, weights)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PackageError("%s: not valid UTF-8" % file_name)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the single optional final newline
    codes = []
    weights = []
    for number, line in enumerate(lines, start=1):
        if line.endswith("\r"):
            line = line[:-1]
        if number == 1:
            if line != "code,weight":
                raise PackageError("%s line 1: header must be exactly 'code,weight'" % file_name)
            continue
        parts = line.split(",")
        if len(parts) != 2:
            raise PackageError("%s line %d: expected CODE,WEIGHT" % (file_name, number))
        code, weight_text = parts
        if not (1 <= len(code) <= 64) or not set(code) <= CODE_CHARS:
            raise PackageError("%s line %d: bad code %r" % (file_name, number, code))
        if (not weight_text or not weight_text.isascii() or not weight_text.isdigit()
                or weight_text[0] == "0"):
            raise PackageError("%s line %d: bad weight %r" % (file_name, number, weight_text))
        weight = int(weight_text)
        if not (1 <= weight <= 1000000):
            raise PackageError("%s line %d: weight out of range" % (file_name, number))
        if codes and not (codes[-1].encode("utf-8") < code.encode("utf-8")):
            raise PackageError("%s line %d: codes not strictly ascending" % (file_name, number))
        codes.append(code)
        weights.append(weight)
    if not lines:
        raise PackageError("%s: empty file (missing header)" % file_name)
    return codes, weights


def load_package(package_dir):
    """Return (manifest_bytes, manifest, pools) with pools a list of dicts."""
    manifest_path = os.path.join(package_dir, "manifest.json")
    try:
        with open(manifest_path, "rb") as f:
            manifest_bytes = f.read()
    except OSError as e:
        raise PackageError("manifest.json: cannot read: %s" % e)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise PackageError("manifest.json: not valid UTF-8 JSON: %s" % e)
    if not isinstance(manifest, dict):
        raise PackageError("manifest.json: not a JSON object")
    if manifest.get("format") != "draw-package/1":
        raise PackageError("manifest.json: format must be 'draw-package/1'")
    check_name(manifest.get("period"), ID_CHARS, "period")
    if not isinstance(manifest.get("title"), str):
        raise PackageError("manifest.json: title must be a string")
    seed = manifest.get("seed")
    if not isinstance(seed, dict) or not is_int(seed.get("balls")) or not (1 <= seed["balls"] <= 32):
        raise PackageError("manifest.json: seed.balls must be an integer 1..32")
    pool_list = manifest.get("pools")
    if not isinstance(pool_list, list) or not (1 <= len(pool_list) <= 64):
        raise PackageError("manifest.json: pools must be an array of 1..64 pools")

    pools = []
    seen_ids = set()
    for p in pool_list:
        if not isinstance(p, dict):
            raise PackageError("manifest.json: pool is not an object")
        pool_id = p.get("id")
        check_name(pool_id, ID_CHARS, "pool id")
        if pool_id in seen_ids:
            raise PackageError("manifest.json: duplicate pool id %r" % pool_id)
        seen_ids.add(pool_id)
        if not isinstance(p.get("name"), str):
            raise PackageError("manifest.json: pool %s: name must be a string" % pool_id)
        file_name = p.get("file")
        if (not isinstance(file_name, str) or not file_name or "/" in file_name
                or "\\" in file_name or file_name in (".", "..")):
            raise PackageError("manifest.json: pool %s: bad file name %r" % (pool_id, file_name))
        for k in ("entries", "totalWeight", "quota"):
            if not is_int(p.get(k)) or p[k] < 0:
                raise PackageError("manifest.json: pool %s: %s must be a non-negative integer" % (pool_id, k))
        alternates = p.get("alternates", 0)
        if not is_int(alternates) or alternates < 0:
            raise PackageError("manifest.json: pool %s: alternates must be a non-negative integer" % pool_id)
        if p["totalWeight"] > MAX_TOTAL_WEIGHT:
            raise PackageError("manifest.json: pool %s: totalWeight above 2^53-1" % pool_id)
        expected_sha = p.get("sha256")
        if not isinstance(expected_sha, str):
            raise PackageError("manifest.json: pool %s: sha256 must be a string" % pool_id)

        try:
            with open(os.path.join(package_dir, file_name), "rb") as f:
                data = f.read()
        except OSError as e:
            raise PackageError("%s: cannot read: %s" % (file_name, e))
        actual_sha = hashlib.sha256(data).hexdigest()
        if actual_sha != expected_sha:
            raise PackageError("%s: sha256 %s does not match manifest %s" % (file_name, actual_sha, expected_sha))
        codes, weights = parse_pool_csv(file_name, data)
        if len(codes) != p["entries"]:
            raise PackageError("%s: %d entries, manifest says %d" % (file_name, len(codes), p["entries"]))
        if sum(weights) != p["totalWeight"]:
            raise PackageError("%s: weight sum %d, manifest says %d" % (file_name, sum(weights), p["totalWeight"]))
        pools.append({
            "id": pool_id,
            "codes": codes,
            "weights": weights,
            "quota": p["quota"],
            "alternates": alternates,
        })
    return manifest_bytes, manifest, pools


# ---------------------------------------------------------------- main

def main(argv):
    if len(argv) != 4:
        fail("usage: python3 draw_v1.py PACKAGE_DIR BALLS OUT_DIR")
    package_dir, balls, out_dir = argv[1], argv[2], argv[3]
    try:
        manifest_bytes, manifest, pools = load_package(package_dir)
    except PackageError as e:
        fail(str(e))
    expected_balls = manifest["seed"]["balls"]
    if len(balls) != expected_balls or not all(c in "0123456789" for c in balls):
        fail("BALLS must be exactly %d digits 0-9, got %r" % (expected_balls, balls))

    seal_digest_hex = hashlib.sha256(manifest_bytes).hexdigest()
    master = master_seed(seal_digest_hex, balls)

    os.makedirs(out_dir, exist_ok=True)
    pool_keys = {}
    for pool in pools:
        key = pool_key(master, pool["id"])
        pool_keys[pool["id"]] = key.hex()
        order = allocate(key, pool["weights"], pool["quota"], pool["alternates"])
        with open(os.path.join(out_dir, pool["id"] + ".csv"), "wb") as f:
            f.write(result_bytes(pool["codes"], order, pool["quota"]))

    reference = {
        "sealDigest": seal_digest_hex,
        "masterSeed": master.hex(),
        "poolKeys": pool_keys,
    }
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(reference, f, indent=2, sort_keys=True)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
