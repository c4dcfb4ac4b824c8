using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.HyperV;
using HvCert.HyperV.Inventory;
using HvCert.Transport;

namespace HvCert.Tests.HyperV.Twin;

/// <summary>
/// The real HyperVBackend over a twin lab: host "hv1" (and "hv2" when asked) with a switch, an IOV switch, a SAN, templates
/// for debian-12 (VHDX, both generations) and a .vhd template, and a temporary folder standing for the host's storage share.
/// </summary>
public sealed class TwinBackend : IAsyncDisposable
{
    public const string StoragePath = @"D:\hvcert";

    /// <summary>The twin hosts' one assignable PCI device (synthetic ids in the PnP forms Get-VMHostAssignableDevice prints).</summary>
    public const string DdaLocation = "PCIROOT(0)#PCI(0300)#PCI(0000)";

    public const string DdaInstance = @"PCI\VEN_15B3&DEV_1015&SUBSYS_000315B3&REV_00\5&2E3C5F3&0&0018";

    private TwinBackend(TwinLab lab, HyperVInventory inventory, string share, IHostBackend backend)
    {
        (Lab, Inventory, Share, Backend) = (lab, inventory, share, backend);
    }

    public TwinLab Lab { get; }

    public HyperVTwin Host => Lab.Host("hv1")!;

    public HyperVInventory Inventory { get; }

    /// <summary>The local folder the backend writes seed ISOs and staged files into.</summary>
    public string Share { get; }

    public IHostBackend Backend { get; }

    /// <param name="edit">Changes to the inventory (second host, SAN, VLAN ...).</param>
    /// <param name="guest">Opens the guest transport; the default refuses (no guest side here).</param>
    public static TwinBackend Create(Func<HyperVInventory, HyperVInventory>? edit = null, TwinOptions? options = null, GuestConnector? guest = null, bool secondHost = false)
    {
        var lab = new TwinLab();
        var share = Directory.CreateTempSubdirectory("hvcert-twin").FullName;
        foreach (var name in secondHost ? new[] { "hv1", "hv2" } : ["hv1"])
        {
            var host = lab.AddHost(name, name == "hv1" ? options : null);
            host.AddSwitch("hvcert-external");
            host.AddSwitch("hvcert-sriov", iov: true);
            host.AddSan("hvcert-san");
            host.AddFile(@"D:\templates\debian-12-gen1.vhdx");
            host.AddFile(@"D:\templates\debian-12-gen2.vhdx");
            host.AddFile(@"D:\templates\freebsd-14-gen1.vhd");
            host.AddShare(StoragePath, share);
            host.AddPciDevice(TwinBackend.DdaLocation, TwinBackend.DdaInstance);
        }

        var inventory = HyperVInventory.Default with
        {
            SourceFile = "twin-inventory.yaml",
            Host = new HyperVHost("hv1", "hv1", "wsman", HostCredentials.CurrentUser, new HostStorage(StoragePath, share), HostVersion.Ws2022),
            Switch = "hvcert-external",
            Templates = new Dictionary<string, IReadOnlyDictionary<Generation, string>>
            {
                ["debian-12"] = new Dictionary<Generation, string> { [Generation.Gen1] = @"D:\templates\debian-12-gen1.vhdx", [Generation.Gen2] = @"D:\templates\debian-12-gen2.vhdx" },
                ["freebsd-14"] = new Dictionary<Generation, string> { [Generation.Gen1] = @"D:\templates\freebsd-14-gen1.vhd" },
            },
        };
        if (secondHost)
        {
            inventory = inventory with { SecondHost = new HyperVHost("hv2", "hv2", "wsman", HostCredentials.CurrentUser, new HostStorage(StoragePath, share), HostVersion.Ws2022) };
        }

        inventory = edit?.Invoke(inventory) ?? inventory;
        var backend = HyperVBackendFactory.CreateWith(inventory, lab.Connect,
            guest ?? ((_, _, _) => Task.FromException<IGuestTransport>(new GuestUnreachableException("the twin has no guest side here"))), lab.Clock);
        return new TwinBackend(lab, inventory, share, backend);
    }

    public static VmSpec Spec(Generation generation = Generation.Gen2, string image = "debian-12", params VmFault[] faults) =>
        new("run42", "hvc-vm1", image, generation, SecureBoot: generation == Generation.Gen2, Cpus: 4, MemoryMb: 1000, Faults: faults.ToHashSet());

    /// <summary>The one VM the test provisioned, on whichever host it now lives.</summary>
    public TwinVm Vm => Lab.Hosts.SelectMany(h => h.Vms.Values).Single();

    public async ValueTask DisposeAsync()
    {
        await Backend.DisposeAsync();
        Directory.Delete(Share, recursive: true);
    }
}
