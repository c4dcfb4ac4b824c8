namespace HvCert.Hosts;

/// <summary>
/// The host a VM was created on, as that host reported itself: its inventory name, the Windows Server release its build
/// maps to, and the build. Recorded with each VM so every cell's evidence says which machine produced it (a Hyper-V
/// inventory can hold one host per matrix column).
/// </summary>
/// <param name="Name">The host's name in the inventory (e.g. <c>hv1</c>).</param>
/// <param name="Release">The release its reported build maps to (e.g. <c>2019</c>), or what the host said when it maps to none.</param>
/// <param name="Build">The build the host reported (Win32_OperatingSystem.BuildNumber on Hyper-V).</param>
public sealed record HostPlacement(string Name, string Release, string Build)
{
    public override string ToString() =>
        Release.Length > 0 && char.IsAsciiDigit(Release[0]) ? $"{Name} (Windows Server {Release}, build {Build})" : $"{Name} ({Release}, build {Build})";
}
