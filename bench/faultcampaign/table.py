"""The campaign's one table (per fault kind), its JSON record, and the sum over several campaigns."""
import json
import os

from .plan import KINDS

LEAK_KEYS = ["qemu", "overlays", "folders", "netns"]


def attach_leaks(record):
    """Each fault is charged with the leak count of the first counted invocation at or after the one it fired in."""
    invs = record["invocations"]
    for f in record["faults"]:
        counted = next((i["leaks"] for i in invs[f.result["invocation"]:] if i["leaks"] is not None), None)
        f.result["leaks"] = counted if counted is not None else {k: 0 for k in LEAK_KEYS} | {"uncounted": 1}


def _plain(record):
    faults = [{"index": f.index, "kind": f.kind, "path": f.path, "ordinal": f.ordinal, "delay": f.delay,
               "missed": getattr(f, "missed", []), "result": f.result} for f in record["faults"]]
    return {**record, "faults": faults}


def save(out, args, records):
    with open(os.path.join(out, "campaign.json"), "w") as f:
        json.dump({"seed": args.seed, "faults": args.faults, "runs": [_plain(r) for r in records]}, f, indent=1)


def rows(runs):
    per = {k: {"injected": 0, "error": 0, "misreported": 0, "not_retried": 0, "leaks": 0, "lost": 0, "redone": 0,
               "evidence_bad": 0} for k in KINDS}
    extra = {"unexplained": 0, "unjudged": 0, "hung": 0, "runs": len(runs)}
    for run in runs:
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


def render(runs):
    per, extra = rows(runs)
    cols = ["injected", "error", "misreported", "not_retried", "leaks", "lost", "redone", "evidence_bad"]
    head = ["fault", "injected", "hit (Error/cancelled)", "misreported", "Error not retried", "leaks", "lost", "redone",
            "evidence unreadable"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    total = {c: 0 for c in cols}
    for kind, row in per.items():
        lines.append(f"| {kind} | " + " | ".join(str(row[c]) for c in cols) + " |")
        for c in cols:
            total[c] += row[c]
    lines.append("| **total** | " + " | ".join(f"**{total[c]}**" for c in cols) + " |")
    lines.append(f"\n{extra['runs']} runs; verdicts no fault explains: {extra['unexplained']}; cells never judged: "
                 f"{extra['unjudged']}; hung invocations: {extra['hung']}")
    misses = sum(total[c] for c in cols if c not in ("injected", "error")) + extra["unexplained"] + extra["unjudged"] + extra["hung"]
    return "\n".join(lines), misses


def _load(path):
    with open(os.path.join(path, "campaign.json")) as f:
        return json.load(f)["runs"]


def show(records):
    runs = [_plain(r) for r in records]
    text, misses = render(runs)
    print(text)
    print("fault-campaign: " + ("no misses" if misses == 0 else f"{misses} miss(es)"))
    if misses == 0 and not any(r["faults"] for r in runs):
        print("fault-campaign: no fault was injected (VMs that never reached SSH, or a deadline too short): nothing was shown")
        return 3
    return 1 if misses else 0


def combine(dirs):
    runs = [r for d in dirs for r in _load(d)]
    text, misses = render(runs)
    print(text)
    print("fault-campaign: " + ("no misses" if misses == 0 else f"{misses} miss(es)"))
    return 1 if misses else 0
