"""Judging a finished campaign run from its own evidence: what each fault did to the verdicts, what was lost or redone."""
import subprocess

from . import evidence
from .plan import PATHS

FINE = {"Supported", "SupportedWithCaveat", "Error"}  # what a cell that met a fault may end as on a healthy lab


def _next_boot(lines, vm, after):
    for number in range(after + 1, len(lines) + 1):
        e = lines[number - 1]
        if e and e["type"] == "vm_provisioned" and e["vmKey"] == vm:
            return number
    return len(lines) + 1


def vm_fault(fault, lines, attempts):
    """The attempts on the hit VM that ended after the fault: each must be Error (retried when it was the first) or a
    verdict the fault did not reach (Supported); anything else is a fault read as a verdict."""
    at, vm = fault.result["line"], fault.result["vm"]
    end = _next_boot(lines, vm, at)
    hit = [a for a in attempts if a["vm"] == vm and a["judged"] and a["judged"] > at and a["started"] < end]
    r = fault.result
    r["attempts"] = [f"{a['cell']}#{a['attempt']}={a['verdict']}{'(retry)' if a['willRetry'] else ''}" for a in hit]
    r["error"] = any(a["verdict"] == "Error" for a in hit)
    r["misreported"] = [a["cell"] for a in hit if a["verdict"] not in FINE and not a["cancelled"]]
    r["not_retried"] = [a["cell"] for a in hit
                        if a["verdict"] == "Error" and a["attempt"] == 1 and not a["willRetry"] and not a["cancelled"]]


def process_fault(fault, lines, attempts):
    """Cells finished when hvcert stopped must keep their verdict and not run again after the resume."""
    r = fault.result
    at_exit, finished = r["lines_at_exit"], r["finished_at_exit"]
    final = evidence.finished_cells(lines)
    r["lost"] = sorted(c for c, v in finished.items() if final.get(c) != v)
    r["redone"] = sorted({a["cell"] for a in attempts if a["cell"] in finished and a["started"] and a["started"] > at_exit})
    running = [a for a in attempts if a["started"] and a["started"] <= r["line"] and (a["judged"] is None or a["judged"] > r["line"])]
    r["attempts"] = [f"{a['cell']}#{a['attempt']}={a['verdict']}{'(cancelled)' if a['cancelled'] else ''}" for a in running]
    # Between the signal and hvcert's exit, an Error that is not marked cancelled is the signal read as a fault of the
    # VM (a boot or a probe killed by the signal handler): it spends the cell's retry, or ends it, where a resume
    # should have run it afresh.
    after = [a for a in attempts if a["judged"] and r["line"] < a["judged"] <= at_exit]
    r["misreported"] = sorted({a["cell"] for a in running if a["verdict"] is not None and a["verdict"] not in FINE and not a["cancelled"]}
                              | {f"{a['cell']}#{a['attempt']}" for a in after if a["verdict"] == "Error" and not a["cancelled"]})
    r["error"] = any(a["verdict"] == "Error" or a["cancelled"] for a in running)
    r["not_retried"] = []


CELLS_PER_PATH = 8  # the features of suite.yaml (gen2.uefi is a preset Not applicable on Gen1, finished at once)


def remaining(run_dir):
    """path -> cells of the run not finished yet (what a resume will run on that path)."""
    lines, _ = evidence.read_all(f"{run_dir}/evidence.jsonl")
    done = {}
    for cell in evidence.finished_cells(lines):
        path = "/".join(cell.split("/")[:2])
        done[path] = done.get(path, 0) + 1
    return {p: CELLS_PER_PATH - n for p, n in done.items()} | {p: CELLS_PER_PATH for p in PATHS if p not in done}


def run(record, hvcert):
    """Checks one finished run (after its last invocation): evidence readable by us and by `hvcert report`, every
    fault's effect, and verdicts no fault explains (a clean cell of this suite is Supported on a healthy lab)."""
    path = f"{record['dir']}/evidence.jsonl"
    lines, bad = evidence.read_all(path)
    report = subprocess.run([hvcert, "report", record["dir"]], capture_output=True, text=True, timeout=300)
    record["evidence_ok"] = bad == 0 and report.returncode == 0
    record["evidence_note"] = f"{bad} unreadable line(s); hvcert report exit {report.returncode}"
    attempts = evidence.attempts(lines)
    for fault in record["faults"]:
        (process_fault if fault.is_process else vm_fault)(fault, lines, attempts)
    explained = {c for f in record["faults"] for c in f.result.get("misreported", [])}
    record["unexplained"] = sorted({f"{a['cell']}#{a['attempt']}={a['verdict']}" for a in attempts
                                    if a["started"] and a["verdict"] not in FINE | {None} and not a["cancelled"]
                                    and a["cell"] not in explained})
    final = evidence.finished_cells(lines)
    record["final"] = {v: sum(1 for x in final.values() if x == v) for v in sorted(set(final.values()))}
    record["unjudged"] = sorted({a["cell"] for a in attempts} - set(final))
