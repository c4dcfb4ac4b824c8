using HvCert.Catalog;

namespace HvCert.Features.Common;

/// <summary>Base of every Linux probe (see <see cref="GuestProbe"/>).</summary>
internal abstract class LinuxGuestProbe : GuestProbe
{
    public sealed override OsFamily Os => OsFamily.Linux;
}
