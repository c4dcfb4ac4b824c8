using HvCert.Features.Common;
using HvCert.Guests.Tools.Linux;
using HvCert.Hosts;
using HvCert.Probes;
using static HvCert.Features.Core.NetworkDevice.NetworkDeviceProbe;

namespace HvCert.Features.Core.NetworkDevice;

internal static class NetworkDeviceJudge
{
    public static Verdict Judge(ProbeEvidence evidence)
    {
        if (!evidence.BoundDevice(Inventory, DeviceRole.Network, out var binding, out var failure))
        {
            return failure;
        }

        if (!evidence.Ran(Drivers, out var drivers, out failure, mayFail: true) || !evidence.Ran(Links, out var links, out failure))
        {
            return failure;
        }

        var expected = DeviceIdentity.ExpectedDrivers(evidence, DeviceRole.Network);
        var nics = EthtoolDriverInfo.ParseAll(drivers.Stdout)
            .Where(n => n.Driver is { } d && expected.Any(x => SysfsDeviceInventory.SameDriver(x, d)))
            .ToList();
        if (nics.Count == 0)
        {
            return Verdict.NotSupported($"{binding.Detail}, but no network interface reports driver {string.Join("/", expected)} (ethtool -i)");
        }

        var parsed = IpLinkParser.Parse(links.Stdout);
        var up = nics.FirstOrDefault(n => parsed.Any(l => l.Name == n.Interface && l.IsUp));
        return up is null
            ? Verdict.NotSupported($"{string.Join(", ", nics.Select(n => n.Interface))} use {nics[0].Driver} but none has its link up")
            : Verdict.Supported($"{binding.Detail}; {up.Interface} driver {up.Driver}, link up");
    }
}
