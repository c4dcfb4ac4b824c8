using HvCert.Catalog;

namespace HvCert.Features.Common;

/// <summary>Base of every FreeBSD probe (see <see cref="GuestProbe"/>): FreeBSD's own commands, parsers and judges.</summary>
internal abstract class FreeBsdGuestProbe : GuestProbe
{
    public sealed override OsFamily Os => OsFamily.FreeBsd;
}
