using System.Globalization;

namespace HvCert.HyperV.Peer;

/// <summary>
/// Addresses and MACs on the run's private peer switch. Each guest VM of the run gets its own /24 (10.77.N.0 plain,
/// 10.78.N.0 on the VLAN) so VMs sharing the switch never answer for each other. MACs are static, in Hyper-V's 00-15-5D range.
/// </summary>
internal sealed record PeerAddresses(int Index)
{
    public const int Prefix = 24;

    public string GuestIp => $"10.77.{Index}.2";

    public string PeerIp => $"10.77.{Index}.1";

    public string VlanGuestIp => $"10.78.{Index}.2";

    public string VlanPeerIp => $"10.78.{Index}.1";

    /// <summary>The MAC as WMI takes it (12 hex digits, no separators) for VM <paramref name="index"/>; role 0 = guest, 1 = peer.</summary>
    public static string WmiMac(int index, int role) =>
        "00155D" + (0xA0 + role).ToString("X2", CultureInfo.InvariantCulture) + (index / 256).ToString("X2", CultureInfo.InvariantCulture) + (index % 256).ToString("X2", CultureInfo.InvariantCulture);

    /// <summary>The MAC as the guest prints it (lower case, colon separated).</summary>
    public static string GuestMac(string wmiMac) =>
        string.Join(':', Enumerable.Range(0, 6).Select(i => wmiMac.Substring(i * 2, 2))).ToLowerInvariant();
}
