using System.Security.Cryptography;
using HvCert.Catalog;
using HvCert.Hosts.Facets;
using HvCert.Transport.Ssh;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>A Gen1 (i440fx + SeaBIOS + GRUB) bookworm VM under TCG: SSH, QMP and the facets, each checked from the guest.</summary>
[Collection(QemuLabCollection.Name)]
public sealed class Gen1VmTests(Gen1VmFixture lab, ITestOutputHelper output) : IClassFixture<Gen1VmFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [QemuLabFact]
    public async Task Ssh_PinnedHostKey_AcceptedAndAnotherKeyRefused()
    {
        output.WriteLine($"image ready after {lab.ImageReady.TotalSeconds:F1} s; Gen1 boot to SSH {lab.BootToSsh.TotalSeconds:F1} s");

        Assert.Equal("hvcert-guest", await lab.GuestAsync("hostname"));
        Assert.Contains("BIOS", await lab.GuestAsync("[ -d /sys/firmware/efi ] && echo UEFI || echo BIOS"), StringComparison.Ordinal);
        var wrong = lab.Vm.Endpoint with { HostKeySha256 = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
        await Assert.ThrowsAsync<HostKeyMismatchException>(() => SshGuestTransport.UntilSshAcceptsAsync(wrong, TimeSpan.FromSeconds(20), None));
    }

    [QemuLabFact]
    public async Task Qmp_QueryStatus_RunningOnThisQemu()
    {
        var status = await lab.Vm.Qmp.ExecuteAsync("query-status", null, null, None);

        Assert.Equal("running", status.GetProperty("status").GetString());
        Assert.StartsWith("7.", lab.Vm.Qmp.QemuVersion, StringComparison.Ordinal);
    }

    [QemuLabFact]
    public async Task MemoryHotAdd_512Mb_GuestMemTotalGrows()
    {
        var before = await lab.MemTotalKbAsync();

        var result = await lab.Vm.Facet<IMemoryHotAddFacet>()!.HotAddAsync(512, None);
        var after = long.Parse(await lab.GuestUntilAsync("awk '/^MemTotal/ {print $2}' /proc/meminfo", v => long.Parse(v) > before + (400 * 1024)));

        Assert.True(result.Ok, result.Error);
        Assert.True(after - before >= 400 * 1024, $"MemTotal {before} -> {after} kB");
    }

    [QemuLabFact]
    public async Task Nmi_Inject_GuestNmiCountRises()
    {
        const string count = "awk '/^ *NMI:/ {s=0; for (i=2;i<=NF;i++) if ($i ~ /^[0-9]+$/) s+=$i; print s}' /proc/interrupts";
        var before = long.Parse(await lab.GuestAsync(count));

        var result = await lab.Vm.Facet<INmiFacet>()!.InjectNmiAsync(None);
        var after = long.Parse(await lab.GuestUntilAsync(count, v => long.Parse(v) > before, 15));

        Assert.True(result.Ok, result.Error);
        Assert.True(after > before, $"NMI count {before} -> {after}");
    }

    [QemuLabFact]
    public async Task ScsiWwn_DataDisk_GuestHasByIdLink()
    {
        var wwn = lab.Vm.Settings["disk.wwn"];

        Assert.Contains($"wwn-{wwn}", await lab.GuestAsync("ls /dev/disk/by-id/"), StringComparison.Ordinal);
    }

    [QemuLabFact]
    public async Task FileCopy_AgentWrite_GuestSha256Matches()
    {
        var content = RandomNumberGenerator.GetBytes(150_000);

        var result = await lab.Vm.Facet<IFileCopyFacet>()!.CopyToGuestAsync(content, "/root/copied.bin", None);

        Assert.True(result.Ok, result.Error);
        Assert.StartsWith(result.Get("sha256")!, await lab.GuestAsync("sha256sum /root/copied.bin"), StringComparison.Ordinal);
    }

    [QemuLabFact]
    public async Task Balloon_Reclaim256_GuestMemTotalDropsThenReturns()
    {
        var before = await lab.MemTotalKbAsync();
        var facet = lab.Vm.Facet<IBalloonFacet>()!;

        var actualMb = (int)((await lab.Vm.Qmp.ExecuteAsync("query-balloon", null, null, None)).GetProperty("actual").GetInt64() >> 20);

        var down = await facet.SetTargetAsync(actualMb - 256, None);
        var lowered = await lab.MemTotalKbAsync();
        var up = await facet.SetTargetAsync(actualMb, None);

        Assert.True(down.Ok, down.Error);
        Assert.True(before - lowered >= 200 * 1024, $"MemTotal {before} -> {lowered} kB ({string.Join(", ", down.Observations)})");
        Assert.True(up.Ok, up.Error);
    }

    [QemuLabFact]
    public async Task DiskResize_Grow64Mb_GuestLsblkSeesNewSize()
    {
        var before = long.Parse(await lab.GuestAsync("lsblk -bndo SIZE /dev/sda"));

        var result = await lab.Vm.Facet<IDiskResizeFacet>()!.GrowDataDiskAsync(before + (64L << 20), None);
        var after = long.Parse(await lab.GuestUntilAsync("lsblk -bndo SIZE /dev/sda", v => long.Parse(v) > before, 20));

        Assert.True(result.Ok, result.Error);
        Assert.Equal(before + (64L << 20), after);
    }

    [QemuLabFact]
    public async Task Trim_FstrimAfterDelete_HostAllocationShrinks()
    {
        var allocation = lab.Vm.Facet<IDiskAllocationFacet>()!;
        await lab.GuestAsync("mkfs.ext4 -q -F -E nodiscard /dev/sda && mkdir -p /mnt/data && mount /dev/sda /mnt/data && dd if=/dev/urandom of=/mnt/data/fill bs=1M count=64 conv=fsync status=none", 180);
        var full = long.Parse((await allocation.ReadAllocationAsync(None)).Get("allocated_bytes")!);

        await lab.GuestAsync("rm /mnt/data/fill && sync && fstrim -v /mnt/data && umount /mnt/data", 120);
        var trimmed = long.Parse((await allocation.ReadAllocationAsync(None)).Get("allocated_bytes")!);

        output.WriteLine($"data disk allocation {full} -> {trimmed} bytes");
        Assert.True(full - trimmed >= 48L << 20, $"allocation {full} -> {trimmed}");
    }

    [QemuLabFact]
    public async Task CpuHotAdd_OneCpu_GuestSeesThirdCpu()
    {
        var result = await lab.Vm.Facet<ICpuHotAddFacet>()!.AddCpuAsync(None);
        var present = await lab.GuestUntilAsync("ls -d /sys/devices/system/cpu/cpu[0-9]* | wc -l", v => v == "3", 20);
        await lab.GuestAsync("for c in /sys/devices/system/cpu/cpu[1-9]*/online; do [ \"$(cat $c)\" = 1 ] || echo 1 > $c; done");

        Assert.True(result.Ok, result.Error);
        Assert.Equal("3", present);
        Assert.Equal("3", await lab.GuestAsync("nproc"));
    }

    [QemuLabFact]
    public async Task Heartbeat_Ping_Alive() =>
        Assert.Equal("true", (await lab.Vm.Facet<IHeartbeatFacet>()!.QueryHeartbeatAsync(None)).Get("alive"));

    [QemuLabFact]
    public async Task TimeSync_GuestClockFiveMinutesBehind_SyncNowCorrectsIt()
    {
        await lab.GuestAsync("systemctl stop chrony; date -s @$(( $(date +%s) - 300 )) >/dev/null");

        var result = await lab.Vm.Facet<ITimeSyncFacet>()!.SyncNowAsync(None);
        var guest = long.Parse(await lab.GuestAsync("date +%s"));

        Assert.True(result.Ok, result.Error);
        Assert.True(double.Parse(result.Get("offset_before_ms")!) < -250_000, $"offset before {result.Get("offset_before_ms")}");
        Assert.InRange(guest - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -3, 3);
    }

    [QemuLabFact]
    public void KeyValueAndStaticIp_NotOfferedOnTheLab_WithTheMissingGuestPartNamed()
    {
        Assert.Null(lab.Vm.Facet<IKeyValueFacet>());
        Assert.Null(lab.Vm.Facet<IStaticIpFacet>());
        Assert.Contains("KVP daemon", lab.Backend.Capabilities.WhyNot(Facet.KeyValueExchange), StringComparison.Ordinal);
        Assert.Contains("Supported by construction", lab.Backend.Capabilities.WhyNot(Facet.StaticIpInjection), StringComparison.Ordinal);
    }

    [QemuLabFact]
    public async Task Mouse_SendEvent_GuestTabletReceivesEvents()
    {
        var ev = await lab.GuestAsync("for e in /sys/class/input/event*; do grep -qi tablet $e/device/name && basename $e; done | head -1");
        Assert.StartsWith("event", ev, StringComparison.Ordinal);
        // Fully detached, so the SSH channel closes at once while the reader waits for the event.
        await lab.GuestAsync($"rm -f /tmp/ev; nohup timeout 20 cat /dev/input/{ev} > /tmp/ev 2>/dev/null < /dev/null & sleep 1");

        var result = await lab.Vm.Facet<IMouseFacet>()!.MovePointerAsync(1234, 4321, None);
        var bytes = await lab.GuestUntilAsync("stat -c %s /tmp/ev", v => long.Parse(v) > 0, 10);

        Assert.True(result.Ok, result.Error);
        Assert.True(long.Parse(bytes) > 0, "the guest's tablet produced no input event");
    }

    [QemuLabFact]
    public async Task Video_Screendump_HasSizeAndGuestHasDrmCard()
    {
        var result = await lab.Vm.Facet<IVideoFacet>()!.ScreenshotAsync(None);

        Assert.True(result.Ok, result.Error);
        Assert.True(int.Parse(result.Get("width")!) >= 640, $"width {result.Get("width")}");
        Assert.Contains("card0", await lab.GuestAsync("ls /sys/class/drm"), StringComparison.Ordinal);
    }

    [QemuLabFact]
    public async Task DeviceBus_QueryPci_MatchesGuestLspci()
    {
        var result = await lab.Vm.Facet<IDeviceBusFacet>()!.ListDevicesAsync(None);

        Assert.Equal(await lab.GuestAsync("ls /sys/bus/pci/devices | wc -l"), result.Get("count"));
    }

    [QemuLabFact]
    public async Task Backup_FsfreezeAndDriveBackup_Consistent()
    {
        var result = await lab.Vm.Facet<IBackupFacet>()!.BackupAsync(None);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("true", result.Get("consistent"));
        var agent = await lab.Vm.AgentAsync(None);
        Assert.Equal("thawed", (await agent.ExecuteAsync("guest-fsfreeze-status")).GetString());
    }

    [QemuLabFact]
    public async Task MmioGap_RamBelow4g_GuestIomemShowsTheGap()
    {
        var iomem = await lab.GuestAsync("grep 'System RAM' /proc/iomem");
        var ends = iomem.Split('\n').Select(l => l.Trim().Split(' ')[0].Split('-')).Select(r => (Start: Convert.ToUInt64(r[0], 16), End: Convert.ToUInt64(r[1], 16))).ToList();

        Assert.True(ends.Where(r => r.Start < 0x1_0000_0000).Max(r => r.End) < 768UL << 20, iomem);
        Assert.Contains(ends, r => r.Start >= 0x1_0000_0000);
    }
}
