using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using HvCert.HyperV.Templates;
using HvCert.Reporting;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert template check IMAGE [--json]`: checks a Hyper-V template offline (see src/HvCert.HyperV/TEMPLATES.md).</summary>
internal static class TemplateCommand
{
    public static Command Build()
    {
        var image = new Argument<string>("IMAGE") { Description = "The template disk: VHDX, VHD, qcow2 or raw." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var check = new Command("check",
            "Check a Hyper-V template offline, nothing mounted, no root: cloud-init with NoCloud, hv_kvp_daemon enabled, sshd, no baked keys, "
            + "the hv drivers in the initramfs, Gen1 BIOS boot, Gen2 shim + signed GRUB + signed kernel. Exit 0 all met, 1 something missing, "
            + "2 not a disk image or no Linux root, 3 a tool is missing (qemu-img, debugfs, mtools).") { image, json };
        check.SetAction((result, ct) => RunAsync(result.GetValue(image)!, result.GetValue(json), Console.Out, Console.Error, ct));
        var template = new Command("template", "Hyper-V guest templates.");
        template.Subcommands.Add(check);
        return template;
    }

    internal static async Task<int> RunAsync(string image, bool json, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        // Scratch space of this check only (the raw copy of the disk, the initramfs), named with its own id and removed at the end.
        var id = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
        var work = Path.Combine(Path.GetTempPath(), $"hvcert-template-check-{id}");
        try
        {
            var report = await TemplateChecker.CheckAsync(image, work, ct);
            if (json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new
                {
                    image = report.Image, format = report.Format, virtual_bytes = report.VirtualBytes, layout = report.Layout,
                    os = report.OsName, kernel = report.Kernel, passed = report.Passed,
                    requirements = report.Requirements.Select(r => new { id = r.Id, ok = r.Ok, what = r.What, detail = r.Detail }),
                }, CliJson.Options));
            }
            else
            {
                Print(report, stdout);
            }

            return report.Passed ? ExitCodes.Ok : ExitCodes.CertificationFailed;
        }
        catch (TemplateInputException e)
        {
            stderr.WriteLine($"hvcert template check: {TextEscaping.Visible(e.Message)}");
            return ExitCodes.BadInput;
        }
        catch (TemplateToolException e)
        {
            stderr.WriteLine($"hvcert template check: {TextEscaping.Visible(e.Message)}");
            return ExitCodes.InfrastructureError;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static void Print(TemplateReport report, TextWriter stdout)
    {
        // Everything read from the image is guest text: shown with control characters escaped.
        stdout.WriteLine($"template: {report.Image} ({report.Format}, {report.VirtualBytes / (1024 * 1024)} MiB virtual)");
        stdout.WriteLine($"  {TextEscaping.Visible(report.OsName ?? "unknown OS")}, kernel {TextEscaping.Visible(report.Kernel ?? "none found")}");
        stdout.WriteLine($"  {report.Layout}");
        foreach (var r in report.Requirements)
        {
            stdout.WriteLine($"{(r.Ok ? "ok     " : "MISSING")}  {r.Id,-18} {r.What}");
            stdout.WriteLine($"         {"",-18} {TextEscaping.Visible(r.Detail)}");
        }

        var missing = report.Missing.Select(r => r.Id).ToList();
        stdout.WriteLine(missing.Count == 0
            ? $"result: all {report.Requirements.Count} requirements met"
            : $"result: {missing.Count} of {report.Requirements.Count} requirements missing: {string.Join(", ", missing)}");
    }
}
