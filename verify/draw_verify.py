#!/usr/bin/env python3
"""draw_verify.py: check a draw's evidence bundle yourself, offline, with Python alone.

核验摇号证据包：只需 Python 3.9 或更新版本（仅用标准库），不需要摇号软件，不联网。
Checks a car-licence quota draw's evidence bundle without the draw software: Python 3.9 or
later and its standard library only, no network. Written from the published specifications
(spec/draw-v1.md and spec/evidence-bundle.md in the bundle), independently of the kiosk's own code.

Usage / 用法:
  python3 draw_verify.py BUNDLE            核验证据包（文件夹或其 .zip）/ check a bundle (folder or .zip)
  python3 draw_verify.py BUNDLE --json     结果以 JSON 输出 / the report as JSON, for machines
  python3 draw_verify.py --vectors DIR     运行规范的一致性测试向量 / run the spec's conformance vectors
  python3 draw_verify.py run PACKAGE BALLS OUT
                                           依 draw-v1 由封存数据包和球号计算结果
                                           / draw from a sealed package and the balls (spec draw-v1)

Exit status / 退出码: 0 verified 核验通过; 1 failed 不一致 (the first failing file, line and rule
are named); 2 usage error or unreadable input 用法错误或无法读取.
"""

import calendar
import datetime
import hashlib
import itertools
import json
import operator
import os
import re
import stat
import struct
import sys
import unicodedata
import zipfile

# ------------------------------------------------------------------ limits
# A bundle is an input from anyone: every size is bounded before it is read.

MAX_BUNDLE_FILES = 1024                # files in a bundle folder or zip
MAX_FILE_BYTES = 1 << 30               # any one file of a bundle
MAX_ZIP_ENTRIES = 1024                 # entries of a zip, folders included (README, "Package limits")
MAX_ZIP_RATIO = 100                    # declared size : compressed size, for entries over 1 MiB
MAX_FOLDER_DEPTH = 8
MAX_SUMS_BYTES = 1 << 20               # SHA256SUMS
MAX_MANIFEST_BYTES = 1 << 20           # package/manifest.json (spec draw-v1 §1 limits)
MAX_PACKAGE_BYTES = 2 << 30            # the manifest and the pool files together
READ_CHUNK = 1 << 20

TWO_64 = 1 << 64
MAX_TOTAL_WEIGHT = (1 << 53) - 1
ZERO_HASH = "0" * 64
HEX64 = re.compile(r"[0-9a-f]{64}\Z")
# C0 and C1 control characters and DEL (NUL among them), which a pool file name may not hold (draw-v1 §1.1).
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
ID_RE = re.compile(r"[0-9A-Za-z._-]{1,64}\Z")
CODE_BYTES = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-"
CODE_RE = re.compile(rb"[0-9A-Za-z_-]+\Z")
WEIGHT_SYNTAX = re.compile(rb"(?:0|[1-9][0-9]*)\Z")
NOT_SEPARATORS = bytes(b for b in range(256) if b not in b",\n")
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


class Problem(Exception):
    """A check failed: where (file, line), which rule, and why in Chinese and English."""

    def __init__(self, file, line, rule, zh, en):
        super().__init__(en)
        self.file, self.line, self.rule, self.zh, self.en = file, line, rule, zh, en

    def where(self):
        return self.file if self.line is None else "%s:%d" % (self.file, self.line)

    def text(self):
        return "%s: %s: %s / %s" % (self.where(), self.rule, self.zh, self.en)

    def under(self, folder):
        """The same problem, its file named from the bundle's root."""
        return type(self)(folder + self.file, self.line, self.rule, self.zh, self.en)


class Unreadable(Problem):
    """The input cannot be read safely (exit 2), as opposed to a failed check (exit 1)."""


# ------------------------------------------------------------------ text for people

HIDDEN = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def visible(text):
    """Text from the bundle as it may be shown on a terminal: control, format and invisible
    characters (bidi overrides, zero-width ones, line breaks, lone surrogates) become <U+XXXX>."""
    return "".join("<U+%04X>" % ord(ch) if unicodedata.category(ch) in HIDDEN else ch for ch in text)


def beijing_time(iso):
    """'2026-11-23T12:05:03.000Z' → '2026-11-23 20:05:03 (北京时间 UTC+8)'; a time the kiosk
    would not have written is shown as it stands."""
    try:
        utc = datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return js_string(visible(iso))
    return utc.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") + " (北京时间 UTC+8)"


def groups_of_four(hex_text):
    return " ".join(hex_text[i:i + 4] for i in range(0, len(hex_text), 4))


# ------------------------------------------------------------------ JSON as JavaScript writes it

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(json_text):
    """json.dumps leaves lone surrogates raw; JSON.stringify writes them as \\udxxx."""
    return LONE_SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), json_text)


def js_string(s):
    """A string as ECMAScript JSON.stringify writes it: only '"', '\\' and controls escaped."""
    return escape_surrogates(json.dumps(s, ensure_ascii=False))


def utf16_order(key):
    return key.encode("utf-16-be", "surrogatepass")


def canonical(value):
    """RFC 8785 canonical JSON for the values a journal holds (integers only)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return str(value)
    if isinstance(value, str):
        return js_string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(js_string(k) + ":" + canonical(value[k]) for k in sorted(value, key=utf16_order)) + "}"
    raise ValueError("not a journal value: %r" % (value,))


def pretty(value, indent=""):
    """JSON.stringify(value, null, 2): how results.json is written."""
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{\n" + ",\n".join(inner + js_string(k) + ": " + pretty(v, inner) for k, v in value.items()) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + pretty(v, inner) for v in value) + "\n" + indent + "]"
    return canonical(value)


def _no_float(text):
    raise ValueError("a number that is not an integer: " + text)


def _no_constant(text):
    raise ValueError("not JSON: " + text)


def _unique_keys(pairs):
    obj = {}
    for k, v in pairs:
        if k in obj:
            raise ValueError("the key %s appears twice" % js_string(k))
        obj[k] = v
    return obj


def strict_json(text):
    """For journal lines: integers only, no NaN, no repeated keys."""
    return json.loads(text, parse_float=_no_float, parse_constant=_no_constant, object_pairs_hook=_unique_keys)


def _js_number(text):
    # JSON.parse reads 1.0 and 1e2 as the integers 1 and 100: so does the manifest reader.
    f = float(text)
    return int(f) if f.is_integer() and abs(f) <= MAX_TOTAL_WEIGHT else f


def js_json(text):
    """For manifest.json: as JSON.parse reads it (the last of repeated keys wins)."""
    return json.loads(text, parse_float=_js_number, parse_constant=_no_constant)


# ------------------------------------------------------------------ spec draw-v1 §2–§5

def lp(x):
    """LP(x): 4-byte big-endian length of x, then x (strings as UTF-8)."""
    if isinstance(x, str):
        x = x.encode("utf-8")
    return len(x).to_bytes(4, "big") + x


def master_seed(seal_digest_hex, balls):
    return hashlib.sha256(lp("draw/v1/master") + lp(seal_digest_hex) + lp(balls)).digest()


def pool_key(master, pool_id):
    return hashlib.sha256(lp("draw/v1/pool") + lp(master) + lp(pool_id)).digest()


class Stream:
    """§3: block_i = H(K || u64be(i)), read as consecutive 8-byte big-endian integers."""

    def __init__(self, key):
        self.key = key
        self.block = 0
        self.words = []

    def next_u64(self):
        if not self.words:
            digest = hashlib.sha256(self.key + self.block.to_bytes(8, "big")).digest()
            self.block += 1
            self.words = list(reversed(struct.unpack(">4Q", digest)))
        return self.words.pop()

    def uniform(self, m, consumed=None):
        """uniform(m); `consumed`, if given, collects every word taken (discards included)."""
        if not 1 <= m <= MAX_TOTAL_WEIGHT:
            raise ValueError("uniform(m) needs 1 <= m <= 2^53 - 1")
        limit = m * (TWO_64 // m)
        while True:
            u = self.next_u64()
            if consumed is not None:
                consumed.append(u)
            if u < limit:
                return u % m


def allocate(key, weights, quota, alternates):
    """§4: the selected entry indices in rank order. A Fenwick tree over the weights left
    finds "the smallest i with w_0 + … + w_i > r" in O(log n) steps."""
    n = len(weights)
    count = min(quota + alternates, n)
    if count == 0:
        return []
    prefix = [0]
    prefix.extend(itertools.accumulate(weights))
    total = prefix[n]
    # tree[i] holds the weights of entries (i - lowbit(i), i], 1-based.
    tree = [prefix[i] - prefix[i & (i - 1)] for i in range(n + 1)]
    del prefix
    top = 1 << (n.bit_length() - 1)
    stream = Stream(key)
    order = []
    for _ in range(count):
        r = stream.uniform(total)
        # The largest 1-based position whose prefix sum is <= r is the 0-based index selected.
        pos, rest, step = 0, r, top
        while step:
            nxt = pos + step
            if nxt <= n and tree[nxt] <= rest:
                pos = nxt
                rest -= tree[nxt]
            step >>= 1
        order.append(pos)
        w = weights[pos]
        total -= w
        j = pos + 1
        while j <= n:
            tree[j] -= w
            j += j & -j
    return order


def result_bytes(codes, order, quota):
    """§5: rank,code,status lines, LF, final newline."""
    lines = [b"rank,code,status\n"]
    for rank, i in enumerate(order, start=1):
        lines.append(b"%d,%s,%s\n" % (rank, codes[i], b"winner" if rank <= quota else b"alternate"))
    return b"".join(lines)


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ spec draw-v1 §1: the package

def _manifest_problem(rule, zh, en):
    return Problem("manifest.json", None, rule, zh, en)


def _is_count(x):
    return type(x) is int and 0 <= x <= MAX_TOTAL_WEIGHT


MANIFEST_KEYS = ("format", "period", "title", "seed", "pools")
POOL_KEYS = ("id", "name", "file", "sha256", "entries", "totalWeight", "quota")


def _check_keys(obj, required, optional, what):
    if not isinstance(obj, dict):
        raise _manifest_problem("manifest-shape", "%s 不是 JSON 对象" % what, "%s is not a JSON object" % what)
    for key in required:
        if key not in obj:
            raise _manifest_problem("manifest-shape", "%s 缺少 %s" % (what, js_string(key)), "%s has no %s" % (what, js_string(key)))
    for key in obj:
        if key not in required and key not in optional:
            raise _manifest_problem("manifest-shape", "%s 含有未知的键 %s" % (what, js_string(visible(key))),
                                    "%s has an unknown key %s" % (what, js_string(visible(key))))


def parse_manifest(data):
    """manifest.json bytes → the manifest object, every rule of §1 checked."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _manifest_problem("manifest-utf8", "不是 UTF-8（第 %d 字节）" % (e.start + 1), "not UTF-8 (byte %d)" % (e.start + 1))
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        manifest = js_json(text)
    except (ValueError, RecursionError) as e:
        line = getattr(e, "lineno", None)
        raise Problem("manifest.json", line, "manifest-json", "不是有效的 JSON", "not valid JSON: %s" % getattr(e, "msg", e))
    _check_keys(manifest, MANIFEST_KEYS, (), "manifest")
    if manifest["format"] != "draw-package/1":
        raise _manifest_problem("manifest-format", "format 必须是 \"draw-package/1\"", "format must be \"draw-package/1\"")
    if not isinstance(manifest["period"], str) or not ID_RE.match(manifest["period"]):
        raise _manifest_problem("period", "period 须为 1 到 64 个 [0-9A-Za-z._-] 字符", "period must be 1 to 64 characters of [0-9A-Za-z._-]")
    if not isinstance(manifest["title"], str):
        raise _manifest_problem("title", "title 必须是字符串", "title must be a string")
    seed = manifest["seed"]
    _check_keys(seed, ("balls",), (), "seed")
    if type(seed["balls"]) is not int or not 1 <= seed["balls"] <= 32:
        raise _manifest_problem("seed-balls", "seed.balls 须为 1 到 32 的整数", "seed.balls must be an integer from 1 to 32")
    pools = manifest["pools"]
    if not isinstance(pools, list) or not 1 <= len(pools) <= 64:
        raise _manifest_problem("manifest-pools", "pools 须为 1 到 64 个池", "pools must be an array of 1 to 64 pools")
    ids = set()
    for number, pool in enumerate(pools, start=1):
        what = "pools[%d]" % (number - 1)
        _check_keys(pool, POOL_KEYS, ("alternates",), what)
        if not isinstance(pool["id"], str) or not ID_RE.match(pool["id"]):
            raise _manifest_problem("pool-id", "%s.id 须为 1 到 64 个 [0-9A-Za-z._-] 字符" % what, "%s.id must be 1 to 64 characters of [0-9A-Za-z._-]" % what)
        if pool["id"] in ids:
            raise _manifest_problem("pool-id-unique", "池编号 %s 重复" % pool["id"], "pool id %s appears twice" % pool["id"])
        ids.add(pool["id"])
        if not isinstance(pool["name"], str):
            raise _manifest_problem("pool-name", "%s.name 必须是字符串" % what, "%s.name must be a string" % what)
        name = pool["file"]
        if (not isinstance(name, str) or not name or "/" in name or "\\" in name or CONTROL.search(name)
                or name in (".", "..", "manifest.json")):
            raise _manifest_problem("pool-file", "%s.file 须为数据包内的文件名（非空，不含 /、\\ 或控制字符）" % what,
                                    "%s.file must be a file name inside the package (not empty, no /, \\ or control character)" % what)
        if not isinstance(pool["sha256"], str) or not HEX64.match(pool["sha256"]):
            raise _manifest_problem("pool-sha256", "%s.sha256 须为 64 个小写十六进制字符" % what, "%s.sha256 must be 64 lowercase hex characters" % what)
        for key, rule in (("entries", "pool-entries"), ("totalWeight", "pool-total-weight"), ("quota", "pool-quota")):
            if not _is_count(pool[key]):
                raise _manifest_problem(rule, "%s.%s 须为非负整数" % (what, key), "%s.%s must be a non-negative integer" % (what, key))
        if pool["totalWeight"] > MAX_TOTAL_WEIGHT:
            raise _manifest_problem("pool-total-weight", "%s.totalWeight 超过 2^53 − 1" % what, "%s.totalWeight is over 2^53 - 1" % what)
        if "alternates" in pool and not _is_count(pool["alternates"]):
            raise _manifest_problem("pool-alternates", "%s.alternates 须为非负整数" % what, "%s.alternates must be a non-negative integer" % what)
    return manifest


