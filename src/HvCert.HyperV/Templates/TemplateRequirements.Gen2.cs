namespace HvCert.HyperV.Templates;

/// <summary>Gen2 with Secure Boot under the "Microsoft UEFI Certificate Authority" template: shim → signed GRUB → signed kernel.</summary>
internal sealed partial class TemplateRequirements
{
    private async Task<IReadOnlyList<TemplateRequirement>> Gen2Async()
    {
        const string shimWhat = "Gen2: EFI/BOOT/BOOTX64.EFI is shim signed by the Microsoft UEFI CA (Secure Boot with the Microsoft UEFI CA template)";
        const string grubWhat = "Gen2: a signed GRUB (grubx64.efi) for shim to load";
        const string kernelWhat = "Gen2: a signed kernel (Secure Boot)";
        var files = esp is null ? null : await esp.FilesAsync();
        if (files is null)
        {
            var why = esp is null ? "no EFI system partition" : "the EFI system partition is not a FAT file system mtools can read";
            return [new("gen2-shim", shimWhat, false, why), new("gen2-grub", grubWhat, false, why), await KernelSignedAsync(kernelWhat)];
        }

        var shimPath = files.FirstOrDefault(f => f.Equals("/EFI/BOOT/BOOTX64.EFI", StringComparison.OrdinalIgnoreCase));
        var shim = shimPath is null ? null : await EspFileAsync(shimPath);
        var shimReq = shim is null
            ? new TemplateRequirement("gen2-shim", shimWhat, false, "no /EFI/BOOT/BOOTX64.EFI on the ESP: copy shimx64.efi (shim-signed) there")
            : shim.MicrosoftUefiCa
                ? new TemplateRequirement("gen2-shim", shimWhat, true, $"{shimPath}: signed, the signature names Microsoft Corporation UEFI CA 2011")
                : new TemplateRequirement("gen2-shim", shimWhat, false, $"{shimPath} is {(shim.Signed ? "signed, but not by the Microsoft UEFI CA" : "not signed")}: use shim-signed's shimx64.efi");

        var grubs = files.Where(f => f.EndsWith("/grubx64.efi", StringComparison.OrdinalIgnoreCase)).ToList();
        TemplateRequirement? grubReq = null;
        foreach (var grub in grubs)
        {
            if (await EspFileAsync(grub) is { Signed: true })
            {
                grubReq = new("gen2-grub", grubWhat, true, $"{grub}: signed");
                break;
            }
        }

        grubReq ??= new("gen2-grub", grubWhat, false, grubs.Count == 0
            ? "no grubx64.efi on the ESP: copy grub-efi-amd64-signed's grubx64.efi next to the shim"
            : $"{string.Join(", ", grubs)} not signed: use the distribution's signed GRUB (grub-efi-amd64-signed)");
        return [shimReq, grubReq, await KernelSignedAsync(kernelWhat)];
    }

    private async Task<TemplateRequirement> KernelSignedAsync(string what)
    {
        if (Kernel is null)
        {
            return new("gen2-kernel", what, false, "no kernel found");
        }

        var path = $"{bootDir.TrimEnd('/')}/vmlinuz-{Kernel}";
        var local = Path.Combine(workDir, "vmlinuz");
        try
        {
            if (!await boot.DumpAsync(path, local))
            {
                return new("gen2-kernel", what, false, $"{path} could not be read");
            }

            var pe = PeSignature.Read(await File.ReadAllBytesAsync(local, ct));
            return pe.Signed
                ? new("gen2-kernel", what, true, $"{path}: signed")
                : new("gen2-kernel", what, false, $"{path} is {(pe.IsPe ? "not signed" : "not an EFI (PE) image")}: install the distribution's signed kernel");
        }
        finally
        {
            File.Delete(local);
        }
    }

    private async Task<PeSignature?> EspFileAsync(string path)
    {
        Directory.CreateDirectory(workDir);
        var local = Path.Combine(workDir, "esp-file");
        File.Delete(local);
        try
        {
            return esp is not null && await esp.CopyOutAsync(path, local) ? PeSignature.Read(await File.ReadAllBytesAsync(local, ct)) : null;
        }
        finally
        {
            File.Delete(local);
        }
    }
}

/// <summary>Orders kernel versions as people do: 6.1.0-9 before 6.1.0-10 (numeric runs compared as numbers).</summary>
internal sealed class VersionOrder : IComparer<string>
{
    public static VersionOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        var a = System.Text.RegularExpressions.Regex.Split(x ?? "", @"(\d+)");
        var b = System.Text.RegularExpressions.Regex.Split(y ?? "", @"(\d+)");
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = long.TryParse(a[i], out var na) && long.TryParse(b[i], out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
