namespace HvCert.Tests.Features;

/// <summary>
/// Host-side observations from the same QEMU lab run as the lab-debian12-gen1 samples (2026-11-25, Debian 12 image
/// debian-bookworm-7fa2f62ce81672d3, QEMU 7.2 TCG): qcow2 allocation via stat, QMP query-pci / screendump, guest-agent replies.
/// </summary>
internal static class LabNumbers
{
    public const long AllocFull = 68493312;
    public const long AllocTrimmed = 1712128;
    public const string FileSha256 = "744e19c9fdf2d0dd263d8f2823fb1271be0315ca039f616a63ead5400ae2af0e";
    public const string HostName = "hvcert-guest";

    public static readonly (string Key, string Value)[] Gen1Screen = [("width", "1280"), ("height", "800")];

    public static readonly (string Key, string Value)[] QueryPci =
    [
        ("count", "12"),
        ("dev.0", "00:00.0 8086:1237"),
        ("dev.1", "00:01.0 8086:7000"),
        ("dev.2", "00:01.1 8086:7010"),
        ("dev.3", "00:01.3 8086:7113"),
        ("dev.4", "00:02.0 1234:1111"),
        ("dev.5", "00:03.0 1af4:1001"),
        ("dev.6", "00:04.0 1af4:1000"),
        ("dev.7", "00:05.0 1af4:1003"),
        ("dev.8", "00:06.0 1234:1111"),
        ("dev.9", "00:07.0 1af4:1058 vm0"),
        ("dev.10", "00:08.0 1af4:1004 scsi0"),
        ("dev.11", "00:09.0 1af4:1002 balloon0"),
    ];
}
