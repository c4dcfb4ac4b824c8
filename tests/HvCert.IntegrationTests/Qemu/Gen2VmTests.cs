using HvCert.Hosts.Facets;
using Xunit.Abstractions;

namespace HvCert.IntegrationTests.Qemu;

/// <summary>A Gen2 (q35 + OVMF, Secure Boot off) VM: UEFI, virtio-mem, and the second NIC in the run's network namespace.</summary>
[Collection(QemuLabCollection.Name)]
public sealed class Gen2VmTests(Gen2VmFixture lab, ITestOutputHelper output) : IClassFixture<Gen2VmFixture>
{
    private const string SecureBootVar = "/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";
    private static readonly CancellationToken None = CancellationToken.None;

    [QemuLabFact]
    public async Task Firmware_Uefi_GuestBootedByOvmfWithSecureBootOff()
    {
        output.WriteLine($"Gen2 boot to SSH {lab.BootToSsh.TotalSeconds:F1} s");
        var firmware = await lab.Vm.Facet<IFirmwareFacet>()!.DescribeFirmwareAsync(None);

        Assert.Equal("uefi", firmware.Get("firmware"));
        Assert.Equal("false", firmware.Get("secure_boot"));
        Assert.Contains("EDK II", await lab.GuestAsync("dmesg | grep -m1 'efi: EFI v'"), StringComparison.Ordinal);
        Assert.Equal("0", await lab.GuestAsync($"od -An -t u1 {SecureBootVar} | awk '{{print $NF}}'"));
    }

    [QemuLabFact]
    public async Task RuntimeMemoryResize_VirtioMemTo1536_GuestMemTotalGrows()
    {
        var before = await lab.MemTotalKbAsync();

        var result = await lab.Vm.Facet<IRuntimeMemoryResizeFacet>()!.ResizeAsync(lab.Vm.Spec.MemoryMb + 512, None);
        var after = long.Parse(await lab.GuestUntilAsync("awk '/^MemTotal/ {print $2}' /proc/meminfo", v => long.Parse(v) > before + (400 * 1024)));

        Assert.True(result.Ok, result.Error);
        Assert.Equal((lab.Vm.Spec.MemoryMb + 512).ToString(), result.Get("size_mb"));
        Assert.True(after - before >= 400 * 1024, $"MemTotal {before} -> {after} kB");
    }

    [QemuLabFact]
    public async Task NetworkPeer_Mtu9000_JumboPingPassesAndGuestAt1500CannotSendIt()
    {
        var facet = lab.Vm.Facet<INetworkPeerFacet>();
        Assert.NotNull(facet);
        var link = await facet.PrepareAsync(9000, None);
        var nic = await NicByMacAsync(link.Get("guest_mac")!);
        await lab.GuestAsync($"ip link set {nic} mtu 9000 up && ip addr replace {link.Get("guest_ip")}/{link.Get("prefix")} dev {nic}");
        var ping = $"ping -M do -s 8972 -c 3 -W 3 {link.Get("peer_ip")}";

        var jumbo = await lab.Ssh.ExecAsync(ping, TimeSpan.FromSeconds(30), None);
        await lab.GuestAsync($"ip link set {nic} mtu 1500");
        var blocked = await lab.Ssh.ExecAsync(ping, TimeSpan.FromSeconds(30), None);
        await lab.GuestAsync($"ip link set {nic} mtu 9000");

        Assert.Equal("9000", link.Get("peer_mtu"));
        Assert.True(jumbo.Succeeded, jumbo.Stdout + jumbo.Stderr);
        Assert.False(blocked.Succeeded, "a 9000-byte ping with DF must not leave a 1500-MTU interface");
    }

    [QemuLabFact]
    public async Task Vlan_Id100_GuestPingsPeerOverTaggedLinkOrNotOfferedWithReason()
    {
        if (!lab.Backend.Capabilities.Has(HvCert.Catalog.Facet.Vlan))
        {
            Assert.Null(lab.Vm.Facet<IVlanFacet>());
            Assert.Contains("802.1Q", lab.Backend.Capabilities.WhyNot(HvCert.Catalog.Facet.Vlan), StringComparison.Ordinal);
            output.WriteLine($"VLAN not offered: {lab.Backend.Capabilities.WhyNot(HvCert.Catalog.Facet.Vlan)}");
            return;
        }

        var peer = await lab.Vm.Facet<INetworkPeerFacet>()!.PrepareAsync(9000, None);
        var vlan = await lab.Vm.Facet<IVlanFacet>()!.ConfigureVlanAsync(100, None);
        var nic = await NicByMacAsync(peer.Get("guest_mac")!);
        await lab.GuestAsync($"modprobe 8021q; ip link set {nic} up; ip link del {nic}.100 2>/dev/null; ip link add link {nic} name {nic}.100 type vlan id 100 "
            + $"&& ip addr add {vlan.Get("guest_ip")}/{vlan.Get("prefix")} dev {nic}.100 && ip link set {nic}.100 up");

        Assert.True(vlan.Ok, vlan.Error);
        await lab.GuestAsync($"ping -c 3 -W 3 {vlan.Get("peer_ip")}");
    }

    [QemuLabFact]
    public async Task MultiQueueNic_FourQueueTap_GuestEthtoolShowsFourChannels()
    {
        var queues = await lab.Vm.Facet<IMultiQueueNicFacet>()!.DescribeQueuesAsync(None);
        var nic = await NicByMacAsync(queues.Get("guest_mac")!);

        Assert.Equal("4", queues.Get("queues"));
        Assert.InRange(int.Parse(queues.Get("tap_active_queues")!), 1, 4);
        var channels = await lab.GuestAsync($"ethtool -l {nic}");
        Assert.Matches(@"(?s)Pre-set maximums:.*?Combined:\s+4", channels);
    }

    [QemuLabFact]
    public async Task NicOffloads_TapNic_HostAndGuestAgreeTsoOn()
    {
        var offloads = await lab.Vm.Facet<INicOffloadFacet>()!.DescribeOffloadsAsync(None);
        var nic = await NicByMacAsync(offloads.Get("guest_mac")!);

        Assert.Equal("on", offloads.Get("tso"));
        Assert.Contains("tcp-segmentation-offload: on", await lab.GuestAsync($"ethtool -k {nic}"), StringComparison.Ordinal);
    }

    private async Task<string> NicByMacAsync(string mac) =>
        await lab.GuestAsync($"for n in /sys/class/net/*; do [ \"$(cat $n/address)\" = \"{mac}\" ] && basename $n; done | head -1");
}
