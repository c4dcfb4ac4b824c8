namespace HvCert.Features.Common;

/// <summary>FreeBSD guest commands shared by several probes (parsers in src/HvCert/Guests/Tools/FreeBsd).</summary>
internal static class FreeBsdCommands
{
    public const string Devinfo = "devinfo -rv";

    /// <summary>The boot messages; dmesg.boot survives a full message buffer, dmesg covers a missing file.</summary>
    public const string BootLog = "cat /var/run/dmesg.boot 2>/dev/null || dmesg";

    /// <summary>The Hyper-V NIC, hn0 unless the host says otherwise.</summary>
    public const string Nic = "{{nic}}";

    /// <summary>Finds the interface carrying a MAC the host reported (a second NIC to the test peer).</summary>
    public const string InterfaceByMac =
        "for i in $(ifconfig -l); do ifconfig \"$i\" | grep -qi 'ether {{guest_mac}}' && echo \"$i\" && break; done";
}
