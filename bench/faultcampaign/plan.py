"""The seeded fault sequence, and how it is spread over hvcert invocations.

VM faults hit the VM of one VM path (target x generation) a random delay after that path's n-th probe started; every
one costs the runner a fresh boot (its retry). Faults on one path go one at a time: the next counts its probe starts
from when the previous one settled (an attempt on the path judged after it) and skips the next start (the hit cell's
retry), so no two faults hit the same attempt. Both paths of the matrix run side by side. Process faults (signals to
hvcert) end the invocation, so one waits until the invocation's VM faults have fired and their attempts were judged
(fired earlier, it would end the invocation before they could fire, and the resume would pay fresh boots for them);
the campaign resumes the run and injects more faults into the resumed part. A fault whose trigger never came (the
invocation or run ended first) goes back to the front of the queue for the next invocation or run, with the reason
kept; one still queued when the campaign stops is reported as not injected (a miss), or carried to a continuation.
"""
import random
from dataclasses import dataclass, field

VM_KINDS = ["qemu-kill9", "guest-panic", "ssh-cut", "qmp-stall", "disk-full"]
PROCESS_KINDS = ["hvcert-sigint", "hvcert-sigterm", "hvcert-kill9"]
KINDS = VM_KINDS + PROCESS_KINDS
PATHS = ["debian-12/Gen1", "debian-12/Gen2"]  # the VM paths of bench/faultcampaign/matrix.yaml
VM_FAULTS_PER_PATH = 2  # one at a time, each with its retry: a third rarely found a probe start left


@dataclass
class Fault:
    index: int        # position in the seeded sequence
    kind: str
    delay: float      # seconds after the trigger's probe start
    jitter: int       # 0..1 extra probe starts before the trigger (so not every fault hits the same cell)
    path: str = ""    # VM faults: the path whose VM is hit
    ordinal: int = 0  # VM faults: probe starts on its path from its base (Invocation._base); process faults: over
    #                   the invocation once its VM faults settled
    result: dict = field(default_factory=dict)
    feature: str = ""  # scenario faults: fire when this feature's first attempt reaches `step` (0: its probe start)
    step: int = 0
    armed: float = None    # monotonic time at which it fires, once its trigger came
    gave_up: bool = False  # a targeted fault whose moment passed
    vm_key: str = ""       # targeted faults: the VM of the attempt that triggered it
    missed: list = field(default_factory=list)  # why an attempt to inject it did not (trigger never came, VM gone...)

    def plain(self):
        return {"index": self.index, "kind": self.kind, "delay": self.delay, "jitter": self.jitter, "path": self.path,
                "ordinal": self.ordinal, "missed": self.missed, "result": self.result}

    @staticmethod
    def injected(d):
        """A fault read back from a campaign.json run, with its result, to be judged again (--recheck)."""
        return Fault(d["index"], d["kind"], d["delay"], d["jitter"], d["path"], d["ordinal"], dict(d["result"]),
                     missed=list(d.get("missed", [])))

    @staticmethod
    def pending(d):
        """A fault read back from a campaign.json's pending list, to be injected by a continuation."""
        return Fault(d["index"], d["kind"], d["delay"], d["jitter"], missed=list(d.get("missed", [])))

    @property
    def targeted(self):
        return bool(self.feature)

    @property
    def is_process(self):
        return self.kind in PROCESS_KINDS


def sequence(seed, count):
    """`count` faults: every kind once per block of eight, in a seeded order, each with a seeded delay and jitter."""
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        block = KINDS[:]
        rng.shuffle(block)
        for kind in block[: count - len(out)]:
            out.append(Fault(len(out), kind, round(rng.uniform(0.0, 6.0), 1), rng.randint(0, 1)))
    return out


def take_for_invocation(queue, rng, remaining=None, signal=True):
    """Removes from `queue` the faults of one invocation: up to 2 VM faults per path and at most one process fault.
    `remaining` (path -> cells not yet finished, for a resume) caps a path at one VM fault per two remaining cells, so
    a fault is not planned on a probe start that will not come. `signal=False` takes no process fault: the campaign
    passes it when the previous invocation finished no cell, so the run always ends (seed 7 once resumed one run 35
    times: each resume booted, started the last cells and was signalled within a probe, and the VM faults waited)."""
    caps = {p: VM_FAULTS_PER_PATH if remaining is None else min(VM_FAULTS_PER_PATH, remaining.get(p, 0) // 2) for p in PATHS}
    chosen, per_path, process = [], {p: [] for p in PATHS}, None
    for fault in list(queue):
        if fault.is_process:
            if process is None and signal:
                process = fault
                queue.remove(fault)
            continue
        open_paths = [p for p in PATHS if len(per_path[p]) < caps[p]]
        if not open_paths:
            continue
        path = min(open_paths, key=lambda p: len(per_path[p]))
        per_path[path].append(fault)
        queue.remove(fault)
    for path, faults in per_path.items():
        for n, fault in enumerate(faults):
            # The first counts from the invocation's start; a later one from when the previous fault on its path settled,
            # past the next start (the hit cell's retry, on its fresh VM).
            fault.path, fault.ordinal = path, (1 if n == 0 else 2) + fault.jitter
            chosen.append(fault)
    if process is not None:
        # Counted from the moment this invocation's VM faults have fired and their attempts were judged: 0 or 1 more
        # probe starts (over both paths), then the fault's delay. So it lands mid-probe or between probes, at random.
        process.ordinal = rng.randint(0, 1)
        chosen.append(process)
    return chosen


# Targeted reproductions of the two faults that once became verdicts (suite, matrix, faults). Each fault must hit:
# its attempt must end as an infrastructure Error that is retried.
SCENARIOS = {
    # QEMU frozen right after heartbeat's guest step (1), when its host step (the agent ping) runs.
    "heartbeat-stall": ("heartbeat-stall.yaml", "gen1.yaml", [("qmp-stall", "core.heartbeat", 1)]),
    # The guest's disk full as time sync, TRIM and file copy start.
    "disk-full": ("disk-full.yaml", "gen1.yaml",
                  [("disk-full", "core.time-sync", 0), ("disk-full", "storage.trim", 0), ("disk-full", "misc.file-copy", 0)]),
}


def scenario(name):
    suite, matrix, faults = SCENARIOS[name]
    return suite, matrix, [Fault(i, kind, 0.0, 0, feature=feature, step=step) for i, (kind, feature, step) in enumerate(faults)]
