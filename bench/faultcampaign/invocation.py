"""One `hvcert run` (or `--resume`) with its faults: starts it, follows its evidence, fires each fault at its point."""
import os
import signal
import subprocess
import time

from . import evidence, inject, lab

LIMIT_SECONDS = 25 * 60       # an invocation that runs longer is hung: killed and counted
SIGNAL_EXIT_SECONDS = 180     # hvcert must be gone this long after SIGINT/SIGTERM


class Invocation:
    def __init__(self, record, faults, cmd, log_path, runs_dir, nice=10, cells=16):
        self.record, self.faults, self.cmd, self.log_path, self.runs_dir = record, faults, cmd, log_path, runs_dir
        self.nice = nice
        # Probe starts by which a signal no longer waits for VM faults that have not fired (near the invocation's end,
        # where their trigger may never come): those are re-planned, the signal still lands in this invocation.
        self.late = max(1, cells - 3)
        self.tail, self.start_line = None, 0
        self.per_path, self.total, self.latest, self.names, self.gone, self.vm_of = {}, 0, {}, {}, set(), {}
        self.last_judged = {}  # path -> line of its latest probe_judged (a fired VM fault has settled after it)
        self.bases = {}  # fault index -> its path's probe starts when it settled (the next fault on the path counts from there)
        self.settled_at = None  # self.total when every VM fault of this invocation had fired and been judged
        self.fired_process, self.result = None, {"cmd": " ".join(cmd[1:]), "hung": False}

    def run(self):
        before = set(os.listdir(self.runs_dir))
        started = time.monotonic()
        with open(self.log_path, "w") as log:
            proc = subprocess.Popen(self.cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                    preexec_fn=self._child_setup)
            while proc.poll() is None:
                self._find_run(before)
                self._follow()
                self._fire_vm_faults()
                if self._fire_process_fault(proc):
                    break
                if time.monotonic() - started > LIMIT_SECONDS:
                    self.result["hung"] = True
                    os.killpg(proc.pid, signal.SIGKILL)
                time.sleep(0.002 if self._watching() else 0.5)
            proc.wait()
        self._find_run(before)
        self._follow()
        self.result.update(exit=proc.returncode, seconds=round(time.monotonic() - started, 1))
        self.result["faults"] = [f.index for f in self.faults if f.result]
        for f in self.faults:
            if not f.result:
                f.missed.append(self._why_not(f, proc.returncode))
        return self

    def _child_setup(self):
        os.setpriority(os.PRIO_PROCESS, 0, self.nice)
        # A campaign started in the background of a non-interactive shell (`nohup ... &`) inherits SIGINT ignored,
        # and so would hvcert: its Ctrl-C would reach only QEMU (which installs its own handler), and the campaign
        # would count a misread signal that no terminal user can produce. hvcert gets the default, as under a terminal.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGQUIT, signal.SIG_DFL)

    def _why_not(self, f, exit_code):
        ended = f"hvcert exited {exit_code}" if self.fired_process is None else f"{self.fired_process.kind} ended the invocation"
        if f.is_process:
            waiting = "VM faults of this invocation to fire and be judged" if self.settled_at is None else \
                f"{f.ordinal} more probe start(s) and {f.delay}s"
            return f"waited for {waiting}; {ended}"
        base = self._base(f)
        where = "the previous fault on the path to settle" if base is None else f"probe start {f.ordinal} on {f.path} after {base}"
        return f"waited for {where} (saw {self.per_path.get(f.path, 0)}); {ended}"

    def _find_run(self, before):
        if self.record.get("dir") is None:
            new = sorted(set(os.listdir(self.runs_dir)) - before)
            if new:
                self.record["dir"], self.record["run_id"] = os.path.join(self.runs_dir, new[0]), new[0]
        if self.tail is None and self.record.get("dir"):
            self.tail = evidence.Tail(os.path.join(self.record["dir"], "evidence.jsonl"))
            self.tail.poll()
            self.start_line = len(self.tail.lines)  # on a resume, only this invocation's probe starts count

    def _follow(self):
        if self.tail is None:
            return
        first = len(self.tail.lines) + 1
        for number, e in enumerate(self.tail.poll(), first):
            if not e:
                continue
            if e["type"] == "probe_judged":
                self.last_judged[evidence.path_of(e["cell"])] = number
            if e["type"] == "vm_provisioned":
                self.names[e["vmKey"]] = e["vmName"]
                self.gone.discard(e["vmKey"])
            elif e["type"] == "vm_destroyed":
                self.gone.add(e["vmKey"])
            elif e["type"] == "probe_started" and number > self.start_line:
                path = evidence.path_of(e["cell"])
                self.per_path[path] = self.per_path.get(path, 0) + 1
                self.total += 1
                self.latest[path] = e["vmKey"]
                self.vm_of[(evidence.cell_id(e["cell"]), e["attempt"])] = e["vmKey"]
            if e["type"] in ("probe_started", "command_ran") and e["attempt"] == 1 and number > self.start_line:
                step = e.get("step", 0)
                for f in self.faults:
                    if f.targeted and not f.result and f.feature == e["cell"]["featureId"] and f.step == step:
                        f.path, f.vm_key = evidence.path_of(e["cell"]), self.vm_of.get((evidence.cell_id(e["cell"]), 1))
                        f.armed = time.monotonic()

    def _watching(self):
        """A targeted fault waits for a step of a probe that has started: poll every 2 ms, so that a fault aimed at the
        host step that follows a guest step lands before that host step (an agent ping takes milliseconds) is over."""
        return any(f.targeted and not f.result and not f.gave_up and f.step > 0
                   and any(attempt == 1 and cell.endswith("/" + f.feature) for cell, attempt in self.vm_of)
                   for f in self.faults)

    def _base(self, f):
        """The probe starts on f's path before f's count begins: 0 for the path's first fault; for a later one, the
        count when the previous fault on the path had settled (an attempt judged after it), or None while it has not.
        One fault at a time per path, so no two faults hit the same attempt and each has its own retry."""
        before = [g for g in self.faults if not g.is_process and not g.targeted and g.path == f.path and g.index < f.index]
        if not before:
            return 0
        prev = max(before, key=lambda g: g.index)
        if prev.index not in self.bases:
            if not prev.result or self.last_judged.get(f.path, 0) <= prev.result["line"]:
                return None
            self.bases[prev.index] = self.per_path.get(f.path, 0)
        return self.bases[prev.index]

    def _fire_vm_faults(self):
        for f in self.faults:
            if f.is_process or f.result or f.gave_up or (f.targeted and not f.armed):
                continue
            base = 0 if f.targeted else self._base(f)
            if base is None or (not f.targeted and self.per_path.get(f.path, 0) - base < f.ordinal):
                continue
            f.armed = f.armed or time.monotonic() + f.delay
            if time.monotonic() < f.armed:
                continue
            vm = f.vm_key if f.targeted else self.latest[f.path]
            if not f.targeted:
                self._follow()
            try:
                if vm in self.gone:
                    raise inject.Missed(f"{vm} already destroyed")
                line = len(self.tail.lines)
                note = inject.vm_fault(f.kind, self.record["run_id"], self.names[vm])
                f.result = {"line": line, "vm": vm, "note": note, "at": time.time()}
            except inject.Missed as missed:
                f.armed, f.ordinal = None, self.per_path[f.path] - base + 1  # try again at this path's next probe start
                f.gave_up = f.targeted  # a targeted fault's moment has passed: it is not fired elsewhere
                f.missed.append(str(missed))

    def _settled(self):
        """Every VM fault of this invocation fired (or the invocation is near its end), and an attempt on the path of
        each fired one was judged after it (its effect is in the evidence before a signal ends the invocation)."""
        vm = [f for f in self.faults if not f.is_process]
        fired = [f for f in vm if f.result]
        if self.settled_at is None and all(self.last_judged.get(f.path, 0) > f.result["line"] for f in fired) \
                and (len(fired) == len(vm) or self.total >= self.late):
            self.settled_at = self.total
        return self.settled_at is not None

    def _fire_process_fault(self, proc):
        f = next((f for f in self.faults if f.is_process), None)
        # Not before the run's folder exists: a run a signal ends before that has nothing to resume (a fresh run
        # whose only fault is a signal, after a resume that finished the previous run, comes here at once).
        if f is None or self.tail is None or not self._settled() or self.total < self.settled_at + f.ordinal:
            return False
        f.armed = f.armed or time.monotonic() + f.delay
        if time.monotonic() < f.armed:
            return False
        self._follow()
        f.result = {"line": len(self.tail.lines), "note": inject.process_fault(f.kind, proc), "at": time.time()}
        self.fired_process = f
        try:
            proc.wait(timeout=SIGNAL_EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.result["hung"] = True
            os.killpg(proc.pid, signal.SIGKILL)
        lines, _ = evidence.read_all(os.path.join(self.record["dir"], "evidence.jsonl"))
        f.result.update(lines_at_exit=len(lines), finished_at_exit=evidence.finished_cells(lines), exit=proc.returncode)
        return True

    def count_leaks(self):
        """After hvcert exited by itself, or after SIGINT/SIGTERM: nothing of the run may remain. After kill -9 the
        QEMUs are expected to stay until the resume reaps them, so the resume's count is the one that counts."""
        if self.fired_process is not None and self.fired_process.kind == "hvcert-kill9":
            return None
        time.sleep(1)
        return lab.leaks(self.record["run_id"]) if self.record.get("run_id") else None
