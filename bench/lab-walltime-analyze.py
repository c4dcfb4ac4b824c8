#!/usr/bin/env python3
"""Table for bench/lab-walltime (definitions in that script's header).

usage: lab-walltime-analyze.py OUT RUN_DIR_A [RUN_DIR_B] [SUBSET]
OUT holds run.time / naive.time ("user sys wall" from /usr/bin/time), run.engine and naive.log.
"""
import json
import re
import sys
from collections import defaultdict
from datetime import datetime


def at(event):
    # .NET writes 7 fractional digits; Python wants at most 6.
    return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", event["at"])).timestamp()


def events(run_dir):
    with open(f"{run_dir}/evidence.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def times(out, mode):
    try:
        user, sys_, wall = open(f"{out}/{mode}.time", encoding="utf-8").read().split()[-3:]
        return float(user) + float(sys_), float(wall)
    except (OSError, ValueError):
        return None, None


def cell_id(e):
    c = e["cell"]
    return (c["target"], c["generation"], c["host"], c["featureId"])


def floor(evs):
    """Per VM path (group key = vmKey before '#'): first boot + guest/host work of the final attempt of each cell."""
    last_attempt, group_of, boot = {}, {}, {}
    for e in evs:
        if e["type"] == "vm_provisioned":
            group = e["vmKey"].split("#")[0]
            boot.setdefault(group, e["bootSeconds"])
        elif e["type"] == "probe_started":
            group_of[cell_id(e)] = e["vmKey"].split("#")[0]
        elif e["type"] == "probe_judged":
            last_attempt[cell_id(e)] = e["attempt"]
    work = defaultdict(float)
    for e in evs:
        if e["type"] in ("command_ran", "host_action") and last_attempt.get(cell_id(e)) == e["attempt"]:
            work[group_of.get(cell_id(e), "?")] += e["durationMs"] / 1000
    paths = {g: boot[g] + work[g] for g in boot}
    return paths


def timeline(evs):
    """Attributes every gap between consecutive events to what the later event closes (exact with one slot)."""
    kind = {"vm_provisioned": "VM boots (provision + until SSH)", "guest_facts": "guest facts",
            "probe_started": "between probes (snapshot, revert + SSH back)",
            "command_ran": "probes: guest commands + probe code", "host_action": "probes: host actions + probe code",
            "probe_judged": "probes: judging / in-probe waits", "vm_destroyed": "VM teardown",
            "vm_failed": "failed boots", "run_finished": "final reap"}
    spent = defaultdict(float)
    for prev, cur in zip(evs, evs[1:]):
        spent[kind.get(cur["type"], cur["type"])] += max(0.0, at(cur) - at(prev))
    return spent


def boots(evs):
    return sum(1 for e in evs if e["type"] == "vm_provisioned")


def fmt(x, unit="s"):
    return "-" if x is None else f"{x:,.1f}{unit}"


def ratio(a, b):
    return "-" if not a or not b else f"{a / b:.2f}"


def main():
    out, dir_a = sys.argv[1], sys.argv[2]
    dir_b = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    ev_a = events(dir_a)
    cpu_a, wall_a = times(out, "run")
    if wall_a is None:  # analyzing a run not measured by this script: use the engine's own wall time
        wall_a = next((e["wallSeconds"] for e in ev_a if e["type"] == "run_finished"), None)
    paths = floor(ev_a)
    fl, serial = max(paths.values(), default=0), sum(paths.values())

    cols = [("(a) hvcert run", wall_a, boots(ev_a), cpu_a, "")]
    if dir_b:
        ev_b = events(dir_b)
        cpu_b, wall_b = times(out, "naive")
        n_boots = boots(ev_b)
        note = ""
        try:
            plan = re.search(r"isolated_total=(\d+) isolated_run=(\d+)", open(f"{out}/naive.log", encoding="utf-8").read())
        except OSError:
            plan = None
        if plan and int(plan.group(2)) < int(plan.group(1)) and int(plan.group(2)) > 0:
            total, ran = int(plan.group(1)), int(plan.group(2))
            # Time and boots of the isolated VMs actually run (their group keys end in /iN), scaled to all of them.
            start, iso_time, iso_boots = {}, 0.0, 0
            for e in ev_b:
                if e["type"] == "vm_provisioned" and "/i" in e["vmKey"]:
                    start[e["vmKey"]] = at(e) - e["bootSeconds"]
                    iso_boots += 1
                elif e["type"] == "vm_destroyed" and e["vmKey"] in start:
                    iso_time += at(e) - start[e["vmKey"]]
            scale = (total - ran) / ran
            est = wall_b + iso_time * scale
            cpu_b = cpu_b * est / wall_b if cpu_b else None
            wall_b, n_boots = est, round(n_boots + iso_boots * scale)
            note = f"extrapolated: ran {ran} of {total} isolated probes, the rest scaled linearly"
        cols.append(("(b) naive serial", wall_b, n_boots, cpu_b, note))

    print()
    try:
        print(open(f"{out}/run.engine", encoding="utf-8").read().strip())
    except OSError:
        print("(a) analyzed from its evidence only: wall from run_finished, no CPU figure")
    print(f"{'mode':<18} {'wall':>10} {'boots':>6} {'orch. CPU':>10} {'CPU share':>9}")
    for name, wall, n, cpu, _ in cols:
        print(f"{name:<18} {fmt(wall):>10} {n:>6} {fmt(cpu):>10} {ratio(cpu, wall) if cpu else '-':>9}")
    print(f"{'floor (a)':<18} {fmt(fl):>10}   longest VM path of {len(paths)}: "
          + ", ".join(f"{g} {v:.0f}s" for g, v in sorted(paths.items())))
    print(f"{'serial floor (a)':<18} {fmt(serial):>10}   all VM paths back to back (one slot)")
    for name, *_, note in cols:
        if note:
            print(f"note: {name}: {note}")
    print()
    if dir_b:
        print(f"run/naive        = {ratio(wall_a, cols[1][1])}")
    print(f"run/floor        = {ratio(wall_a, fl)}")
    print(f"run/serial-floor = {ratio(wall_a, serial)}")
    print("\nwhere (a)'s wall time went (gaps between consecutive evidence events):")
    spent = timeline(ev_a)
    first, last = at(ev_a[0]), at(ev_a[-1])
    if wall_a:
        spent["outside the evidence (start-up, reports)"] = max(0.0, wall_a - (last - first))
    for k, v in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {v:9.1f}s  {k}")


if __name__ == "__main__":
    main()
