"""The seeded fault sequence, and how it is spread over hvcert invocations.

VM faults hit the VM of one VM path (target x generation) a random delay after that path's n-th probe started; every
one costs the runner a fresh boot (its retry), so faults on one path are spaced by at least two probe starts (the
retry of the hit cell is the next one) and both paths of the matrix run side by side. Process faults (signals to
hvcert) end the invocation; the campaign resumes the run and may inject more faults into the resumed part.
"""
import random
from dataclasses import dataclass, field

VM_KINDS = ["qemu-kill9", "guest-panic", "ssh-cut", "qmp-stall", "disk-full"]
PROCESS_KINDS = ["hvcert-sigint", "hvcert-sigterm", "hvcert-kill9"]
KINDS = VM_KINDS + PROCESS_KINDS
PATHS = ["debian-12/Gen1", "debian-12/Gen2"]  # the VM paths of bench/faultcampaign/matrix.yaml
VM_FAULTS_PER_PATH = 3


@dataclass
class Fault:
    index: int        # position in the seeded sequence
    kind: str
    delay: float      # seconds after the trigger's probe start
    jitter: int       # 0..1 extra probe starts before the trigger (so not every fault hits the same cell)
    path: str = ""    # VM faults: the path whose VM is hit
    ordinal: int = 0  # the probe start (1-based, counted per path for VM faults, over the invocation otherwise)
    result: dict = field(default_factory=dict)
    feature: str = ""  # scenario faults: fire when this feature's first attempt reaches `step` (0: its probe start)
    step: int = 0

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


def take_for_invocation(queue, rng):
    """Removes from `queue` the faults of one invocation: up to 3 VM faults per path and at most one process fault."""
    chosen, per_path, process = [], {p: [] for p in PATHS}, None
    for fault in list(queue):
        if fault.is_process:
            if process is None:
                process = fault
                queue.remove(fault)
            continue
        path = min(PATHS, key=lambda p: len(per_path[p]))
        if len(per_path[path]) >= VM_FAULTS_PER_PATH:
            continue
        per_path[path].append(fault)
        queue.remove(fault)
    for path, faults in per_path.items():
        ordinal = 0
        for fault in faults:
            ordinal += (1 if ordinal == 0 else 2) + fault.jitter
            fault.path, fault.ordinal = path, ordinal
            chosen.append(fault)
    if process is not None:
        # Late enough that the VM faults of this invocation have had their chance (counted over both paths).
        process.ordinal = rng.randint(2, 10)
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
