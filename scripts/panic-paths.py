#!/usr/bin/env python3
"""Lists the panic paths that survive in a linked firmware.

Usage: scripts/panic-paths.py OBJDUMP ADDR2LINE ELF [SINK...]

Reads the disassembly (`OBJDUMP -d -C`) of ELF, a build with debug info whose
panic handler is defined (embedded/panic-check with `defined-handler`, profile
`listing`), and builds the graph of direct calls and branches between
functions. It prints every function that reaches a sink (by default the
panic handler `rust_begin_unwind` and `core::panicking::panic_fmt`, which
every panic goes through and into which the handler may be inlined), and for each call from code outside
`core` into a function on such a path the call site with its inlined source
lines (`ADDR2LINE -f -i -C`): the lines responsible. Indirect calls (through
a register) are not followed; they are counted per function.
"""
import bisect
import re
import subprocess
import sys
from collections import defaultdict, deque

objdump, addr2line, elf = sys.argv[1:4]
# The handler may be inlined into panic_fmt, the one function every panic
# goes through: either name is a sink.
handler_patterns = sys.argv[4:] or ["rust_begin_unwind", "core::panicking::panic_fmt"]

dis = subprocess.run([objdump, "-d", "--no-show-raw-insn", "-C", elf],
                     check=True, capture_output=True, text=True).stdout

func_re = re.compile(r"^([0-9a-f]+) <(.*)>:$")
insn_re = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s+(.*)$")
target_re = re.compile(r"^(?:0x)?([0-9a-f]+)\b")

starts, names = [], []
calls = []  # (caller start, site, mnemonic, target address)
indirect = defaultdict(int)
current = None
for line in dis.splitlines():
    m = func_re.match(line)
    if m:
        current = int(m.group(1), 16)
        starts.append(current)
        names.append(m.group(2))
        continue
    m = insn_re.match(line)
    if not m or current is None:
        continue
    site, mnem, ops = int(m.group(1), 16), m.group(2), m.group(3)
    if mnem in ("blx", "bx") and ops.split()[0].startswith("r") and ops.split()[0] != "lr":
        indirect[current] += 1
        continue
    if not (mnem.startswith("b") or mnem.startswith("cb")):
        continue
    if mnem.startswith(("bic", "bfc", "bfi", "bkpt")):
        continue
    ops = ops.split(",")[-1].strip()
    t = target_re.match(ops)
    if t:
        calls.append((current, site, mnem, int(t.group(1), 16)))

order = sorted(range(len(starts)), key=lambda i: starts[i])
starts = [starts[i] for i in order]
names = [names[i] for i in order]
name_of = dict(zip(starts, names))


def owner(addr):
    i = bisect.bisect_right(starts, addr) - 1
    return starts[i] if i >= 0 else None


edges = defaultdict(set)   # caller -> callees
sites = defaultdict(list)  # (caller, callee) -> call sites
for caller, site, mnem, target in calls:
    callee = owner(target)
    if callee is None or callee == caller:
        continue
    edges[caller].add(callee)
    sites[(caller, callee)].append((site, mnem))

handlers = [s for s in starts if any(p in name_of[s] for p in handler_patterns)]
if not handlers:
    print(f"no function named like {handler_patterns}: no panic path survives")
    sys.exit(0)

callers = defaultdict(set)
for a, bs in edges.items():
    for b in bs:
        callers[b].add(a)

# Every function with a direct path to the handler, and its distance.
dist = {h: 0 for h in handlers}
queue = deque(handlers)
while queue:
    f = queue.popleft()
    for c in callers[f]:
        if c not in dist:
            dist[c] = dist[f] + 1
            queue.append(c)

# What main reaches directly.
entry = [s for s in starts if name_of[s] in ("main", "Reset")]
live = set(entry)
parent = {}
queue = deque(entry)
while queue:
    f = queue.popleft()
    for c in sorted(edges[f]):
        if c not in live:
            live.add(c)
            parent[c] = f
            queue.append(c)


def route(f):
    """The shortest chain of direct calls from main to `f`."""
    chain = [f]
    while chain[-1] in parent:
        chain.append(parent[chain[-1]])
    return " -> ".join(clean(name_of[g]).split("::")[-1] if False else clean(name_of[g]) for g in reversed(chain))


def clean(name):
    """Rust legacy symbol escapes decoded, hash dropped."""
    for a, b in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$C$", ","), ("$RF$", "&"),
                 ("$u5b$", "["), ("$u5d$", "]"), ("$BP$", "*"), ("..", "::")):
        name = name.replace(a, b)
    name = re.sub(r"::h[0-9a-f]{16}$", "", name)
    return re.sub(r"(^|::)_<", r"\1<", name)


def is_core(name):
    name = clean(name)
    return (re.match(r"^<?(core::|compiler_builtins|__|<?(char|str|u\d+|usize|i\d+|\[T\])[ >])", name)
            is not None or "rust_begin_unwind" in name)


print(f"functions that reach the panic handler ({len(dist)}), nearest first:")
for f in sorted(dist, key=lambda f: (dist[f], f)):
    note = "" if f in live else "  [not reached from main by direct calls]"
    print(f"  {dist[f]}  {f:#07x} {clean(name_of[f])}{note}")
print()


def lines(site):
    out = subprocess.run([addr2line, "-f", "-i", "-C", "-e", elf, hex(site)],
                         capture_output=True, text=True).stdout.strip().splitlines()
    pairs = list(zip(out[0::2], out[1::2]))
    return [f"{clean(fn)}  ({loc})" for fn, loc in pairs]


def frontier(caller):
    """Edges from `caller` into core functions on a panic path."""
    return [(c, site, mnem) for c in sorted(edges[caller])
            if c in dist and is_core(name_of[c]) for site, mnem in sites[(caller, c)]]


print("where code outside core calls a core function that can panic (the lines responsible;")
print("inlined frames innermost first):")
for f in sorted(dist, key=lambda f: name_of[f]):
    if is_core(name_of[f]):
        continue
    found = frontier(f)
    if found:
        print(f"- {clean(name_of[f])}")
        print(f"    reached by: {route(f) if f in live else 'no direct call from main'}")
    for c, site, mnem in found:
        print(f"    {mnem} {clean(name_of[c])} at {site:#x}:")
        for frame in lines(site):
            print(f"        {frame}")
print()
print("how those core functions reach the panic handler:")
for f in sorted(dist, key=lambda f: (dist[f], f)):
    if not is_core(name_of[f]) or f in handlers:
        continue
    nxt = sorted(c for c in edges[f] if c in dist and dist[c] < dist[f])
    for c in nxt:
        for site, mnem in sites[(f, c)]:
            print(f"- {clean(name_of[f])} --{mnem} at {site:#x}--> {clean(name_of[c])}")
            for frame in lines(site)[:2]:
                print(f"      {frame}")
print()
print("indirect calls (not followed) in functions on the paths:",
      sum(indirect[f] for f in dist))
