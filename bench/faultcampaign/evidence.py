"""Reading evidence.jsonl: while hvcert writes it (complete lines only) and once the run is over (every line)."""
import json


def cell_id(cell):
    return f"{cell['target']}/{cell['generation']}/{cell['host']}/{cell['featureId']}"


def path_of(cell):
    return f"{cell['target']}/{cell['generation']}"


class Tail:
    """Complete lines of a growing evidence.jsonl; line numbers are 1-based positions in the file."""

    def __init__(self, path):
        self.path, self.offset, self.lines = path, 0, []

    def poll(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                chunk = f.read()
        except FileNotFoundError:
            return []
        end = chunk.rfind(b"\n")
        if end < 0:
            return []
        self.offset += end + 1
        new = []
        for raw in chunk[: end + 1].split(b"\n")[:-1]:
            try:
                event = json.loads(raw)
            except ValueError:
                event = None  # a torn line (a killed writer); the final parse counts it
            self.lines.append(event)
            new.append(event)
        return new


def read_all(path):
    """(events by line number (None for an unreadable line), number of unreadable lines)."""
    lines, bad = [], 0
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            if not raw.strip():
                lines.append(None)
                continue
            try:
                lines.append(json.loads(raw))
            except ValueError:
                lines.append(None)
                bad += 1
    return lines, bad


def attempts(lines):
    """Every probe attempt: {cell, attempt, vm, started (line), judged (line or None), verdict, willRetry, cancelled}."""
    out, open_ = [], {}
    for number, e in enumerate(lines, 1):
        if not e:
            continue
        if e["type"] == "probe_started":
            a = {"cell": cell_id(e["cell"]), "path": path_of(e["cell"]), "attempt": e["attempt"], "vm": e["vmKey"],
                 "started": number, "judged": None, "verdict": None, "willRetry": False, "cancelled": False, "reason": ""}
            out.append(a)
            open_[(a["cell"], a["attempt"])] = a
        elif e["type"] == "probe_judged":
            a = open_.pop((cell_id(e["cell"]), e["attempt"]), None)
            if a is None:  # a preset cell (Not applicable / Not offered) or an Error for a VM that never came up
                a = {"cell": cell_id(e["cell"]), "path": path_of(e["cell"]), "attempt": e["attempt"], "vm": None,
                     "started": None}
                out.append(a)
            a.update(judged=number, verdict=e["verdict"], willRetry=e.get("willRetry", False),
                     cancelled=e.get("cancelled", False), reason=e.get("reason", ""))
    return out


def finished_cells(lines):
    """cell -> final verdict, for cells whose last judgement is final (no retry pending, not cancelled)."""
    final = {}
    for a in attempts(lines):
        if a["verdict"] is None:
            continue
        if a["willRetry"] or a["cancelled"]:
            final.pop(a["cell"], None)
        else:
            final[a["cell"]] = a["verdict"]
    return final
