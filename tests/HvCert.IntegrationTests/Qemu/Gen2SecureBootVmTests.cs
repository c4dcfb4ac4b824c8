using HvCert.Hosts;
using HvCert.Hosts.Facets;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>A Gen2 VM with Secure Boot (OVMF + Microsoft keys + Debian's signed chain), and the lifecycle: live migration, shutdown.</summary>
[Collection(QemuLabCollection.Name)]
public sealed class Gen2SecureBootVmTests(Gen2SecureBootVmFixture lab, ITestOutputHelper output) : IClassFixture<Gen2SecureBootVmFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [QemuLabFact]
    public async Task SecureBoot_Enabled_GuestReportsItAndLockdown()
    {
        output.WriteLine($"Gen2 + Secure Boot boot to SSH {lab.BootToSsh.TotalSeconds:F1} s");
        var firmware = await lab.Vm.Facet<IFirmwareFacet>()!.DescribeFirmwareAsync(None);

        Assert.Equal("true", firmware.Get("secure_boot"));
        Assert.Contains("Secure boot enabled", await lab.GuestAsync("dmesg | grep -i 'secure boot' || true"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("[integrity]", await lab.GuestAsync("cat /sys/kernel/security/lockdown"), StringComparison.Ordinal);
    }

    // Snapshot revert is not exercised on this Gen2 VM, and the migration gets one retry on a fresh VM: under TCG a
    // q35/OVMF guest sometimes crashes seconds after a restored state (loadvm or incoming migration; the kernel runs
    // into corrupted memory from its timer interrupt), on one TCG thread too (once in this test on 2026-11-26). The
    // runner survives that the same way (infrastructure Error, retried on a fresh VM). A second crash fails the test.
    [QemuLabFact]
    public async Task Lifecycle_MigrateShutdown_EachSeenByTheGuest()
    {
        try
        {
            await MigrateAndCheckAsync();
        }
        catch (Exception ex) when (ex is InfrastructureException or HvCert.Transport.GuestUnreachableException)
        {
            output.WriteLine($"the guest died after the migration, retrying once on a fresh VM: {ex.Message.Split('\n')[0]}");
            await lab.ReprovisionAsync();
            await MigrateAndCheckAsync();
        }

        var shutdown = await lab.Vm.Facet<IShutdownFacet>()!.ShutdownAsync(TimeSpan.FromSeconds(60), None);
        output.WriteLine($"shutdown: {string.Join(", ", shutdown.Observations.Select(o => $"{o.Key}={o.Value}"))}");
        Assert.Equal("true", shutdown.Get("clean"));
        Assert.True(lab.Vm.Process.HasExited);
    }

    private async Task MigrateAndCheckAsync()
    {
        var bootId = await lab.GuestAsync("cat /proc/sys/kernel/random/boot_id");
        var migration = await lab.Vm.Facet<ILiveMigrationFacet>()!.MigrateAsync(None);
        output.WriteLine($"migration: {string.Join(", ", migration.Observations.Select(o => $"{o.Key}={o.Value}"))}");
        Assert.True(migration.Ok, migration.Error);
        var migrated = await lab.Vm.UntilSshAcceptsAsync(TimeSpan.FromMinutes(2), None);
        Assert.Equal(bootId, (await migrated.ExecAsync("cat /proc/sys/kernel/random/boot_id", TimeSpan.FromSeconds(20), None)).Stdout.Trim());
        Assert.Equal(migration.Get("ssh_port"), lab.Vm.Settings["ssh.port"]);
    }
}
