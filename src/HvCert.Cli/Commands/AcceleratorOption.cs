using HvCert.Qemu.Accel;
using HvCert.Validation;

namespace HvCert.Cli.Commands;

/// <summary>The <c>--accel</c> option of run and selftest: auto (default), tcg or kvm; anything else is bad input (exit 2).</summary>
internal static class AcceleratorOption
{
    public static AcceleratorRequest Parse(string? value) =>
        AcceleratorChoice.ParseRequest(value)
        ?? throw new InputException([Diagnostic.Option("accel", $"--accel '{value}' is not auto, tcg or kvm.", "")]);
}
