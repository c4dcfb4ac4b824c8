namespace HvCert.Features.Common;

/// <summary>Shell snippets that pick the guest interface a probe works on; they set <c>$IF</c> or exit 3 with a message.</summary>
internal static class NicSelect
{
    /// <summary>The interface whose MAC the host reported as <c>guest_mac</c> (the NIC on the peer link).</summary>
    public const string ByMac =
        "IF=$(for n in /sys/class/net/*; do [ \"$(cat $n/address 2>/dev/null)\" = \"{{guest_mac}}\" ] && echo ${n##*/}; done | head -n1); " +
        "[ -n \"$IF\" ] || { echo \"no interface has MAC {{guest_mac}}\" >&2; exit 3; }; ";

    /// <summary>The peer-link interface when the host reported one (<c>guest_mac</c> non-empty), else the default-route interface.</summary>
    public const string ByMacOrDefaultRoute =
        "M=\"{{guest_mac}}\"; if [ -n \"$M\" ]; then IF=$(for n in /sys/class/net/*; do [ \"$(cat $n/address 2>/dev/null)\" = \"$M\" ] && echo ${n##*/}; done | head -n1); " +
        "else IF=$(ip route show default | awk '{print $5; exit}'); fi; [ -n \"$IF\" ] || { echo \"no interface found\" >&2; exit 3; }; ";
}
