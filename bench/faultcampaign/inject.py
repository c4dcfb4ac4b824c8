"""The faults. VM faults act on one lab VM (its QEMU process, or its guest as root over SSH with the run's own client
key); process faults act on hvcert. Each returns a short note of what it did, or raises Missed when it could not act."""
import os
import signal
import subprocess
import threading

RUN_ROOT = "/tmp/hvcert"
STALL_SECONDS = 40  # past the 30 s QMP and 20 s guest-agent timeouts (and the 10 s heartbeat ping)


class Missed(Exception):
    """The fault could not be applied (the VM was already gone, SSH refused...): not counted as injected."""


def qemu_pid(run_id, vm_name):
    try:
        pid = int(open(f"{RUN_ROOT}/{run_id}/{vm_name}/qemu.pid").read().strip())
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError) as e:
        raise Missed(f"no QEMU for {vm_name}: {e}") from e


def ssh_port(pid):
    args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    for arg in args:
        text = arg.decode(errors="replace")
        if "hostfwd=tcp:127.0.0.1:" in text:
            return int(text.split("hostfwd=tcp:127.0.0.1:")[1].split("-")[0])
    raise Missed("no SSH forward on the QEMU command line")


def guest(run_id, pid, script, timeout=40):
    """Runs `script` as root in the guest. The guest agent's one socket is held by hvcert, so SSH is the way in."""
    cmd = ["ssh", "-i", f"{RUN_ROOT}/{run_id}/id_ed25519", "-p", str(ssh_port(pid)), "-o", "BatchMode=yes",
           "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
           "-o", "ConnectTimeout=20", "root@127.0.0.1", script]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, text=True)
    except subprocess.TimeoutExpired as e:
        raise Missed(f"ssh timed out after {timeout}s") from e
    if done.returncode != 0:
        raise Missed(f"ssh exit {done.returncode}: {done.stderr.strip()[:200]}")
    return done.stdout.strip()


# Detached so that the SSH session that starts them ends first.
PANIC = "echo 1 > /proc/sys/kernel/sysrq; nohup sh -c 'sleep 0.3; echo c > /proc/sysrq-trigger' >/dev/null 2>&1 & echo panic-armed"
SSH_CUT = ("nohup sh -c 'sleep 0.3; systemctl stop ssh.socket ssh.service; pkill -KILL -x sshd' >/dev/null 2>&1 & "
           "echo sshd-stopping")
# fallocate takes every free block (root may use the reserved ones too) without writing data; dd then takes the rest.
DISK_FULL = ("free=$(stat -f -c '%f*%S' /); fallocate -l $(( $free - 1048576 )) /var/tmp/hvcert-fault-fill 2>/dev/null; "
             "dd if=/dev/zero of=/var/tmp/hvcert-fault-fill2 bs=64k 2>/dev/null; sync; "
             "df -B1 --output=avail / | tail -1")


def vm_fault(kind, run_id, vm_name):
    pid = qemu_pid(run_id, vm_name)
    if kind == "qemu-kill9":
        os.kill(pid, signal.SIGKILL)
        return f"SIGKILL QEMU {pid}"
    if kind == "qmp-stall":
        os.kill(pid, signal.SIGSTOP)
        threading.Timer(STALL_SECONDS, lambda: _cont(pid)).start()
        return f"SIGSTOP QEMU {pid} for {STALL_SECONDS}s"
    if kind == "guest-panic":
        return guest(run_id, pid, PANIC)
    if kind == "ssh-cut":
        return guest(run_id, pid, SSH_CUT)
    if kind == "disk-full":
        return f"root fs avail after fill: {guest(run_id, pid, DISK_FULL, timeout=120)} bytes"
    raise ValueError(kind)


def _cont(pid):
    try:
        os.kill(pid, signal.SIGCONT)
    except OSError:
        pass  # hvcert already killed the stalled VM


def process_fault(kind, proc):
    if kind == "hvcert-sigint":
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group, QEMU included
        return "SIGINT to hvcert's process group"
    if kind == "hvcert-sigterm":
        os.kill(proc.pid, signal.SIGTERM)
        return "SIGTERM to hvcert"
    if kind == "hvcert-kill9":
        os.kill(proc.pid, signal.SIGKILL)
        return "SIGKILL to hvcert"
    raise ValueError(kind)
