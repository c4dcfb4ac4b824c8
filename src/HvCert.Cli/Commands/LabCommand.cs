using System.CommandLine;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert lab ...`: the QEMU lab's host prerequisites and guest images.</summary>
internal static class LabCommand
{
    public static Command Build()
    {
        var lab = new Command("lab", "The QEMU lab: install host prerequisites, build and list Debian guest images.");
        lab.Subcommands.Add(LabInstallDepsCommand.Build());
        lab.Subcommands.Add(LabBuildImageCommand.Build());
        lab.Subcommands.Add(LabImagesCommand.Build());
        return lab;
    }
}