def _check_pool_line(file, number, line, previous):
    """One entry line against §1, in the order the rules are listed; returns (code, weight)."""
    parts = line.split(b",")
    if len(parts) != 2:
        raise Problem(file, number, "csv-fields", "应为“编码,权重”两个字段", "expected exactly two fields CODE,WEIGHT")
    code, weight = parts
    if not 1 <= len(code) <= 64:
        raise Problem(file, number, "code-length", "编码须为 1 到 64 个字符", "a code must be 1 to 64 characters")
    if not CODE_RE.match(code):
        raise Problem(file, number, "code-syntax", "编码只能含 [0-9A-Za-z_-]", "a code may hold only [0-9A-Za-z_-]")
    if not WEIGHT_SYNTAX.match(weight):
        raise Problem(file, number, "weight-syntax", "权重须为不带符号、无前导零的十进制整数",
                            "a weight must be a decimal integer with no sign and no leading zero")
    if len(weight) > 7 or not 1 <= int(weight) <= 1000000:
        raise Problem(file, number, "weight-range", "权重须在 1 到 1000000 之间", "a weight must be from 1 to 1000000")
    if previous is not None:
        if code == previous:
            raise Problem(file, number, "code-unique", "编码与上一行相同", "the code equals the one on the line before")
        if code < previous:
            raise Problem(file, number, "code-order", "编码须按字节值严格升序", "codes must be strictly ascending by byte value")
    return code, int(weight)


def _find_pool_file_problem(file, data):
    """Line by line, the first rule the file breaks (the slow path, for the message)."""
    lines = data.split(b"\n")
    previous = None
    for index, raw in enumerate(lines):
        number = index + 1
        last = index == len(lines) - 1
        line = raw[:-1] if raw.endswith(b"\r") and not last else raw
        if b"\r" in line:
            raise Problem(file, number, "csv-line-ending", "行以单独的 CR 结束（只允许 LF 或 CRLF）",
                                "a line ends in a lone CR (only LF or CRLF)")
        if number == 1:
            if line != b"code,weight":
                raise Problem(file, 1, "csv-header", "第一行必须正好是 code,weight", "the first line must be exactly code,weight")
            continue
        if last and raw == b"":
            break  # the one optional final newline
        if line == b"":
            raise Problem(file, number, "csv-empty-line", "空行（只允许一个结尾换行）", "an empty line (only one final newline is allowed)")
        previous, _ = _check_pool_line(file, number, line, previous)
    return None


def parse_pool_file(file, data):
    """A pool CSV (§1) → (codes as bytes, weights as ints). Checked in bulk first (millions of
    lines); only a file that fails is read again line by line to name the line and rule."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    body = data.replace(b"\r\n", b"\n") if b"\r" in data else data
    header_ok = body.startswith(b"code,weight\n") or body == b"code,weight"
    rows = body[len(b"code,weight\n"):] if header_ok else b""
    if rows and not rows.endswith(b"\n"):
        rows += b"\n"
    lines = rows.count(b"\n")
    ok = (header_ok and b"\r" not in body and not rows.translate(None, CODE_BYTES + b",\n")
          and rows.translate(None, NOT_SEPARATORS) == b",\n" * lines)
    if ok:
        parts = rows.replace(b"\n", b",").split(b",")
        parts.pop()
        codes = parts[0::2]
        weight_texts = parts[1::2]
        del parts
        values = {}
        for text in set(weight_texts):
            if WEIGHT_SYNTAX.match(text) and len(text) <= 7 and 1 <= int(text) <= 1000000:
                values[text] = int(text)
            else:
                ok = False
        ok = ok and (not codes or (min(map(len, codes)) >= 1 and max(map(len, codes)) <= 64
                                   and all(map(operator.lt, codes, itertools.islice(codes, 1, None)))))
        if ok:
            return codes, list(map(values.__getitem__, weight_texts))
    problem = _find_pool_file_problem(file, data)
    if problem is None:  # the bulk check and the line-by-line check disagree: a bug here, not in the file
        raise AssertionError("%s: refused in bulk but every line passes" % file)
    raise problem


def check_counts(name, codes, weights, entries, total_weight):
    if len(codes) != entries:
        raise Problem(name, None, "entries-count", "有 %d 条，manifest.json 中为 %d" % (len(codes), entries),
                      "%d entries, manifest.json says %d" % (len(codes), entries))
    total = sum(weights)
    if total != total_weight:
        raise Problem(name, None, "total-weight", "权重之和为 %d，manifest.json 中为 %d" % (total, total_weight),
                      "the weights sum to %d, manifest.json says %d" % (total, total_weight))


def read_package(files):
    """§1 on a package given as {name: bytes}: returns (seal digest, manifest, pools), each
    pool a dict with its manifest fields, codes and weights. Problems name the file."""
    data = files.get("manifest.json")
    if data is None:
        raise Problem("manifest.json", None, "manifest-missing", "数据包中没有 manifest.json", "the package has no manifest.json")
    if len(data) > MAX_MANIFEST_BYTES:
        raise Problem("manifest.json", None, "file-size", "manifest.json 超过 1 MiB", "manifest.json is over 1 MiB")
    manifest = parse_manifest(data)
    contents = {}
    size = len(data)
    for pool in manifest["pools"]:
        name = pool["file"]
        if name not in contents:
            contents[name] = files.get(name)
            size += len(contents[name] or b"")
            if len(contents[name] or b"") > MAX_FILE_BYTES:
                raise Problem(name, None, "file-size", "池文件超过 1 GiB", "a pool file is over 1 GiB")
    if size > MAX_PACKAGE_BYTES:
        raise Problem("manifest.json", None, "package-size", "数据包文件合计超过 2 GiB", "the package's files total over 2 GiB")
    pools = []
    for pool in manifest["pools"]:
        name = pool["file"]
        content = contents[name]
        if content is None:
            raise Problem(name, None, "file-missing", "manifest.json 列出的池文件不存在", "the pool file manifest.json names is missing")
        actual = sha256_hex(content)
        if actual != pool["sha256"]:
            raise Problem(name, None, "file-sha256", "文件的 SHA-256 为 %s，manifest.json 中为 %s" % (actual, pool["sha256"]),
                          "the file's SHA-256 is %s, manifest.json says %s" % (actual, pool["sha256"]))
        codes, weights = parse_pool_file(name, content)
        check_counts(name, codes, weights, pool["entries"], pool["totalWeight"])
        entry = dict(pool)
        entry.setdefault("alternates", 0)
        entry["codes"], entry["weights"] = codes, weights
        pools.append(entry)
    return sha256_hex(data), manifest, pools


def draw_pool(master, pool):
    """One pool drawn: (result file bytes, winners, alternates drawn)."""
    order = allocate(pool_key(master, pool["id"]), pool["weights"], pool["quota"], pool["alternates"])
    winners = min(pool["quota"], len(order))
    return result_bytes(pool["codes"], order, pool["quota"]), winners, len(order) - winners


# ------------------------------------------------------------------ reading a bundle, bounded

def _safe_relative(name):
    """A path inside the bundle: relative, '/'-separated, no '.', '..' or empty parts, no
    backslash, drive colon or control character."""
    if not name or name.startswith("/") or "\\" in name or ":" in name:
        return False
    if any(unicodedata.category(c)[0] == "C" for c in name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


class FolderBundle:
    """A bundle folder, walked without following links: only regular files and folders."""

    def __init__(self, root):
        self.root = root
        self.label = root.rstrip("/") + "/"
        self.files = {}  # name → (dev, inode, size) as listed
        self.entries = 0
        self._walk("", 0)

    def _walk(self, folder, depth):
        path = os.path.join(self.root, folder) if folder else self.root
        try:
            with os.scandir(path) as entries:
                for entry in entries:  # counted as they come: a folder of millions is refused early
                    self._take(folder + entry.name, entry.path, depth)
        except OSError as e:
            raise Unreadable(self.label + folder, None, "bundle-read", "无法读取文件夹：%s" % e.strerror, "cannot read the folder: %s" % e.strerror)

    def _take(self, name, path, depth):
        st = os.lstat(path)  # not DirEntry.stat(): on Windows it gives no inode to check later
        self.entries += 1
        if self.entries > MAX_ZIP_ENTRIES + MAX_BUNDLE_FILES:
            raise Unreadable(self.label, None, "bundle-files", "证据包中的文件和文件夹过多", "the bundle holds too many files and folders")
        if stat.S_ISDIR(st.st_mode):
            if depth >= MAX_FOLDER_DEPTH:
                raise Unreadable(self.label + name, None, "bundle-files", "文件夹层级过深", "folders nested too deep")
            self._walk(name + "/", depth + 1)
        elif stat.S_ISREG(st.st_mode):
            if len(self.files) >= MAX_BUNDLE_FILES:
                raise Unreadable(self.label, None, "bundle-files", "证据包中的文件超过 %d 个" % MAX_BUNDLE_FILES,
                                 "the bundle holds more than %d files" % MAX_BUNDLE_FILES)
            if st.st_size > MAX_FILE_BYTES:
                raise Unreadable(self.label + name, None, "file-size", "文件超过 1 GiB", "the file is over 1 GiB")
            self.files[name] = (st.st_dev, st.st_ino, st.st_size)
        elif stat.S_ISLNK(st.st_mode):
            raise Unreadable(self.label + name, None, "file-type", "证据包只能含普通文件，这是符号链接",
                             "a bundle holds only regular files; this is a symbolic link")
        else:
            raise Unreadable(self.label + name, None, "file-type", "证据包只能含普通文件，这是特殊文件（FIFO、套接字或设备）",
                             "a bundle holds only regular files; this is a special file (FIFO, socket or device)")

    def names(self):
        return sorted(self.files)

    def chunks(self, name):
        """The file's bytes in chunks, only if it is still the file listed (no link followed)."""
        dev, ino, size = self.files[name]
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(os.path.join(self.root, name), flags)
        except OSError as e:
            raise Unreadable(self.label + name, None, "file-changed", "文件在核验期间被替换或无法打开：%s" % e.strerror,
                             "the file was replaced during the check or cannot be opened: %s" % e.strerror)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino, st.st_size) != (dev, ino, size):
                raise Unreadable(self.label + name, None, "file-changed", "文件在核验期间被替换或改动", "the file was replaced or changed during the check")
            left = size
            while left > 0:
                chunk = f.read(min(READ_CHUNK, left))
                if not chunk:
                    break
                left -= len(chunk)
                yield chunk
            if left != 0 or f.read(1):
                raise Unreadable(self.label + name, None, "file-changed", "文件在核验期间被改动", "the file changed during the check")


