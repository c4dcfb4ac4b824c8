"""What a run may leave behind on the host, counted by the run id it carries."""
import os
import subprocess

RUN_ROOT = "/tmp/hvcert"


def qemu_processes(run_id):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        if cmdline.startswith(b"qemu-system") and f"hvcert-{run_id}-".encode() in cmdline:
            found.append(int(pid))
    return found


def overlays(run_id):
    root = f"{RUN_ROOT}/{run_id}"
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files if f.endswith(".qcow2")]


def namespaces(run_id):
    out = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.split() and line.split()[0].startswith(f"hvcert-{run_id}")]


def leaks(run_id):
    """Counts of what run `run_id` left: QEMU processes, overlays, its /tmp/hvcert/<run> folder, network namespaces."""
    return {
        "qemu": len(qemu_processes(run_id)),
        "overlays": len(overlays(run_id)),
        "folders": int(os.path.isdir(f"{RUN_ROOT}/{run_id}")),
        "netns": len(namespaces(run_id)),
    }
