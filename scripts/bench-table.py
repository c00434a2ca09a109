#!/usr/bin/env python3
"""Prints the ratio table of the last `cargo bench --bench parse` run.

Reads criterion's estimates (target/criterion/<group>/<function>/new/
estimates.json) and prints, per group, each function's median time and its
ratio to serde_json_owned in the same run, as a Markdown table.
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


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "target", "criterion")
    print("| group | " + " | ".join(FUNCTIONS) + " |")
    print("|---|" + "---:|" * len(FUNCTIONS))
    for group in GROUPS:
        medians = {f: median_ns(root, group, f) for f in FUNCTIONS}
        base = medians["serde_json_owned"]
        cells = [f"{medians[f]:.0f} ns ({medians[f] / base:.2f})" for f in FUNCTIONS]
        print(f"| {group} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