def _zip_directory_size(path):
    """The zip's entry count and central directory size from its end record, read before
    zipfile parses anything, so that a zip of millions of entries is refused cheaply."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        end = f.tell()
        f.seek(max(0, end - 65557))
        tail = f.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            return None
        entries, cd_size = struct.unpack("<xxxxxxxxxxHI", tail[at:at + 16])
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            locator = tail[at - 20:at] if at >= 20 else b""
            if not locator.startswith(b"PK\x06\x07"):
                return None
            (offset,) = struct.unpack("<Q", locator[8:16])
            f.seek(offset)
            record = f.read(56)
            if not record.startswith(b"PK\x06\x06") or len(record) < 56:
                return None
            entries, cd_size = struct.unpack("<QQ", record[32:48])
        return entries, cd_size


class ZipBundle:
    """A .zip of a bundle: its files at the root or all under one top folder."""

    def __init__(self, path):
        self.label = path + "/"
        bounds = _zip_directory_size(path)
        if bounds is None:
            raise Unreadable(path, None, "zip-format", "不是可读的 zip 文件", "not a readable zip file")
        if bounds[0] > MAX_ZIP_ENTRIES or bounds[1] > MAX_ZIP_ENTRIES * 4096:
            raise Unreadable(path, None, "zip-entries", "zip 中的条目过多（上限 %d）" % MAX_ZIP_ENTRIES,
                             "the zip holds too many entries (at most %d)" % MAX_ZIP_ENTRIES)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as e:
            raise Unreadable(path, None, "zip-format", "不是可读的 zip 文件", "not a readable zip file: %s" % e)
        listed = {}
        for info in infos:
            name = info.filename
            if not _safe_relative(name.rstrip("/")):
                raise Unreadable(path, None, "zip-format", "zip 条目名称不安全：%s" % js_string(visible(name)),
                                 "a zip entry's name leaves the bundle or is not a plain path: %s" % js_string(visible(name)))
            if name.endswith("/"):
                continue
            mode = info.external_attr >> 16
            if mode and not stat.S_ISREG(mode):
                raise Unreadable(self.label + name, None, "file-type", "zip 条目不是普通文件（如符号链接）",
                                 "the zip entry is not a regular file (a symbolic link, for instance)")
            if info.flag_bits & 1:
                raise Unreadable(self.label + name, None, "zip-format", "zip 条目已加密", "the zip entry is encrypted")
            if name in listed:
                raise Unreadable(self.label + name, None, "zip-duplicate", "zip 中有两个同名条目", "the zip holds two entries of this name")
            if info.file_size > MAX_FILE_BYTES:
                raise Unreadable(self.label + name, None, "file-size", "文件超过 1 GiB", "the file is over 1 GiB")
            if info.file_size > READ_CHUNK and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise Unreadable(self.label + name, None, "zip-ratio", "声明的大小超过压缩后大小的 %d 倍" % MAX_ZIP_RATIO,
                                 "its declared size is over %d times its compressed size" % MAX_ZIP_RATIO)
            listed[name] = info
        if len(listed) > MAX_BUNDLE_FILES:
            raise Unreadable(path, None, "bundle-files", "证据包中的文件超过 %d 个" % MAX_BUNDLE_FILES,
                             "the bundle holds more than %d files" % MAX_BUNDLE_FILES)
        # One top folder holding everything (as a zipped folder is) is taken as the bundle's root.
        tops = {name.split("/", 1)[0] for name in listed}
        prefix = ""
        if len(tops) == 1 and all("/" in name for name in listed):
            prefix = tops.pop() + "/"
            self.label += prefix
        self.files = {name[len(prefix):]: info for name, info in listed.items()}

    def names(self):
        return sorted(self.files)

    def chunks(self, name):
        info = self.files[name]
        try:
            with self.zip.open(info) as f:  # stops at the declared size, checks the CRC
                while True:
                    chunk = f.read(READ_CHUNK)
                    if not chunk:
                        break
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
            raise Unreadable(self.label + name, None, "zip-format", "zip 条目无法读取或已损坏", "the zip entry cannot be read or is damaged: %s" % e)


def open_bundle(path):
    """A folder or a .zip, or a usage problem (exit 2)."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise Unreadable(path, None, "bundle-missing", "找不到证据包：%s" % e.strerror, "no bundle there: %s" % e.strerror)
    if stat.S_ISDIR(st.st_mode):
        bundle = FolderBundle(path)
    elif stat.S_ISREG(st.st_mode):
        bundle = ZipBundle(path)
    else:
        raise Unreadable(path, None, "file-type", "证据包须为文件夹或 .zip 文件", "a bundle is a folder or a .zip file")
    if "SHA256SUMS" not in bundle.files and "journal.jsonl" not in bundle.files and "manifest.json" in bundle.files:
        raise Unreadable(path, None, "usage", "这是封存数据包，不是证据包；数据包请用 run 命令",
                         "this is a package, not a bundle; to draw from a package, use the run command")
    return bundle


# ------------------------------------------------------------------ journal records and event data

class ShapeError(Exception):
    def __init__(self, path, zh, en):
        super().__init__(en)
        self.path, self.zh, self.en = path, zh, en


def _js_length(s):
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


def text(max_length, pattern=None):
    """A string of at most max_length UTF-16 code units (as JavaScript counts), of a form."""
    def check(value, path):
        if not isinstance(value, str):
            raise ShapeError(path, "须为字符串", "must be a string")
        if _js_length(value) > max_length:
            raise ShapeError(path, "超过 %d 个字符" % max_length, "is longer than %d characters" % max_length)
        if pattern is not None and not pattern.match(value):
            raise ShapeError(path, "格式不符", "is not of the required form")
    return check


def one_of(*values):
    def check(value, path):
        if not isinstance(value, str) or value not in values:
            raise ShapeError(path, "须为 %s 之一" % "、".join(values), "must be one of %s" % ", ".join(values))
    return check


def integer(low, high=MAX_TOTAL_WEIGHT, allowed=None):
    def check(value, path):
        if type(value) is not int or not low <= value <= high or (allowed is not None and value not in allowed):
            raise ShapeError(path, "须为 %d 到 %d 的整数" % (low, high), "must be an integer from %d to %d" % (low, high))
    return check


def boolean(value, path):
    if type(value) is not bool:
        raise ShapeError(path, "须为 true 或 false", "must be true or false")


def array(item, max_length):
    def check(value, path):
        if not isinstance(value, list) or len(value) > max_length:
            raise ShapeError(path, "须为至多 %d 项的数组" % max_length, "must be an array of at most %d items" % max_length)
        for i, v in enumerate(value):
            item(v, "%s[%d]" % (path, i))
    return check


def members(required, optional=None):
    """An object with exactly these members (optional ones may be left out)."""
    optional = optional or {}

    def check(value, path):
        if not isinstance(value, dict):
            raise ShapeError(path, "须为对象", "must be an object")
        for key in required:
            if key not in value:
                raise ShapeError(path, "缺少成员 %s" % js_string(key), "has no member %s" % js_string(key))
        for key in value:
            if key not in required and key not in optional:
                raise ShapeError(path, "含有未知成员 %s" % js_string(visible(key)), "has an unknown member %s" % js_string(visible(key)))
        for key, v in value.items():
            (required.get(key) or optional[key])(v, path + "." + key)
    return check


def json_value(value, path):
    """Any journal value: integers only, of magnitude at most 2^53 - 1."""
    if type(value) is int:
        if abs(value) > MAX_TOTAL_WEIGHT:
            raise ShapeError(path, "整数超过 2^53 − 1", "an integer beyond 2^53 - 1")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            json_value(v, "%s[%d]" % (path, i))
    elif isinstance(value, dict):
        for k, v in value.items():
            json_value(v, path + "." + k)


# Spec evidence-bundle 4.1 and 4.4: "count" ≥ 0, "hex64", "id", "by", "text(k)".
COUNT = integer(0)
HEX64_CHECK = text(64, HEX64)
ID_CHECK = text(64, ID_RE)
BY = one_of("notary", "rehearsal-auto")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z", re.IGNORECASE)  # as the kiosk reads it

SCHEDULED_START_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(?:Z|[+-]([0-9]{2}):([0-9]{2}))\Z")


def scheduled_start(value, path):
    """Spec evidence-bundle 4.4: ISO 8601 with its offset, a day the calendar has in 2000..2099."""
    text(25)(value, path)
    m = SCHEDULED_START_RE.match(value)
    if m:
        year, month, day, hour, minute, second, offset_hours, offset_minutes = (int(g or 0) for g in m.groups())
        if (2000 <= year <= 2099 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]
                and hour <= 23 and minute <= 59 and second <= 59 and offset_minutes <= 59 and offset_hours * 60 + offset_minutes <= 14 * 60):
            return
    raise ShapeError(path, "须为带时区的 ISO 8601 日期时间（2000–2099 年日历上有的日子）",
                     "must be an ISO 8601 date and time with its offset (a day the calendar has, 2000 to 2099)")


