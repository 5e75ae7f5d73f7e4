#!/usr/bin/env python3
"""Summaries of benchmark samples: one file per case under DATA (one number per line, seconds unless noted).

stats.py row DATA CASE LABEL [--baseline CASE] [--goal-ratio X] [--goal-max X] [--unit s|ms|MB|n]
    prints one markdown row: label | n | median | min–max | ratio to the baseline's median | goal | verdict
stats.py median DATA CASE
"""
import argparse, os, statistics, sys

def samples(data, case):
    path = os.path.join(data, case)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [float(line) for line in f if line.strip()]

def fmt(value, unit):
    if unit == "ms":
        return f"{value * 1000:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "n":
        return f"{value:g}"
    return f"{value:.2f} s"

def row(a):
    xs = samples(a.data, a.case)
    if not xs:
        print(f"| {a.label} | 0 | – | – | – | {goal_text(a)} | not measured |")
        return
    med = statistics.median(xs)
    ratio = ""
    verdict = ""
    if a.baseline:
        base = samples(a.data, a.baseline)
        if base:
            r = med / statistics.median(base)
            ratio = f"{r:.2f}×"
            if a.goal_ratio is not None:
                verdict = "met" if r <= a.goal_ratio else "MISSED"
    if a.goal_max is not None:
        scale = 1000 if a.unit == "ms" else 1
        verdict = "met" if med * scale <= a.goal_max else "MISSED"
    spread = f"{fmt(min(xs), a.unit)} – {fmt(max(xs), a.unit)}"
    print(f"| {a.label} | {len(xs)} | {fmt(med, a.unit)} | {spread} | {ratio or '–'} | {goal_text(a)} | {verdict or '–'} |")

def goal_text(a):
    if a.goal_ratio is not None:
        return f"≤ {a.goal_ratio:g}× {a.baseline_label or a.baseline}"
    if a.goal_max is not None:
        unit = a.unit if a.unit != "MB" else " MB"
        return f"≤ {a.goal_max:g}{'' if unit == ' MB' else ' '}{unit}".replace("  ", " ")
    return "–"

def main():
    p = argparse.ArgumentParser()
    p.add_argument("command", choices=["row", "median"])
    p.add_argument("data")
    p.add_argument("case")
    p.add_argument("label", nargs="?", default="")
    p.add_argument("--baseline")
    p.add_argument("--baseline-label")
    p.add_argument("--goal-ratio", type=float)
    p.add_argument("--goal-max", type=float)
    p.add_argument("--unit", default="s")
    a = p.parse_args()
    if a.command == "median":
        xs = samples(a.data, a.case)
        print(f"{statistics.median(xs):.3f}" if xs else "nan")
    else:
        row(a)

if __name__ == "__main__":
    sys.exit(main())
