#!/usr/bin/env python3
"""The deepest static call chain below a function of a Cortex-M firmware, and
each frame on it: for work on issue 10's stack goals, to see which frames a
painted figure of scripts/footprint.sh is made of.

    scripts/footprint.sh        # builds embedded/footprint/target/footprint/*.elf
    scripts/stack-chain.py embedded/footprint/target/footprint/thumbv6m-probe.elf run_view
    scripts/stack-chain.py ELF run_view 'P::unknown,unescape'   # leave callees out

Frames are read from the disassembly (llvm-objdump of the rustup llvm-tools):
4 bytes per pushed register plus every `sub sp, #N`. Calls are the direct
`bl`s and the tail branches to another function's start; a callee whose name contains one of the comma-separated EXCLUDE words
is left out (to follow the path a given payload takes: the docs' payload has
no unknown member and no escape). Recursion is not followed (the crate has
none that input can drive). A static bound, not a measurement: the painted
figure is what one payload used; this is the deepest any input could reach
along direct calls.
"""
import functools
import glob
import re
import subprocess
import sys


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    elf, root = sys.argv[1], sys.argv[2]
    exclude = [w for w in (sys.argv[3] if len(sys.argv) > 3 else "").split(",") if w]
    sysroot = subprocess.check_output(["rustc", "--print", "sysroot"], text=True).strip()
    tools = glob.glob(sysroot + "/lib/rustlib/*/bin/llvm-objdump")
    if not tools:
        sys.exit("llvm-objdump not found: rustup component add llvm-tools")
    listing = subprocess.check_output([tools[0], "-d", "--demangle", "--no-show-raw-insn", elf], text=True)
    frame: dict[str, int] = {}
    calls: dict[str, set[str]] = {}
    fn = None
    dehash = lambda name: re.sub(r"::h[0-9a-f]{16}$", "", name)
    for line in listing.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            fn = dehash(m.group(1))
            frame.setdefault(fn, 0)
            calls.setdefault(fn, set())
            continue
        if fn is None:
            continue
        if m := re.search(r"\tpush(?:\.w)?\t\{(.*)\}", line):
            frame[fn] += 4 * len(m.group(1).split(","))
        if m := re.search(r"\tsub(?:\.w)?\tsp, (?:sp, )?#(0x[0-9a-f]+|\d+)", line):
            frame[fn] += int(m.group(1), 0)
        # Calls, and tail branches to the start of another function (the
        # machine outliner's OUTLINED_FUNCTION_n end in one).
        if m := re.search(r"\t(?:bl|b|b\.w)\t0x[0-9a-f]+ <([^>+]*)>", line):
            calls[fn].add(dehash(m.group(1)))

    @functools.lru_cache(maxsize=None)
    def deepest(f: str, above: frozenset) -> tuple[int, tuple[str, ...]]:
        best: tuple[int, tuple[str, ...]] = (0, ())
        for c in calls.get(f, ()):
            if c == f or c in above or any(w in c for w in exclude):
                continue
            got = deepest(c, above | {f})
            if got[0] > best[0]:
                best = got
        return frame.get(f, 0) + best[0], (f,) + best[1]

    roots = [f for f in frame if f.endswith(root) or f"::{root}" in f]
    if not roots:
        sys.exit(f"no function named like {root!r} in {elf}")
    for r in roots:
        total, chain = deepest(r, frozenset())
        print(f"{total} B  deepest chain below {r}")
        for f in chain:
            print(f"  {frame.get(f, 0):5d}  {f}")


if __name__ == "__main__":
    main()
