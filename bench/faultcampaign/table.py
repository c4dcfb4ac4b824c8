"""The campaign's one table (per fault kind), its JSON record (campaign.json), and the sum over several pieces.

Every fault a piece planned is accounted for: injected (a row of its run), carried to a continuation (`--continue`),
or not injected, which is a miss. A fault carried to a piece that is part of the same `--combine` is counted once, where
it was injected (or where it was last left pending).
"""
import json
import os
import time

from .plan import KINDS

LEAK_KEYS = ["qemu", "overlays", "folders", "netns"]
COLS = ["planned", "injected", "not_injected", "error", "misreported", "not_retried", "leaks", "lost", "redone",
        "evidence_bad"]
HEAD = ["fault", "planned", "injected", "not injected", "hit (Error/cancelled)", "misreported", "Error not retried",
        "leaks", "lost", "redone", "evidence unreadable"]
MISS_COLS = [c for c in COLS if c not in ("planned", "injected", "error")]


def attach_leaks(record):
    """Each fault is charged with the leak count of the first counted invocation at or after the one it fired in."""
    invs = record["invocations"]
    for f in record["faults"]:
        counted = next((i["leaks"] for i in invs[f.result["invocation"]:] if i["leaks"] is not None), None)
        f.result["leaks"] = counted if counted is not None else {k: 0 for k in LEAK_KEYS} | {"uncounted": 1}


def _plain(record):
    return {**record, "faults": [f.plain() for f in record["faults"]]}


def save(out, args, records, planned, carried, pending):
    """campaign.json: the runs, the faults this piece planned (carried: those a previous piece left it), the faults
    still pending (not injected), and the conditions it ran in."""
    data = {"seed": args.seed, "faults": args.faults, "piece": getattr(args, "piece", None) or (2 if carried else 1),
            "continues": os.path.abspath(args.continue_from) if getattr(args, "continue_from", None) else None,
            "dir": os.path.abspath(out), "saved": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
            "loadavg_start": getattr(args, "loadavg_start", None), "loadavg": open("/proc/loadavg").read().split()[:3],
            "planned": [{"index": f.index, "kind": f.kind} for f in planned], "carried": carried,
            "pending": [f.plain() for f in pending], "runs": [_plain(r) for r in records]}
    tmp = os.path.join(out, "campaign.json.tmp")
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1)
    os.replace(tmp, os.path.join(out, "campaign.json"))


def rows(pieces):
    """Per kind counts over `pieces` (campaign.json contents), and the run-level extras."""
    per = {k: {c: 0 for c in COLS} for k in KINDS}
    extra = {"unexplained": 0, "unjudged": 0, "hung": 0, "runs": 0, "not_injected": []}
    continued = {p["continues"] for p in pieces if p.get("continues")}
    dirs = {p["dir"] for p in pieces}
    for piece in pieces:
        carried = set(piece.get("carried", [])) if piece.get("continues") in dirs else set()
        for f in piece["planned"]:
            if f["index"] not in carried:
                per[f["kind"]]["planned"] += 1
        if piece["dir"] not in continued:
            for f in piece["pending"]:
                per[f["kind"]]["not_injected"] += 1
                extra["not_injected"].append(f"{f['kind']} #{f['index']}: {'; '.join(f['missed'][-2:])}" if f["missed"] else None)
        for run in piece["runs"]:
            extra["runs"] += 1
            extra["unexplained"] += len(run["unexplained"])
            extra["unjudged"] += len(run["unjudged"])
            extra["hung"] += sum(1 for i in run["invocations"] if i["hung"])
            for f in run["faults"]:
                r, row = f["result"], per[f["kind"]]
                row["injected"] += 1
                row["error"] += int(bool(r.get("error")))
                row["misreported"] += len(r.get("misreported", []))
                row["not_retried"] += len(r.get("not_retried", []))
                row["leaks"] += sum(r["leaks"].get(k, 0) for k in LEAK_KEYS + ["uncounted"])
                row["lost"] += len(r.get("lost", []))
                row["redone"] += len(r.get("redone", []))
                row["evidence_bad"] += int(not run["evidence_ok"])
    return per, extra


def render(pieces):
    per, extra = rows(pieces)
    lines = ["| " + " | ".join(HEAD) + " |", "|---|" + "---:|" * (len(HEAD) - 1)]
    total = {c: 0 for c in COLS}
    for kind, row in per.items():
        lines.append(f"| {kind} | " + " | ".join(str(row[c]) for c in COLS) + " |")
        for c in COLS:
            total[c] += row[c]
    lines.append("| **total** | " + " | ".join(f"**{total[c]}**" for c in COLS) + " |")
    lines.append(f"\n{extra['runs']} runs; verdicts no fault explains: {extra['unexplained']}; cells never judged: "
                 f"{extra['unjudged']}; hung invocations: {extra['hung']}")
    tried = [x for x in extra["not_injected"] if x]
    lines += [f"not injected: {x}" for x in tried]
    if len(tried) < len(extra["not_injected"]):
        lines.append(f"not injected, never tried (the campaign stopped first): {len(extra['not_injected']) - len(tried)}")
    misses = sum(total[c] for c in MISS_COLS) + extra["unexplained"] + extra["unjudged"] + extra["hung"]
    return "\n".join(lines), misses, total


def _load(path):
    with open(os.path.join(path, "campaign.json")) as f:
        return json.load(f)


def show(out):
    return combine([out])


def combine(dirs):
    pieces = [_load(d) for d in dirs]
    text, misses, total = render(pieces)
    print(text)
    print("pieces: " + "; ".join(f"{p['dir']} seed {p['seed']} piece {p['piece']} saved {p['saved']} load {' '.join(p.get('loadavg_start') or [])} -> {' '.join(p['loadavg'])}"
                                 for p in pieces))
    print("fault-campaign: " + ("no misses" if misses == 0 else f"{misses} miss(es)"))
    if misses == 0 and total["injected"] == 0:
        print("fault-campaign: no fault was injected (VMs that never reached SSH, or a deadline too short): nothing was shown")
        return 3
    return 1 if misses else 0
