using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using HvCert.Reporting;

namespace HvCert.Tests.Reporting;

/// <summary>
/// A deterministic evidence stream covering every verdict kind, a retried Error, a killed attempt, a hostile guest
/// output and two distro families. The reporting snapshots and the committed fixture run are built from it.
/// </summary>
internal static class SampleRun
{
    public const string Hostile = "<script>document.title='pwned'</script> | **bold** [x](javascript:alert(1)) & </pre>";
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static List<EvidenceEvent> Events()
    {
        var t = T0;
        DateTimeOffset Next(double seconds = 1) => t = t.AddSeconds(seconds);
        var events = new List<EvidenceEvent>
        {
            new RunStarted("run-20261125-120000", "0.1.0", "full", "debian-lab", BackendKind.Qemu, 20) { At = t },
            new HostFactsRecorded(new HostFacts(BackendKind.Qemu, "QEMU 7.2.15", "tcg", "2 x Intel Xeon", new Dictionary<string, string> { ["ovmf"] = "2022.11" })) { At = t },
        };
        var offered = new[] { new OfferedDevice(DeviceRole.Network, "virtio-net-pci", ["virtio_net"], "1af4:1000") };

        void Vm(string key, string target, Generation gen, params VmFault[] faults) =>
            events.Add(new VmProvisioned(key, $"hvcert-run-{key}", target, gen, gen == Generation.Gen2, faults, offered,
                new Dictionary<string, string> { ["memory_mb"] = "1024", ["cpus"] = "2" }, 41.5)
            { At = Next(40), Os = target.StartsWith("freebsd", StringComparison.Ordinal) ? OsFamily.FreeBsd : OsFamily.Linux, Host = "qemu" });

        void Probe(string vm, string target, Generation gen, string feature, int attempt, VerdictKind? verdict, string reason,
            params (int Step, string Cmd, int Exit, string Out)[] commands)
        {
            var cell = new CellKey(target, gen, "qemu", feature);
            events.Add(new ProbeStarted(cell, attempt, vm) { At = Next(), Parameters = new Dictionary<string, string> { ["timeout"] = "180s" } });
            foreach (var c in commands)
            {
                events.Add(new CommandRan(cell, attempt, c.Step, c.Cmd, c.Exit, c.Out, c.Exit == 0 ? "" : "error output", 120.5, false, false) { At = Next() });
            }

            if (verdict is { } v)
            {
                events.Add(new ProbeJudged(cell, attempt, v, reason, 2500) { At = Next() });
            }
        }

        void Preset(string target, Generation gen, string feature, VerdictKind verdict, string reason) =>
            events.Add(new ProbeJudged(new CellKey(target, gen, "qemu", feature), 1, verdict, reason, 0) { At = t });

        foreach (var gen in new[] { Generation.Gen1, Generation.Gen2 })
        {
            var vm = $"debian-12-{gen}".ToLowerInvariant();
            Vm(vm, "debian-12", gen);
            events.Add(new GuestFactsRecorded(vm, "debian-12", gen, "Debian GNU/Linux 12 (bookworm)", "6.1.0-26-amd64",
                new Dictionary<string, string> { ["qemu-guest-agent"] = "1:7.2+dfsg-7", ["hyperv-daemons"] = "absent" },
                new Dictionary<string, string> { ["uname -r"] = "6.1.0-26-amd64" }) { At = Next() });
            Probe(vm, "debian-12", gen, "core.time-sync", 1, VerdictKind.Supported, "chrony tracks the host clock: offset 0.2 ms",
                (1, "chronyc tracking", 0, "Reference ID    : 50484330 (PHC0)\nSystem time     : 0.000200 seconds fast"));
            Probe(vm, "debian-12", gen, "core.heartbeat", 1, VerdictKind.Supported, "guest agent answered guest-ping",
                (1, "systemctl is-active qemu-guest-agent", 0, Hostile));
            events.Add(new HostActionDone(new CellKey("debian-12", gen, "qemu", "core.heartbeat"), 1, 2, "qmp guest-ping", true,
                new Dictionary<string, string> { ["return"] = "{}", ["latency_ms"] = "3" }, null, 12) { At = Next() });
            Probe(vm, "debian-12", gen, "net.jumbo-frames", 1,
                gen == Generation.Gen1 ? VerdictKind.Supported : VerdictKind.NotSupported,
                gen == Generation.Gen1 ? "ping -M do -s 8972 to the peer succeeded" : "ping -M do -s 8972 failed: message too long",
                (1, "ip link set eth0 mtu 9000", 0, ""), (2, "ping -c 3 -M do -s 8972 10.0.2.2", gen == Generation.Gen1 ? 0 : 1, "3 packets transmitted"));
            Probe(vm, "debian-12", gen, "storage.trim", 1, VerdictKind.SupportedWithCaveat, "fstrim works; discard reaches the image only with discard=unmap",
                (1, "fstrim -v /", 0, "/: 1.2 GiB (1288490188 bytes) trimmed"));
            Preset("debian-12", gen, "net.sriov", VerdictKind.NotOffered, "The QEMU lab offers no SR-IOV virtual function");
            Probe(vm, "debian-12", gen, "misc.kvp", 1, VerdictKind.Error, "SSH connection dropped during step 1",
                (1, "cat /var/lib/hyperv/.kvp_pool_3", 255, ""));
            Probe(vm, "debian-12", gen, "misc.kvp", 2, VerdictKind.Supported, "qemu-guest-agent exchanged key/value pairs",
                (1, "qemu-ga --version", 0, "QEMU Guest Agent 7.2.15"));
            if (gen == Generation.Gen1)
            {
                Preset("debian-12", gen, "gen2.secure-boot", VerdictKind.NotApplicable, "Secure Boot exists only on Generation 2");
            }
            else
            {
                Probe(vm, "debian-12", gen, "gen2.secure-boot", 1, VerdictKind.Supported, "mokutil --sb-state: SecureBoot enabled",
                    (1, "mokutil --sb-state", 0, "SecureBoot enabled"));
            }

            events.Add(new VmDestroyed(vm, $"hvcert-run-{vm}") { At = Next() });
        }

        Vm("debian-11-gen1", "debian-11", Generation.Gen1, VmFault.NoBalloonDevice);
        Probe("debian-11-gen1", "debian-11", Generation.Gen1, "core.time-sync", 1, VerdictKind.Supported, "chrony tracks the host clock", (1, "chronyc tracking", 0, "ok"));
        Probe("debian-11-gen1", "debian-11", Generation.Gen1, "net.jumbo-frames", 1, VerdictKind.NotSupported, "peer MTU stays 1500", (1, "ip link show eth0", 0, "mtu 1500"));
        Probe("debian-11-gen1", "debian-11", Generation.Gen1, "misc.kvp", 1, VerdictKind.Skipped, "suite skips kvp on debian-11");
        Probe("debian-11-gen1", "debian-11", Generation.Gen1, "core.heartbeat", 1, null, "", (1, "systemctl is-active qemu-guest-agent", 0, "active"));
        events.Add(new VmProvisionFailed("freebsd-14.1-gen1", "hvcert-run-freebsd-14.1-gen1", "freebsd-14.1", Generation.Gen1,
            "SSH not accepted within 600 s", "<serial> loader> boot\nPanic: no init") { At = Next(600) });
        Probe("freebsd-14.1-gen1", "freebsd-14.1", Generation.Gen1, "core.time-sync", 1, VerdictKind.Error, "VM did not boot within 600 s");
        Probe("freebsd-14.1-gen1", "freebsd-14.1", Generation.Gen1, "core.time-sync", 2, VerdictKind.Error, "VM did not boot within 600 s");
        Preset("freebsd-14.1", Generation.Gen1, "memory.pae", VerdictKind.NotApplicable, "PAE applies to Linux guests only");
        events.Add(new RunFinished("run-20261125-120000", 1, 1234) { At = Next() });
        return events;
    }

    public static RunResults Results() => RunResultsBuilder.Build(Events());

    /// <summary>Writes the sample as a run directory with evidence.jsonl, the way the runner leaves one.</summary>
    public static string WriteRunDir(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllLines(new RunDirectory(dir).Evidence, Events().Select(e => System.Text.Json.JsonSerializer.Serialize(e, EvidenceJson.Line)));
        return dir;
    }
}
