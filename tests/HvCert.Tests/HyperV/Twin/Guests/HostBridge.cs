using System.Globalization;
using HvCert.HyperV.Cim;

namespace HvCert.Tests.HyperV.Twin.Guests;

/// <summary>
/// Wires what the CIM host did into the guest's <see cref="GuestWorld"/>: each handler runs the host's own handler first, then
/// tells the guest. Until the stateful twin (i13twin) lands on main, this wraps the single-VM <see cref="FakeCimGateway"/>;
/// a method the host refused never reaches the guest.
/// </summary>
internal static class HostBridge
{
    private const string Vsms = "Msvm_VirtualSystemManagementService";

    public static void Wire(FakeCimGateway host, GuestWorld world, string share)
    {
        After(host, (Vsms, "AddKvpItems"), args => Items(args, (k, v) => world.HostKvpItems[k] = v));
        After(host, (Vsms, "ModifyKvpItems"), args => Items(args, (k, v) => world.HostKvpItems[k] = v));
        After(host, ("Msvm_ComputerSystem", "InjectNonMaskableInterrupt"), _ => world.NmisInjected++);
        After(host, ("Msvm_ImageManagementService", "ResizeVirtualHardDisk"), args =>
            world.DataDiskBytes = long.Parse(Arg(args, "MaxInternalSize").Text!, CultureInfo.InvariantCulture));
        After(host, ("Msvm_GuestFileService", "CopyFilesToGuest"), args =>
        {
            var copy = CimXml.Read(Arg(args, "CopyFileToGuestSettings").Texts[0]);
            var staged = copy.String("SourcePath")!;
            world.CopiedFiles[copy.String("DestinationPath")!] = File.ReadAllBytes(Path.Combine(share, staged[(staged.LastIndexOf('\\') + 1)..]));
        });
        After(host, (Vsms, "ModifyResourceSettings"), args =>
        {
            foreach (var changed in Arg(args, "ResourceSettings").Texts.Select(CimXml.Read))
            {
                if (changed.ClassName == "Msvm_MemorySettingData" && changed.Number("VirtualQuantity") is { } mb)
                {
                    world.MemoryMb = mb;
                }

                if (changed.ClassName == "Msvm_ProcessorSettingData" && changed.Number("VirtualQuantity") is { } cpus)
                {
                    world.Cpus = (int)cpus;
                }
            }
        });
    }

    private static void After(FakeCimGateway host, (string, string) method, Action<IReadOnlyList<CimArgument>> tell)
    {
        var inner = host.Handlers[method];
        host.Handlers[method] = (target, args) =>
        {
            var result = inner(target, args);
            if (result.ReturnValue is 0 or 4096)
            {
                tell(args);
            }

            return result;
        };
    }

    private static CimValue Arg(IReadOnlyList<CimArgument> args, string name) => args.First(a => a.Name == name).Value;

    private static void Items(IReadOnlyList<CimArgument> args, Action<string, string> add)
    {
        foreach (var item in Arg(args, "DataItems").Texts.Select(CimXml.Read))
        {
            add(item.String("Name")!, item.String("Data") ?? "");
        }
    }
}
