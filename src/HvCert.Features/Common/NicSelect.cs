using HvCert.Hosts;
using HvCert.Probes;

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

    /// <summary>
    /// Prints <c>== IF DEVICE DRIVER</c> for <c>$IF</c>: its sysfs device (VMBus instance GUID, PCI address, virtioN, vif-N)
    /// and the driver bound to it, so the judge knows which device it judged (<see cref="NicUnderTest"/>).
    /// </summary>
    public const string Identify =
        "echo \"== $IF $(basename \"$(readlink -f /sys/class/net/$IF/device)\") $(basename \"$(readlink -f /sys/class/net/$IF/device/driver)\")\"; ";

    /// <summary>Waits up to 2 s (polled every 0.1 s) until <c>$IF</c> reports operstate up; replaces a fixed 2 s sleep after link changes.</summary>
    public const string UntilUp =
        "{ for i in $(seq 20); do [ \"$(cat /sys/class/net/$IF/operstate 2>/dev/null)\" = up ] && break; sleep 0.1; done; true; }";
}

/// <summary>Reads the <see cref="NicSelect.Identify"/> line back and checks the NIC is the feature's NIC for the backend.</summary>
internal static class NicUnderTest
{
    /// <summary>The NIC named by the first <c>== IF DEVICE [DRIVER]</c> line of <paramref name="stdout"/>, or null.</summary>
    /// <summary>The NIC as `ethtool -i` describes it: driver and bus-info (netvsc: VMBus instance; PCI NICs: address).</summary>
    public static JudgedDevice FromEthtool(HvCert.Guests.Tools.Linux.EthtoolDriverInfo info) =>
        new(info.Interface, info.Driver, JudgedDevice.BusOf(info.BusInfo), string.IsNullOrEmpty(info.BusInfo) ? null : info.BusInfo);

    public static JudgedDevice? Parse(string stdout)
    {
        var line = stdout.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("== ", StringComparison.Ordinal));
        var f = line?[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (f.Length < 2 || f[0] is "driver" or "features")
        {
            return null;
        }

        var driver = f.Length > 2 && f[2] is not ("driver" or "." or "/") ? f[2] : null;
        return new JudgedDevice(f[0], driver, JudgedDevice.BusOf(f[1]), f[1]);
    }

    /// <summary>
    /// The NIC that step <paramref name="step"/> identified, when it is the backend's NIC for the feature; otherwise the
    /// failure (Error when the step printed no identity line, Not supported naming a foreign NIC).
    /// <paramref name="fallback"/> (e.g. `ethtool -i` of the same NIC) stands in for a missing line or fills its driver.
    /// </summary>
    public static bool Nic(this ProbeEvidence evidence, int step, string feature, out JudgedDevice nic, out Verdict failure, JudgedDevice? fallback = null)
    {
        failure = null!;
        nic = (evidence.Command(step) is { } c ? Parse(c.Stdout) : null) ?? fallback!;
        if (nic is null)
        {
            failure = Verdict.Error($"step {step} did not name the NIC under test (no `== IF DEVICE DRIVER` line)");
            return false;
        }

        if (nic.Driver is null && fallback?.Driver is { } driver)
        {
            nic = nic with { Driver = driver };
        }

        if (DeviceIdentity.Mismatch(evidence, DeviceRole.Network, nic, feature) is { } mismatch)
        {
            failure = mismatch;
            return false;
        }

        return true;
    }
}