RECORD = members({"seq": integer(1), "time": text(64), "type": text(64), "data": json_value, "prev": HEX64_CHECK, "hash": HEX64_CHECK})

EVENT_DATA = {
    "ceremony-created": members(
        {"ceremonyId": text(36, UUID_RE), "period": ID_CHECK, "kind": one_of("quota-allocation", "representative-selection"),
         "rehearsal": boolean, "software": members({"name": text(200), "version": text(100), "codeDigest": text(200)})},
        {"notary": members({"kdf": one_of("scrypt"), "N": integer(16384, 131072, (16384, 32768, 65536, 131072)),
                            "r": integer(8, 8), "p": integer(1, 1), "salt": text(32, re.compile(r"[0-9a-f]{32}\Z"))}),
         "venue": text(200), "hostName": text(200), "notaryName": text(200), "scheduledStart": scheduled_start}),
    "package-imported": members(
        {"sealDigest": HEX64_CHECK, "period": ID_CHECK, "title": text(65536), "balls": integer(1, 32),
         "pools": array(members({"id": ID_CHECK, "name": text(65536), "file": text(255), "sha256": HEX64_CHECK,
                                 "entries": COUNT, "totalWeight": COUNT, "quota": COUNT, "alternates": COUNT}), 64)}),
    "seal-digest-confirmed": members({"sealDigest": HEX64_CHECK, "by": BY}),
    "ball-drawn": members({"n": COUNT, "digit": text(1), "source": one_of("machine", "simulator", "manual"), "reading": text(400)}),
    "ball-voided": members({"n": COUNT, "digit": text(1), "reason": text(1000), "by": BY}),
    "ball-alarm": members({"kind": one_of("conflict", "skip"), "n": COUNT, "digit": text(1), "expected": COUNT, "reading": text(400)}),
    "ball-alarm-resolved": members({"decision": one_of("machine-next", "manual"), "by": BY}),
    "seed-confirmed": members({"seed": text(32, re.compile(r"[0-9]*\Z")), "by": BY}),
    "results-computed": members(
        {"masterSeed": HEX64_CHECK, "resultsJsonSha256": HEX64_CHECK,
         "pools": array(members({"id": ID_CHECK, "sha256": HEX64_CHECK, "winners": COUNT, "alternatesDrawn": COUNT}), 64)}),
    "reveal-progressed": members({"pool": COUNT, "page": COUNT}),
    "recording-finished": members({"path": text(4096), "bytes": COUNT, "durationMs": COUNT, "sha256": HEX64_CHECK}),
    "bundle-written": members({"name": text(255), "evidenceDigest": HEX64_CHECK, "files": COUNT}),
    "ceremony-closed": members({"by": BY}),
    "ceremony-aborted": members({"reason": text(1000), "by": BY}),
}

