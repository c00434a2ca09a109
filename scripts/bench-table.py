#!/usr/bin/env python3
"""Prints the ratio tables of the last `cargo bench --bench parse` run.

Reads criterion's estimates (target/criterion/<group>/<function>/new/
estimates.json) and prints, per group, each function's median time and its
ratio to serde_json_owned in the same run, as a Markdown table; then the
`worst_case` group: per input, its bytes, sailor's median, ns per byte and
the ratio of that to seed_compact's ns per byte (the goal is at most 10),
with serde_json into a Value beside it.
Groups that were not run are left out.
Usage: scripts/bench-table.py [criterion-dir]
"""
import json
import os
import sys

GROUPS = ["seed_compact", "seed_pretty", "remove_selected_16",
          "escaped_strings", "invalid_early", "invalid_late"]
FUNCTIONS = ["sailor_owned", "sailor_borrowed", "sailor_validate_only",
             "serde_json_owned", "serde_json_borrowed", "serde_json_core"]


def median_ns(root, group, function):
    path = os.path.join(root, group, function, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"]


def bytes_of(root, group, function):
    path = os.path.join(root, group, function, "new", "benchmark.json")
    with open(path) as f:
        return json.load(f)["throughput"]["Bytes"]


def worst_case(root):
    group = os.path.join(root, "worst_case")
    if not os.path.isdir(group):
        return
    prefix = "sailor_validate_"
    inputs = sorted(d[len(prefix):] for d in os.listdir(group) if d.startswith(prefix))
    seed = median_ns(root, "worst_case", prefix + "seed_compact") / bytes_of(
        root, "worst_case", prefix + "seed_compact")
    print()
    print("| worst_case input | bytes | sailor validate | ns/byte | × seed_compact per byte | serde_json Value | ns/byte |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ["seed_compact"] + [i for i in inputs if i != "seed_compact"]:
        n = bytes_of(root, "worst_case", prefix + name)
        ours = median_ns(root, "worst_case", prefix + name)
        try:
            peer = median_ns(root, "worst_case", "serde_json_value_" + name)
            peer_cells = f"{peer / 1000:.1f} µs | {peer / n:.2f}"
        except OSError:
            peer_cells = "– | –"
        print(f"| {name} | {n} | {ours / 1000:.2f} µs | {ours / n:.2f} | "
              f"{ours / n / seed:.1f} | {peer_cells} |")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "criterion")
    print("| group | " + " | ".join(FUNCTIONS) + " |")
    print("|---|" + "---:|" * len(FUNCTIONS))
    for group in GROUPS:
        if not os.path.isdir(os.path.join(root, group)):
            continue
        medians = {f: median_ns(root, group, f) for f in FUNCTIONS}
        base = medians["serde_json_owned"]
        cells = [f"{medians[f]:.0f} ns ({medians[f] / base:.2f})" for f in FUNCTIONS]
        print(f"| {group} | " + " | ".join(cells) + " |")
    worst_case(root)


if __name__ == "__main__":
    main()
