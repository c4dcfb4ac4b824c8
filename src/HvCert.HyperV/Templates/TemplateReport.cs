namespace HvCert.HyperV.Templates;

/// <summary>One requirement of a Hyper-V template and what the check found.</summary>
/// <param name="Id">Stable id, e.g. <c>kvp-daemon</c>.</param>
/// <param name="What">The requirement in words.</param>
/// <param name="Detail">What was found (or what is missing and where it was looked for).</param>
internal sealed record TemplateRequirement(string Id, string What, bool Ok, string Detail);

/// <summary>The result of <c>hvcert template check</c> on one image.</summary>
internal sealed record TemplateReport(string Image, string Format, long VirtualBytes, string Layout, string? OsName, string? Kernel,
    IReadOnlyList<TemplateRequirement> Requirements)
{
    public bool Passed => Requirements.All(r => r.Ok);

    public IEnumerable<TemplateRequirement> Missing => Requirements.Where(r => !r.Ok);

    /// <summary>The modules hvcert's templates must carry in their initramfs (the storage and bus drivers boot the root disk).</summary>
    public static IReadOnlyList<string> HyperVModules { get; } =
        ["hv_vmbus", "hv_storvsc", "hv_netvsc", "hv_utils", "hv_balloon", "hyperv_keyboard", "hid_hyperv", "hyperv_drm"];
}