# What ECMAScript's String.prototype.trim removes (Python's str.strip differs: \x1c-\x1f, \x85, \ufeff).
JS_WHITE_SPACE = set("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                     "\u2028\u2029\u202f\u205f\u3000\ufeff")


def blank(s):
    return all(c in JS_WHITE_SPACE for c in s)


def _read_record(file, number, line, prev):
    """One line of the journal, checked as spec evidence-bundle 4.3 says, in that order."""
    def bad(rule, zh, en):
        return Problem(file, number, rule, zh, en)
    try:
        record = strict_json(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise bad("journal-json", "不是有效的 JSON 记录", "not a valid JSON record: %s" % e)
    try:
        RECORD(record, "record")
    except ShapeError as e:
        raise bad("journal-record", "%s %s" % (e.path, e.zh), "%s %s" % (e.path, e.en))
    if canonical(record).encode("utf-8") != line:
        raise bad("journal-canonical", "不是规范 JSON（RFC 8785：键排序、无空白）", "not canonical JSON (RFC 8785: sorted keys, no whitespace)")
    if record["seq"] != number:
        raise bad("journal-seq", "seq 为 %d，应为 %d" % (record["seq"], number), "seq is %d, expected %d" % (record["seq"], number))
    if record["prev"] != prev:
        raise bad("journal-prev", "prev 不是上一条记录的 hash，哈希链断裂", "prev is not the previous record's hash: the chain is broken")
    body = {k: record[k] for k in ("data", "prev", "seq", "time", "type")}
    if sha256_hex(canonical(body).encode("utf-8")) != record["hash"]:
        raise bad("journal-hash", "hash 与记录内容不符（记录被改动）", "hash does not match the record (the record was changed)")
    return record


def read_journal(data, file="journal.jsonl"):
    """journal.jsonl → its records (spec evidence-bundle 4.1–4.3): every line the canonical
    JSON of a record of the six members, seq, prev and hash checked."""
    if not data.endswith(b"\n"):
        # The last line is not finished: a line without its LF is not a record.
        raise Problem(file, data.count(b"\n") + 1, "journal-line", "最后一行没有以换行符结束", "the last line does not end in a line feed")
    records = []
    prev = ZERO_HASH
    for number, line in enumerate(data[:-1].split(b"\n"), start=1):
        try:
            record = _read_record(file, number, line, prev)
        except RecursionError:  # nested deeper than Python recurses: no journal record is nested like that
            raise Problem(file, number, "journal-json", "JSON 嵌套过深，不是日志记录", "JSON nested too deep to be a journal record")
        prev = record["hash"]
        records.append(record)
    return records


class Ceremony:
    """The fold of the journal (spec evidence-bundle 4.5): each event checked against the
    state the events before it made, the facts (4.6) collected on the way."""

    def __init__(self):
        self.created = None
        self.package = None
        self.digest_confirmed = False
        self.balls = []          # [(n, digit, source)] accepted and not voided, in order
        self.voided = []
        self.alarm = None
        self.decision = None     # how the next ball must come after an alarm: machine-next / manual
        self.seed = None
        self.results = None
        self.sealed = False
        self.closed = False
        self.aborted = False
        self.confirmations = []
        self.seq = {}            # the last record of each type

    def apply(self, record):
        """Returns None, or (rule, zh, en) naming why the event may not stand there."""
        kind, data = record["type"], record["data"]
        if kind == "ceremony-created":
            if self.created is not None:
                return ("already-created", "仪式已创建，此事件只能是第一条", "the ceremony exists already: this event can only be the first")
            if not data["rehearsal"] and "notary" not in data:
                return ("pin-required", "正式摇号须有公证员设置的 PIN（notary 密钥）", "a real draw needs the notary's PIN (a notary key)")
            self.created = data
        else:
            if self.created is None:
                return ("not-created", "仪式尚未创建", "no ceremony has been created yet")
            if self.closed:
                return ("closed", "仪式已结束", "the ceremony is closed")
            if self.aborted:
                return ("aborted", "仪式已中止", "the ceremony was aborted")
            if data.get("by") == "rehearsal-auto" and not self.created["rehearsal"]:
                return ("notary-required", "正式摇号须由公证员以 PIN 确认，不能由软件代为确认（rehearsal-auto）",
                        "a real draw is confirmed by the notary with the PIN, never by the software (rehearsal-auto)")
            refusal = getattr(self, "_" + kind.replace("-", "_"))(data)
            if refusal is not None:
                return refusal
        if "by" in data:
            self.confirmations.append({"type": kind, "time": record["time"], "by": data["by"], "journalHead": record["hash"]})
        self.seq[kind] = record["seq"]
        return None

    def _package_imported(self, data):
        if self.balls or self.voided:
            return ("balls-started", "已开始摇球，不能再导入数据包", "balls have been drawn: no package may be imported now")
        if data["period"] != self.created["period"]:
            return ("period-mismatch", "数据包期号与仪式不同", "the package's period is not the ceremony's")
        self.package = data
        self.digest_confirmed = False
        return None

    def _seal_digest_confirmed(self, data):
        if self.package is None:
            return ("no-package", "尚未导入数据包", "no package has been imported")
        if self.digest_confirmed:
            return ("already-confirmed", "封存摘要已确认过", "the seal digest was confirmed already")
        if data["sealDigest"] != self.package["sealDigest"]:
            return ("digest-mismatch", "确认的封存摘要与导入的数据包不同", "the digest confirmed is not the imported package's")
        self.digest_confirmed = True
        return None

    def _ball_drawn(self, data):
        n, digit, source = data["n"], data["digit"], data["source"]
        count = len(self.balls)
        limit = self.package["balls"] if self.package else 0
        if source == "simulator" and not self.created["rehearsal"]:
            return ("simulated-ball", "正式摇号只接受摇号机或人工双人录入的球号，不接受模拟器",
                    "a real draw takes balls only from the ball machine or the manual dual entry, never from the simulator")
        if not self.digest_confirmed:
            return ("digest-unconfirmed", "封存摘要尚未经公证员确认", "the seal digest has not been confirmed")
        if self.seed is not None:
            return ("seed-confirmed", "种子已确认，不能再加球", "the seed is confirmed: no more balls")
        if self.alarm is not None:
            return ("alarm-open", "有未处理的摇号机警报", "a ball-machine alarm is open")
        if self.decision == "manual" and source != "manual":
            return ("manual-expected", "已决定此球由人工录入", "this ball was decided to be entered by hand")
        if self.decision == "machine-next" and source == "manual":
            return ("machine-expected", "已决定此球取摇号机的下一次读数", "this ball was decided to be the machine's next reading")
        if digit not in "0123456789" or len(digit) != 1:
            return ("ball-digit", "球号须为 0 到 9 的一位数字", "a ball is one digit 0 to 9")
        if n <= count:
            return ("ball-duplicate", "第 %d 个球已记录" % n, "ball %d is recorded already" % n)
        if n > limit:
            return ("ball-extra", "超出数据包规定的球数 %d" % limit, "beyond the package's %d balls" % limit)
        if n != count + 1:
            return ("ball-skip", "应为第 %d 个球" % (count + 1), "expected ball %d" % (count + 1))
        self.balls.append((n, digit, source))
        self.decision = None
        return None

    def _ball_voided(self, data):
        if self.seed is not None:
            return ("seed-confirmed", "种子已确认，不能作废球", "the seed is confirmed: no ball may be voided")
        if not self.balls or data["n"] != len(self.balls):
            return ("void-not-last", "只能作废最后一个球", "only the last ball may be voided")
        if data["digit"] != self.balls[-1][1]:
            return ("void-digit", "作废的球号与记录不同", "the digit voided is not the one recorded")
        if blank(data["reason"]):
            return ("reason-required", "作废须写明理由", "a void needs a reason")
        self.balls.pop()
        self.voided.append({"n": data["n"], "digit": data["digit"], "reason": data["reason"]})
        return None

    def _ball_alarm(self, data):
        if not self.digest_confirmed or self.seed is not None:
            return ("not-drawing", "此时不在摇球", "balls are not being taken now")
        if self.alarm is not None:
            return ("alarm-open", "已有未处理的警报", "an alarm is open already")
        self.alarm = data
        return None

    def _ball_alarm_resolved(self, data):
        if self.alarm is None:
            return ("no-alarm", "没有未处理的警报", "no alarm is open")
        if self.alarm["kind"] == "conflict" and len(self.balls) >= self.alarm["n"]:
            return ("void-first", "须先作废冲突的球（及其后的球）", "the conflicting ball (and any after it) must be voided first")
        self.alarm = None
        self.decision = data["decision"]
        return None

    def _seed_confirmed(self, data):
        if self.alarm is not None:
            return ("alarm-open", "有未处理的摇号机警报", "a ball-machine alarm is open")
        if self.seed is not None:
            return ("already-confirmed", "种子已确认过", "the seed was confirmed already")
        if self.package is None or len(self.balls) != self.package["balls"]:
            return ("seed-incomplete", "球未摇齐", "not every ball is in")
        digits = "".join(d for _, d, _ in self.balls)
        if data["seed"] != digits:
            return ("seed-mismatch", "确认的种子 %s 不是记录的球号 %s" % (data["seed"], digits),
                    "the seed confirmed, %s, is not the balls recorded, %s" % (data["seed"], digits))
        self.seed = data["seed"]
        return None

    def _results_computed(self, data):
        if self.seed is None:
            return ("seed-unconfirmed", "种子尚未确认", "the seed has not been confirmed")
        if self.results is not None:
            return ("already-computed", "结果已计算过", "the results were computed already")
        self.results = data
        return None

    def _reveal_progressed(self, data):
        if self.results is None:
            return ("no-results", "尚无结果", "there are no results yet")
        if data["pool"] >= len(self.results["pools"]):
            return ("reveal-range", "揭晓位置超出范围", "the reveal position is out of range")
        return None

    def _recording_finished(self, data):
        return None

    def _bundle_written(self, data):
        if self.results is None:
            return ("no-results", "尚无结果", "there are no results yet")
        self.sealed = True
        return None

    def _ceremony_closed(self, data):
        if not self.sealed:
            return ("not-sealed", "证据包尚未写出", "no bundle has been written")
        self.closed = True
        return None

    def _ceremony_aborted(self, data):
        if blank(data["reason"]):
            return ("reason-required", "中止须写明理由", "an abort needs a reason")
        self.aborted = True
        return None


# ------------------------------------------------------------------ the bundle's checks

# Every bundle carries these (decision 1 of issue 13; the layout of spec evidence-bundle §1);
# per pool also package/<file>, results/<poolId>.csv and publication/gbk/<poolId>.csv. A file
# removed with SHA256SUMS rewritten to match would otherwise show only in the evidence digest.
REQUIRED_FILES = (
    "README.txt", "announcement.html", "announcement.pdf", "journal.jsonl", "operations.jsonl",
    "package/manifest.json", "report.pdf", "results/results.json",
    "spec/ball-machine-protocol.md", "spec/draw-v1.md", "spec/evidence-bundle.md",
    "verify/draw_verify.py", "verify/verify.html",
)
# Folders and files an operating system adds to a folder it shows, copies or zips (macOS's Finder and
# zipping, Windows's Explorer, a stick's volume): named as such when they are found in a bundle.
OS_FOLDERS = ("__MACOSX", ".Spotlight-V100", ".Trashes", ".fseventsd", "System Volume Information")
OS_FILES = (".DS_Store", "Thumbs.db", "desktop.ini")


def os_metadata(name):
    *folders, last = name.split("/")
    return any(f in OS_FOLDERS for f in folders) or last in OS_FILES or last.startswith("._")


# The folders of the package's pool files and each pool's result and GBK CSV (files directly inside them).
PER_POOL_FILE = re.compile(r"(?:package|results|publication/gbk)/[^/]+\Z")
SUMS_LINE = re.compile("([0-9a-f]{64})  ([^\n\r\u2028\u2029]+)\\Z")  # as a JavaScript /^…(.+)$/ reads it
GBK_HEADER = "名次,编码,状态"
GBK_STATUS = {"winner": "中签", "alternate": "候补"}
# Every <tr start tag (any letter case, then white space as JavaScript's \s, "/" or ">", up to the
# next ">") that holds data-pool in any case is a result row: a row spelt otherwise cannot hide.
ROW_START = re.compile("<tr(?:>|[%s/][^>]*)" % re.escape("".join(sorted(JS_WHITE_SPACE))), re.IGNORECASE)
# The whole row as the kiosk writes it: a second, hidden or missing code cell cannot pass.
ROW = re.compile(r'<tr data-pool="([0-9A-Za-z._-]+)" data-rank="([0-9]+)" data-status="(winner|alternate)">'
                 r'<td>([0-9]+)</td><td class="code">([0-9A-Za-z_-]+)</td><td>[^<]*</td></tr>')
COMMENT_OR_TEMPLATE = re.compile(r"<!--|<template", re.IGNORECASE)
END_OF_FILE = "（文件结束 end of file）"


def _kept(name):
    """Files whose bytes later checks read (the PDFs and the rest are only hashed)."""
    return name.startswith(("package/", "results/", "publication/gbk/")) or name in ("journal.jsonl", "announcement.html")


def _first_difference(expected, actual):
    """The index of the first item that differs, or None when the lists are equal."""
    for i, (a, b) in enumerate(zip(expected, actual)):
        if a != b:
            return i
    return None if len(expected) == len(actual) else min(len(expected), len(actual))


def _result_rows(result):
    """A result file's rows after its header: [(rank, code, status)] as text."""
    return [tuple(row.split(",")) for row in result.decode("ascii").split("\n")[1:-1]]


class Verification:
    """The checks of spec evidence-bundle §9, in order; each adds one item to the report and
    the first that fails raises its Problem."""

    def __init__(self, bundle, report):
        self.bundle = bundle
        self.report = report
        self.files = {}
        self.facts = {}
        self.listed = []

    def run(self):
        self.check_sums()
        records = self.check_chain()
        ceremony = self.check_facts(records)
        seal, manifest, pools = self.check_package(ceremony)
        master = self.check_seed(ceremony, seal, manifest)
        drawn = [self.check_pool(ceremony, pool, master, index) for index, pool in enumerate(pools)]
        self.check_summary(ceremony, manifest, pools, drawn, seal, master)
        for pool, (result, _, _) in zip(pools, drawn):
            self.check_gbk(pool, result)
        self.check_announcement(pools, drawn)

    def read(self, name, cap=MAX_FILE_BYTES):
        parts, size = [], 0
        for chunk in self.bundle.chunks(name):
            size += len(chunk)
            if size > cap:
                raise Unreadable(name, None, "file-size", "文件超过 %d 字节" % cap, "the file is over %d bytes" % cap)
            parts.append(chunk)
        return b"".join(parts)

    def hash_file(self, name):
        if _kept(name):
            self.files[name] = self.read(name)
            return sha256_hex(self.files[name])
        h = hashlib.sha256()
        for chunk in self.bundle.chunks(name):
            h.update(chunk)
        return h.hexdigest()

    def needed(self, name, zh, en):
        data = self.files.get(name)
        if data is None:
            raise Problem(name, None, "file-missing", "缺少%s" % zh, "%s is missing" % en)
        return data

    # §2 SHA256SUMS, §3 the evidence digest
    def check_sums(self):
        self.report.current = "sums"
        names = self.bundle.names()
        if "SHA256SUMS" not in names:
            # Not a bundle at all (exit 2): files an operating system added (macOS's __MACOSX/ beside a zipped folder) may be why.
            why = (("。此处有操作系统加入的文件（如 macOS 压缩时加入的 __MACOSX/），使证据包既不在 .zip 的根也不在其唯一的顶层文件夹中："
                    "删去它们后再核验，或直接核验证据包的文件夹",
                    ". The operating system added files here (such as the __MACOSX/ macOS adds to a zip), so the bundle is neither at the zip's "
                    "root nor in its one top folder: remove them and verify again, or verify the bundle's folder")
                   if any(os_metadata(n) for n in names) else ("", ""))
            raise Unreadable("SHA256SUMS", None, "not-a-bundle", "这里没有 SHA256SUMS：这不是证据包。请选择证据包本身的文件夹或 .zip（其中有 SHA256SUMS）" + why[0],
                             "there is no SHA256SUMS here: this is not a bundle. Pick the bundle's own folder or .zip, the one holding SHA256SUMS" + why[1])
        data = self.read("SHA256SUMS", MAX_SUMS_BYTES)
        # An LF after every line first, then UTF-8 (a byte-order mark is kept, so line 1 fails): as journal.jsonl is read.
        if not data.endswith(b"\n"):
            raise Problem("SHA256SUMS", data.count(b"\n") + 1, "sums-line", "最后一行没有以换行符结束", "the last line does not end in a line feed")
        try:
            content = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Problem("SHA256SUMS", data.count(b"\n", 0, e.start) + 1, "sums-line", "不是 UTF-8", "not UTF-8")
        lines = content[:-1].split("\n")
        listed = {}
        for number, line in enumerate(lines, start=1):
            match = SUMS_LINE.match(line)
            if not match:
                raise Problem("SHA256SUMS", number, "sums-line", "行格式不符 \"<sha256>  <路径>\"", "the line is not \"<sha256>  <path>\"")
            digest, name = match.groups()
            if name == "SHA256SUMS" or any(part in ("", "..") for part in name.split("/")):
                raise Problem("SHA256SUMS", number, "sums-path", "路径 %s 指向证据包以外或不是普通路径" % js_string(visible(name)),
                              "the path %s leads out of the bundle or is not a plain path" % js_string(visible(name)))
            if name in listed:
                raise Problem("SHA256SUMS", number, "sums-line", "%s 列出了两次" % js_string(visible(name)), "%s is listed twice" % js_string(visible(name)))
            listed[name] = digest
        present = set(names)
        for name, digest in listed.items():
            if name not in present:
                raise Problem(name, None, "file-missing", "SHA256SUMS 列出了此文件，但证据包中缺失",
                              "SHA256SUMS lists it but it is missing from the bundle")
            actual = self.hash_file(name)
            if actual != digest:
                raise Problem(name, None, "file-sha256", "内容与 SHA256SUMS 不符（其 SHA-256 为 %s）" % actual,
                              "its content does not match SHA256SUMS (its SHA-256 is %s)" % actual)
        for name in names:
            if name != "SHA256SUMS" and name not in listed and os_metadata(name):
                # A copy of an honest bundle may carry what Finder or Explorer added: still refused, but said so.
                raise Problem(name, None, "os-metadata",
                              "此文件是操作系统加入的（如 macOS 的 .DS_Store、._* 与 __MACOSX/，Windows 的 Thumbs.db 与 desktop.ini），不属于证据包，"
                              "SHA256SUMS 中没有它：它随证据包的复制或压缩而来，本身不是篡改的迹象。请删去这类文件（或核验公证员保存的原件）后再核验",
                              "the operating system added this file (such as macOS's .DS_Store, ._* and __MACOSX/, Windows's Thumbs.db and desktop.ini): "
                              "it is not part of the bundle and SHA256SUMS does not list it. It came with a copy or a zip of the bundle and is no sign of "
                              "tampering by itself: remove such files (or verify the notary's original) and verify again")
            if name != "SHA256SUMS" and name not in listed:
                raise Problem(name, None, "file-unlisted", "SHA256SUMS 未列出此文件", "this file is not listed in SHA256SUMS")
        # Nothing beyond the layout: a file added beside it (a fake winners list, say) is refused.
        for name in listed:
            if name not in REQUIRED_FILES and not PER_POOL_FILE.match(name):
                raise Problem(name, None, "file-extra", "此文件不属于证据包的内容（见规范 evidence-bundle §1）",
                              "this file is not part of an evidence bundle (spec evidence-bundle §1)")
        for name in REQUIRED_FILES:
            if name not in listed:
                raise Problem(name, None, "file-missing", "证据包缺少此文件，而每个证据包都有它", "the bundle lacks this file, which every bundle holds")
        self.listed = list(listed)
        evidence = "".join(line + "\n" for line in lines if line[66:] != "report.pdf")
        self.facts["evidenceDigest"] = sha256_hex(evidence.encode("utf-8"))
        self.report.passed("sums", "SHA256SUMS 列出的 %d 个文件都在且一致，没有未列出的文件，证据包应有的文件齐全" % len(listed),
                           "all %d files SHA256SUMS lists are present and match; no file is unlisted; every file a bundle holds is there"
                           % len(listed), "SHA256SUMS")

    # §4.1–4.3 the journal's chain
    def check_chain(self):
        self.report.current = "journal-chain"
        records = read_journal(self.needed("journal.jsonl", "仪式日志 journal.jsonl", "the journal, journal.jsonl,"))
        self.report.passed("journal-chain", "日志 journal.jsonl 的 %d 条记录都是规范 JSON，哈希链完整" % len(records),
                           "the %d records of journal.jsonl are canonical JSON and their hash chain holds" % len(records), "journal.jsonl")
        return records

    # §4.4–4.5 the journal's facts
    def check_facts(self, records):
        self.report.current = "journal-facts"
        ceremony = Ceremony()
        try:
            for record in records:
                def refuse(rule, zh, en):
                    return Problem("journal.jsonl", record["seq"], rule, zh, en)
                shape = EVENT_DATA.get(record["type"])
                if shape is None:
                    raise refuse("event-type", "未知的事件类型 %s" % js_string(visible(record["type"])),
                                 "an unknown event type %s" % js_string(visible(record["type"])))
                try:
                    shape(record["data"], "data")
                except ShapeError as e:
                    raise refuse("event-data", "%s 事件的 %s %s" % (record["type"], e.path, e.zh),
                                 "the %s event's %s %s" % (record["type"], e.path, e.en))
                refusal = ceremony.apply(record)
                if refusal is not None:
                    rule, zh, en = refusal
                    raise refuse(rule, "此处不应有 %s 事件：%s" % (record["type"], zh),
                                 "the %s event should have been refused here: %s" % (record["type"], en))
        finally:
            self.collect_facts(ceremony)
        for missing, zh, en in ((ceremony.created is None, "没有创建仪式", "no ceremony was created"),
                                (ceremony.package is None, "没有导入数据包", "no package was imported"),
                                (ceremony.seed is None, "种子未经确认", "the seed was not confirmed"),
                                (ceremony.results is None, "没有计算结果", "no results were computed")):
            if missing:
                raise Problem("journal.jsonl", len(records) or None, "journal-incomplete", "日志不完整：%s" % zh, "the journal is incomplete: %s" % en)
        rehearsal = ceremony.created["rehearsal"]
        # The PIN's MACs are not in a bundle (a 6-digit PIN could be found from them): say what the journal records, no more.
        self.report.passed("journal-facts", "每个事件都合乎规则（%s）：导入数据包、确认封存摘要、%d 个球、确认种子、计算结果"
                           % ("演练" if rehearsal else "正式摇号：日志记载每次确认均为公证员所作（PIN 无法从证据包核验），无模拟球", len(ceremony.balls)),
                           "every event is allowed where it stands (%s): package imported, seal digest confirmed, %d balls, seed confirmed, results computed"
                           % ("a rehearsal" if rehearsal else "a real draw: the journal records every confirmation as the notary's "
                              "(the PIN cannot be checked from the bundle), no simulated ball", len(ceremony.balls)),
                           "journal.jsonl")
        return ceremony

    def collect_facts(self, ceremony):
        """Spec evidence-bundle 4.6, from as far as the fold got."""
        created, package, results = ceremony.created or {}, ceremony.package or {}, ceremony.results or {}
        drawn = {p["id"]: p for p in results.get("pools", [])}
        self.facts.update({
            "title": package.get("title", ""), "period": package.get("period", created.get("period", "")),
            "rehearsal": created.get("rehearsal", True), "ceremonyId": created.get("ceremonyId", ""),
            "sealDigest": package.get("sealDigest", ""), "seed": ceremony.seed or "",
            "masterSeed": results.get("masterSeed", ""),
            "balls": [{"n": n, "digit": d, "source": s} for n, d, s in ceremony.balls],
            "voided": list(ceremony.voided),
            "confirmations": list(ceremony.confirmations),
            "pools": [{"id": p["id"], "name": p["name"], "winners": drawn.get(p["id"], {}).get("winners", 0),
                       "alternates": drawn.get(p["id"], {}).get("alternatesDrawn", 0), "sha256": drawn.get(p["id"], {}).get("sha256", "")}
                      for p in package.get("pools", [])],
        })

    # §5 the package
    def check_package(self, ceremony):
        self.report.current = "package"
        package = {name[len("package/"):]: data for name, data in self.files.items() if name.startswith("package/")}
        try:
            seal, manifest, pools = read_package(package)
        except Problem as e:
            raise e.under("package/")
        imported = ceremony.package
        if seal != imported["sealDigest"]:
            raise Problem("package/manifest.json", None, "seal-digest", "封存摘要为 %s，与日志记载的 %s 不同" % (seal, imported["sealDigest"]),
                          "its seal digest is %s, not the journaled seal digest %s" % (seal, imported["sealDigest"]))
        # The facts shown (title, pool names) are the journal's: they must be the manifest's own.
        expected = {"sealDigest": seal, "period": manifest["period"], "title": manifest["title"], "balls": manifest["seed"]["balls"],
                    "pools": [{k: p[k] for k in ("id", "name", "file", "sha256", "entries", "totalWeight", "quota", "alternates")} for p in pools]}
        if canonical(expected) != canonical(imported):
            raise Problem("journal.jsonl", ceremony.seq["package-imported"], "package-mismatch",
                          "日志记载的数据包信息（标题、池等）与 package/manifest.json 不符",
                          "the package the journal records (title, pools, …) differs from package/manifest.json")
        # In package/, results/ and publication/gbk/ only what the manifest names: a forged winners list beside them is refused.
        named = {"package/manifest.json", "results/results.json"}
        for p in pools:
            named |= {"package/" + p["file"], "results/%s.csv" % p["id"], "publication/gbk/%s.csv" % p["id"]}
        for name in self.listed:
            if PER_POOL_FILE.match(name) and name not in named:
                raise Problem(name, None, "file-extra", "清单中没有哪个池用到此文件：它不属于证据包（见规范 evidence-bundle §5）",
                              "no pool of the manifest names this file: it is not part of the bundle (spec evidence-bundle §5)")
        entries = sum(p["entries"] for p in pools)
        self.report.passed("package", "数据包符合规范 draw-v1 第 1 节（%d 个池，%d 条），封存摘要与日志记载一致；"
                           "package/、results/、publication/gbk/ 中只有清单所列各池的文件" % (len(pools), entries),
                           "the package passes every rule of spec draw-v1 §1 (%d pools, %d entries) and its seal digest is the journaled one; "
                           "package/, results/ and publication/gbk/ hold only the files of the manifest's pools"
                           % (len(pools), entries), "package/manifest.json")
        return seal, manifest, pools

    # §5 the seed
    def check_seed(self, ceremony, seal, manifest):
        self.report.current = "seed"
        digits = "".join(d for _, d, _ in ceremony.balls)
        balls = manifest["seed"]["balls"]
        if ceremony.seed != digits or len(digits) != balls:
            raise Problem("journal.jsonl", ceremony.seq["seed-confirmed"], "seed-mismatch",
                          "确认的种子 %s 不是 %d 个记录的球号 %s" % (ceremony.seed, balls, digits),
                          "the seed confirmed, %s, is not the %d balls recorded, %s" % (ceremony.seed, balls, digits))
        master = master_seed(seal, ceremony.seed)
        if ceremony.results["masterSeed"] != master.hex():
            raise Problem("journal.jsonl", ceremony.seq["results-computed"], "master-seed",
                          "主种子重新计算为 %s，日志记载为 %s" % (master.hex(), ceremony.results["masterSeed"]),
                          "the master seed recomputed is %s, the journal says %s" % (master.hex(), ceremony.results["masterSeed"]))
        voided = len(ceremony.voided)
        self.report.passed("seed", "球号 %s（%d 个球%s）即公证员确认的种子；由此导出的主种子与日志记载一致"
                           % (digits, len(digits), "，另作废 %d 个" % voided if voided else ""),
                           "the balls %s (%d balls%s) are the confirmed seed, and the master seed they give is the journaled one"
                           % (digits, len(digits), ", %d voided" % voided if voided else ""), "journal.jsonl")
        return master

    # §6 every pool drawn again
    def check_pool(self, ceremony, pool, master, index):
        pool_id = pool["id"]
        self.report.current = "results:" + pool_id
        result, winners, alternates = draw_pool(master, pool)
        name = "results/%s.csv" % pool_id
        actual = self.needed(name, "此池的结果文件", "this pool's result file")
        if actual != result:
            expected_lines, actual_lines = result.split(b"\n"), actual.split(b"\n")
            i = _first_difference(expected_lines, actual_lines)
            want = expected_lines[i].decode() if i < len(expected_lines) else END_OF_FILE
            got = actual_lines[i].decode("utf-8", "replace") if i < len(actual_lines) else END_OF_FILE
            raise Problem(name, i + 1, "results-differ", "重新计算的此行为 %s，文件中为 %s" % (js_string(want), js_string(visible(got))),
                          "recomputed, this line is %s; the file has %s" % (js_string(want), js_string(visible(got))))
        journaled = ceremony.results["pools"]
        expected = {"id": pool_id, "sha256": sha256_hex(result), "winners": winners, "alternatesDrawn": alternates}
        if index >= len(journaled) or journaled[index] != expected:
            raise Problem("journal.jsonl", ceremony.seq["results-computed"], "results-journal",
                          "日志记载的第 %d 个池的结果（编号、摘要、人数）与重新计算的池 %s 不同" % (index + 1, pool_id),
                          "the journal's results for pool %d (id, digest, counts) differ from pool %s recomputed" % (index + 1, pool_id))
        self.report.passed("results:" + pool_id, "池 %s（%s）：重新计算的 %d 名中签、%d 名候补与 %s 逐字节相同"
                           % (pool_id, visible(pool["name"]), winners, alternates, name),
                           "pool %s (%s): the %d winners and %d alternates recomputed equal %s byte for byte"
                           % (pool_id, visible(pool["name"]), winners, alternates, name), name)
        return result, winners, alternates

    # §6 results.json, the master seed and the journal's digest of the summary
    def check_summary(self, ceremony, manifest, pools, drawn, seal, master):
        self.report.current = "results-summary"
        results = ceremony.results
        line = ceremony.seq["results-computed"]
        if len(results["pools"]) != len(pools):
            raise Problem("journal.jsonl", line, "results-journal", "日志记载的结果有 %d 个池，数据包有 %d 个" % (len(results["pools"]), len(pools)),
                          "the journaled results list %d pools, the package has %d" % (len(results["pools"]), len(pools)))
        name = "results/results.json"
        summary = {
            "format": "draw-results/1", "spec": "draw-v1", "period": manifest["period"], "title": manifest["title"],
            "sealDigest": seal, "balls": ceremony.seed, "masterSeed": master.hex(),
            "pools": [{"id": p["id"], "name": p["name"], "entries": p["entries"], "totalWeight": p["totalWeight"],
                       "quota": p["quota"], "alternates": p["alternates"], "winners": w, "alternatesDrawn": a,
                       "file": p["id"] + ".csv", "sha256": sha256_hex(r)} for p, (r, w, a) in zip(pools, drawn)],
            "ceremonyId": ceremony.created["ceremonyId"], "rehearsal": ceremony.created["rehearsal"],
        }
        expected = (pretty(summary) + "\n").encode("utf-8")
        actual = self.needed(name, "结果摘要 results.json", "the summary, results.json,")
        if actual != expected:
            expected_lines, actual_lines = expected.split(b"\n"), actual.split(b"\n")
            i = _first_difference(expected_lines, actual_lines)
            want = expected_lines[i].decode().strip() if i < len(expected_lines) else END_OF_FILE
            raise Problem(name, i + 1, "results-json", "与重新计算的结果不符，此行应为 %s" % want,
                          "differs from the results recomputed; this line should read %s" % want)
        if sha256_hex(actual) != results["resultsJsonSha256"]:
            raise Problem("journal.jsonl", line, "results-journal", "日志记载的 results.json 摘要与文件不符",
                          "the journal's digest of results.json does not match the file")
        self.report.passed("results-summary", "results/results.json 与重新计算的结果摘要逐字节相同，其 SHA-256 与日志记载一致",
                           "results/results.json is the results summary recomputed, byte for byte, and its SHA-256 is the journaled one", name)

    # §7.1 the GBK CSVs
    def check_gbk(self, pool, result):
        pool_id = pool["id"]
        self.report.current = "gbk:" + pool_id
        name = "publication/gbk/%s.csv" % pool_id
        data = self.needed(name, "此池的 GBK 结果文件", "this pool's GBK file")
        try:
            content = data.decode("gbk")
        except UnicodeDecodeError as e:
            raise Problem(name, data.count(b"\n", 0, e.start) + 1, "gbk-encoding", "不是 GBK 编码的文本", "not GBK text")
        expected = [GBK_HEADER] + ["%s,%s,%s" % (rank, code, GBK_STATUS[status]) for rank, code, status in _result_rows(result)]
        lines = content.split("\r\n")
        ended = lines[-1] == ""
        if ended:
            lines.pop()
        i = _first_difference(expected, lines)
        if i is None and not ended:
            raise Problem(name, len(lines), "gbk-row", "每行（含最后一行）须以 CRLF 结束", "every line, the last included, must end in CR LF")
        if i is not None:
            want = expected[i] if i < len(expected) else END_OF_FILE
            got = lines[i] if i < len(lines) else END_OF_FILE
            raise Problem(name, i + 1, "gbk-row", "此行应为 %s，文件中为 %s" % (js_string(want), js_string(visible(got))),
                          "this line should be %s; the file has %s" % (js_string(want), js_string(visible(got))))
        self.report.passed("gbk:" + pool_id, "%s（GBK）与池 %s 的结果逐行一致" % (name, pool_id),
                           "%s (GBK) agrees with pool %s's results line by line" % (name, pool_id), name)

    # §7.2 the announcement's rows
    def check_announcement(self, pools, drawn):
        self.report.current = "announcement"
        name = "announcement.html"
        data = self.needed(name, "公告 announcement.html", "the announcement, announcement.html,")
        try:
            html = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise Problem(name, data.count(b"\n", 0, e.start) + 1, "announcement-row", "不是 UTF-8", "not UTF-8")
        expected = [(pool["id"], rank, status, code) for pool, (result, _, _) in zip(pools, drawn)
                    for rank, code, status in _result_rows(result)]

        def fail(at, zh, en):
            line = html.count("\n", 0, at) + 1 if at >= 0 else None  # counted only for the failure
            return Problem(name, line, "announcement-row", zh, en)

        def row_zh(row):
            return "池 %s 第 %s 名 %s %s" % (row[0], row[1], GBK_STATUS[row[2]], row[3]) if row else "无"

        def row_en(row):
            return "pool %s rank %s %s %s" % row if row else "none"

        hidden = COMMENT_OR_TEMPLATE.search(html)
        if hidden:
            raise fail(hidden.start(), "公告中不得有注释或模板（其中的内容不显示）",
                       "the announcement may hold no comment or template (what is inside does not show)")
        for m in ROW_START.finditer(html):
            if "data-pool" not in m.group().lower() and not (m.group() == "<tr>" and html.startswith("<th", m.end())):
                raise fail(m.start(), "不带 data-pool 的表格行只能是表头行 <tr><th>",
                           "a table row without data-pool may only be a header row <tr><th>")
        starts = (m.start() for m in ROW_START.finditer(html) if "data-pool" in m.group().lower())
        at = next(starts, -1)
        index = 0
        while at >= 0 or index < len(expected):
            found = None
            if at >= 0:
                row = ROW.match(html, at)
                if not row or row.group(2) != row.group(4):
                    raise fail(at, "结果行须恰写作 <tr data-pool=\"池\" data-rank=\"名次\" data-status=\"…\"><td>名次</td><td class=\"code\">编码</td><td>状态</td></tr>",
                               "a result row must be written exactly <tr data-pool=\"POOL\" data-rank=\"RANK\" data-status=\"…\"><td>RANK</td><td class=\"code\">CODE</td><td>STATUS</td></tr>")
                found = row.group(1, 2, 3, 5)
            want = expected[index] if index < len(expected) else None
            if found != want:
                raise fail(at, "第 %d 个结果行应为“%s”，公告中为“%s”" % (index + 1, row_zh(want), row_zh(found)),
                           "result row %d should be \"%s\"; the announcement has \"%s\"" % (index + 1, row_en(want), row_en(found)))
            index += 1
            at = next(starts, -1)
        self.report.passed("announcement", "公告 announcement.html 的 %d 个结果行与各池结果一致" % len(expected),
                           "the %d result rows of announcement.html agree with every pool's results" % len(expected), name)


# ------------------------------------------------------------------ the report

class Report:
    """The checks in order, each passed or failed, printed as they are done (text) or
    gathered into one JSON object."""

    def __init__(self, as_json):
        self.as_json = as_json
        self.checks = []
        self.current = None

    def say(self, text=""):
        if not self.as_json:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()

    def passed(self, check_id, zh, en, file=None):
        item = {"id": check_id, "ok": True, "zh": zh, "en": en}
        if file is not None:
            item["file"] = file
        self.checks.append(item)
        self.say("✓ " + zh)
        self.say("  " + en)

    def failed(self, problem):
        item = {"id": self.current, "ok": False, "zh": problem.zh, "en": problem.en, "file": problem.file, "rule": problem.rule}
        if problem.line is not None:
            item["line"] = problem.line
        self.checks.append(item)
        self.say("✗ %s: %s" % (visible(problem.where()), problem.rule))
        self.say("  " + problem.zh)
        self.say("  " + problem.en)


def print_facts(report, facts, ok):
    say = report.say
    say()
    say("事实 / Facts" + ("" if ok else "（出自未通过核验的证据包，不可作准 / from a bundle that failed: do not rely on them）"))
    say("  标题 Title:            " + visible(facts["title"]))
    say("  期号 Period:           " + facts["period"])
    if facts["rehearsal"]:
        say("  性质 Kind:             演练 REHEARSAL — 不是正式摇号的结果 / not the result of a real draw")
    else:
        say("  性质 Kind:             正式摇号 REAL DRAW")
    say("  仪式编号 Ceremony:     " + facts["ceremonyId"])
    say("  封存摘要 Seal digest:  " + groups_of_four(facts["sealDigest"]))
    say("                         （与公证员封存时的纸质记录比对 / compare with the notary's paper record of the sealing）")
    # The words of draw-core/bundle-words.ts, so both verifiers name a thing alike.
    sources = {"machine": "摇号机 machine", "manual": "人工录入 manual entry", "simulator": "模拟器 simulator"}
    counts = [(sources[s], sum(1 for b in facts["balls"] if b["source"] == s)) for s in sources]
    say("  种子（球号）Seed (the balls): %s（来源 from: %s）" % (facts["seed"], ", ".join("%s ×%d" % c for c in counts if c[1])))
    for v in facts["voided"]:
        say("    作废 voided: 第 %d 个球 ball %d = %s（%s）" % (v["n"], v["n"], v["digit"], visible(v["reason"])))
    say("  主种子 Master seed:    " + groups_of_four(facts["masterSeed"]))
    say("  证据摘要 Evidence digest: " + groups_of_four(facts["evidenceDigest"]))
    # report.pdf is outside the evidence digest, so anyone can replace it: only the signed paper counts.
    say("                         （与公证员签字的纸质报告上所印的证据摘要及二维码比对，或与封存时大屏与直播所示的比对；")
    say("                          本文件夹中的 report.pdf 不在证据摘要之内，本身不能证明什么）")
    say("                         (compare with the evidence digest and QR code printed on the paper report the notary")
    say("                          signed, or shown on the stage and the livestream at sealing; report.pdf in this folder")
    say("                          is outside the evidence digest and proves nothing by itself)")
    names = {"seal-digest-confirmed": "确认封存摘要 seal digest confirmed", "seed-confirmed": "确认种子 seed confirmed",
             "ball-voided": "作废球 ball voided", "ball-alarm-resolved": "警报处理 alarm resolved",
             "ceremony-closed": "结束 closed", "ceremony-aborted": "中止 aborted"}
    say("  确认 Confirmations:")
    for c in facts["confirmations"]:
        who = "公证员 notary（日志所载 as journaled）" if c["by"] == "notary" else "软件代为确认（仅限演练）software, for a rehearsal"
        say("    %s: %s, %s" % (names.get(c["type"], c["type"]), beijing_time(c["time"]), who))
        say("      此时的日志头 journal head then: %s" % groups_of_four(c["journalHead"]))
    say("  池 Pools:")
    for p in facts["pools"]:
        say("    %s %s: 中签 winners %d, 候补 alternates %d, SHA-256 %s" % (p["id"], visible(p["name"]), p["winners"], p["alternates"], p["sha256"]))


FACT_KEYS = ("title", "period", "rehearsal", "ceremonyId", "sealDigest", "seed", "masterSeed", "evidenceDigest",
             "balls", "voided", "confirmations", "pools")


def verify_bundle(path, as_json):
    report = Report(as_json)
    report.say("核验证据包 / Checking the evidence bundle: " + visible(path))
    report.say("依据规范 / by the specs: draw-v1, evidence-bundle (spec/ in the bundle)")
    report.say()
    verification = None
    try:
        bundle = open_bundle(path)
        verification = Verification(bundle, report)
        verification.run()
        problem = None
    except Unreadable as e:
        return unreadable(e, as_json, report)
    except Problem as e:
        problem = e
        report.failed(e)
    facts = None
    if verification is not None and "title" in verification.facts:
        facts = {key: verification.facts.get(key, "") for key in FACT_KEYS}
    ok = problem is None
    if as_json:
        out = {"ok": ok, "checks": report.checks}
        if facts is not None:
            out["facts"] = facts
        sys.stdout.write(escape_surrogates(json.dumps(out, ensure_ascii=False, indent=2)) + "\n")
        return 0 if ok else 1
    if facts is not None:
        print_facts(report, facts, ok)
    report.say()
    if ok:
        report.say("结论 / Verdict: 核验通过 VERIFIED")
        report.say("  每项检查都与规范一致：结果由数据包和确认的种子重新计算，与证据包及公布的文件逐一相同。")
        report.say("  Every check agrees with the specs: the results, recomputed from the package and the confirmed seed,")
        report.say("  equal the bundle's and the published files.")
        if facts["rehearsal"]:
            report.say("  注意：这是演练，不是正式摇号。/ Note: this is a rehearsal, not a real draw.")
        report.say("verified")
        return 0
    report.say("结论 / Verdict: 核验失败 FAILED")
    report.say("  第一个不一致之处 / the first thing that fails: %s: %s" % (visible(problem.where()), problem.rule))
    report.say("  此证据包不能证明这次摇号的结果。/ This bundle does not prove the draw's results.")
    report.say("failed")
    return 1


def unreadable(problem, as_json, report=None):
    if as_json:
        sys.stdout.write(escape_surrogates(json.dumps({"ok": False, "checks": report.checks if report else [],
                                                       "error": {"file": problem.file, "rule": problem.rule, "zh": problem.zh, "en": problem.en}},
                                                      ensure_ascii=False, indent=2)) + "\n")
    sys.stderr.write(visible(problem.text()) + "\n")
    return 2


# ------------------------------------------------------------------ conformance vectors

def _vector_pool_file(case):
    try:
        codes, weights = parse_pool_file("pool.csv", case["text"].encode("utf-8"))
        check_counts("pool.csv", codes, weights, case["entries"], case["totalWeight"])
    except Problem as e:
        if case["accept"]:
            return "refused (%s), expected accepted" % e.text()
        if e.rule != case["rule"] or e.line != case.get("line"):
            return "refused with %s line %s, expected %s line %s" % (e.rule, e.line, case["rule"], case.get("line"))
        return None
    return None if case["accept"] else "accepted, expected refused with %s" % case["rule"]


def _vector_package(case):
    files = {}
    for f in case["files"]:
        files[f["name"]] = f["text"].encode("utf-8")
    try:
        seal, manifest, pools = read_package(files)
    except Problem as e:
        error = case.get("error")
        if error is None:
            return "refused (%s), expected accepted" % e.text()
        if (e.rule, e.file, e.line) != (error["rule"], error["file"], error.get("line")):
            return "refused with %s, expected %s in %s line %s" % (e.text(), error["rule"], error["file"], error.get("line"))
        return None
    if "error" in case:
        return "accepted, expected refused with %s" % case["error"]["rule"]
    if seal != case["sealDigest"]:
        return "seal digest %s, expected %s" % (seal, case["sealDigest"])
    master = master_seed(seal, case["balls"])
    if master.hex() != case["masterSeed"]:
        return "master seed %s, expected %s" % (master.hex(), case["masterSeed"])
    if [p["id"] for p in case["pools"]] != [p["id"] for p in pools]:
        return "the pools listed differ from the manifest's"
    for pool, want in zip(pools, case["pools"]):
        key = pool_key(master, pool["id"]).hex()
        result, _, _ = draw_pool(master, pool)
        if key != want["poolKey"]:
            return "pool %s: key %s, expected %s" % (pool["id"], key, want["poolKey"])
        if want["file"] != pool["id"] + ".csv" or result != want["result"].encode("utf-8") or sha256_hex(result) != want["sha256"]:
            return "pool %s: the result file differs" % pool["id"]
    return None


def _vector_uniform(case):
    stream = Stream(bytes.fromhex(case["key"]))
    for number, call in enumerate(case["calls"], start=1):
        consumed = []
        value = stream.uniform(call["m"], consumed)
        if value != call["value"] or [str(u) for u in consumed] != call["words"]:
            return "call %d: uniform(%d) = %d after words %s, expected %d after %s" % (
                number, call["m"], value, [str(u) for u in consumed], call["value"], call["words"])
    following = str(stream.next_u64())
    return None if following == case["next"] else "the next word is %s, expected %s" % (following, case["next"])


def _vector_stream(case):
    stream = Stream(bytes.fromhex(case["key"]))
    words = [str(stream.next_u64()) for _ in case["words"]]
    return None if words == case["words"] else "words %s, expected %s" % (words, case["words"])


def _expect(actual, expected, what):
    return None if actual == expected else "%s %s, expected %s" % (what, actual, expected)


VECTOR_KINDS = {
    "seed": lambda c: _expect(master_seed(c["sealDigest"], c["balls"]).hex(), c["masterSeed"], "master seed"),
    "pool-key": lambda c: _expect(pool_key(bytes.fromhex(c["masterSeed"]), c["poolId"]).hex(), c["poolKey"], "pool key"),
    "stream": _vector_stream,
    "uniform": _vector_uniform,
    "sampling": lambda c: _expect(allocate(bytes.fromhex(c["key"]), c["weights"], c["quota"], c["alternates"]), c["selected"], "selected"),
    "pool-file": _vector_pool_file,
    "package": _vector_package,
}


def run_vectors(folder, as_json):
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    except OSError as e:
        return unreadable(Unreadable(folder, None, "vectors-missing", "无法读取向量文件夹：%s" % e.strerror,
                                     "cannot read the vectors folder: %s" % e.strerror), as_json)
    if not names:
        return unreadable(Unreadable(folder, None, "vectors-missing", "文件夹中没有向量文件（*.json）", "the folder holds no vector files (*.json)"), as_json)
    results = []
    for name in names:
        def failure(case, message):
            results.append({"file": name, "case": case, "ok": False, "message": message})
        try:
            with open(os.path.join(folder, name), "rb") as f:
                doc = json.loads(f.read(64 << 20).decode("utf-8"))
        except (OSError, ValueError) as e:
            failure(None, "not a readable JSON file: %s" % e)
            continue
        if not isinstance(doc, dict) or doc.get("format") != "draw-vectors/1" or doc.get("spec") != "draw-v1":
            failure(None, "format is not draw-vectors/1 for spec draw-v1")
            continue
        run = VECTOR_KINDS.get(doc.get("kind"))
        if run is None:
            failure(None, "unknown kind %s: a runner fails on a kind it does not know" % js_string(str(doc.get("kind"))))
            continue
        seen = set()
        for case in doc.get("cases") or []:
            label = case.get("name") if isinstance(case, dict) else None
            if label in seen:
                failure(label, "a second case of this name")
                continue
            seen.add(label)
            try:
                message = run(case)
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                message = "malformed case: %r" % (e,)
            if message is None:
                results.append({"file": name, "case": label, "ok": True})
            else:
                failure(label, message)
        if not seen:
            failure(None, "no cases")
    failed = [r for r in results if not r["ok"]]
    if as_json:
        sys.stdout.write(escape_surrogates(json.dumps({"ok": not failed, "cases": results}, ensure_ascii=False, indent=2)) + "\n")
    else:
        for r in results:
            line = "%s %s" % ("✓" if r["ok"] else "✗", r["file"])
            if r["case"] is not None:
                line += ": " + visible(str(r["case"]))
            sys.stdout.write(line + ("" if r["ok"] else " — " + r["message"]) + "\n")
        passed = len(results) - len(failed)
        sys.stdout.write("%d 个通过，%d 个失败 / %d passed, %d failed\n" % (passed, len(failed), passed, len(failed)))
    return 1 if failed else 0


# ------------------------------------------------------------------ run: draw from a package

class PackageFolder:
    """A package folder read as read_package wants it: only the files asked for, regular
    files only, their sizes (each, and together) checked before they are read."""

    def __init__(self, root):
        self.root = root
        self.size = 0

    def get(self, name):
        path = os.path.join(self.root, name)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        if not stat.S_ISREG(st.st_mode):
            raise Unreadable(name, None, "file-type", "只接受普通文件（不是符号链接或特殊文件）", "only a regular file is read (not a link or special file)")
        cap = MAX_MANIFEST_BYTES if name == "manifest.json" else MAX_FILE_BYTES
        if st.st_size > cap:
            raise Unreadable(name, None, "file-size", "文件过大", "the file is too large")
        self.size += st.st_size
        if self.size > MAX_PACKAGE_BYTES:
            raise Unreadable(name, None, "package-size", "数据包文件合计超过 2 GiB", "the package's files total over 2 GiB")
        bundle = FolderBundle.__new__(FolderBundle)
        bundle.root, bundle.label, bundle.files = self.root, self.root.rstrip("/") + "/", {name: (st.st_dev, st.st_ino, st.st_size)}
        return b"".join(bundle.chunks(name))


class PackageZip:
    def __init__(self, path):
        self.zip = ZipBundle(path)

    def get(self, name):
        if name not in self.zip.files:
            return None
        return b"".join(self.zip.chunks(name))


def run_package(package_path, balls, out_dir):
    try:
        files = PackageFolder(package_path) if os.path.isdir(package_path) else PackageZip(package_path)
        seal, manifest, pools = read_package(files)
    except Problem as e:
        sys.stderr.write(visible(e.text()) + "\n")
        return 2
    if len(balls) != manifest["seed"]["balls"] or not re.match(r"[0-9]+\Z", balls):
        sys.stderr.write("BALLS: seed-balls: 须为 %d 个数字 / must be exactly %d digits 0-9\n" % ((manifest["seed"]["balls"],) * 2))
        return 2
    master = master_seed(seal, balls)
    os.makedirs(out_dir, exist_ok=True)
    keys = {}
    for pool in pools:
        keys[pool["id"]] = pool_key(master, pool["id"]).hex()
        result, _, _ = draw_pool(master, pool)
        with open(os.path.join(out_dir, pool["id"] + ".csv"), "wb") as f:
            f.write(result)
    with open(os.path.join(out_dir, "reference.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"masterSeed": master.hex(), "poolKeys": keys, "sealDigest": seal}, indent=2, sort_keys=True) + "\n")
    return 0


USAGE = """用法 / usage:
  python3 draw_verify.py BUNDLE [--json]        核验证据包（文件夹或 .zip）/ check a bundle (folder or .zip)
  python3 draw_verify.py --vectors DIR [--json] 运行一致性测试向量 / run the conformance vectors
  python3 draw_verify.py run PACKAGE BALLS OUT  由数据包和球号计算结果 / draw from a package and the balls
"""


def main(argv):
    for stream in (sys.stdout, sys.stderr):
        # A console or file in a legacy code page (GBK on Chinese Windows) cannot take ✓ or ✗: replace, never crash.
        stream.reconfigure(errors="backslashreplace")
    args = argv[1:]
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if args[:1] == ["run"] and len(args) == 4 and not as_json:
        return run_package(args[1], args[2], args[3])
    if args[:1] == ["--vectors"] and len(args) == 2:
        return run_vectors(args[1], as_json)
    if len(args) == 1 and not args[0].startswith("-") and args[0] != "run":
        return verify_bundle(args[0], as_json)
    sys.stderr.write(USAGE)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except BrokenPipeError:  # the reader went away (… | head): nothing left to say
        sys.stderr.close()
        sys.exit(1)
