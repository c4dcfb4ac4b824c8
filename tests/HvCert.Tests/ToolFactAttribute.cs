namespace HvCert.Tests;

/// <summary>
/// A fact that runs host tools as independent readers of what hvcert writes. It names each tool it needs; when one is not
/// on PATH the test is skipped with the package that provides it (unit tests never fail for a missing host tool).
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    /// <summary>The tools the unit tests start, and who installs them: `hvcert lab install-deps` (and .ci/run) or the base system.</summary>
    private static readonly Dictionary<string, string> Providers = new(StringComparer.Ordinal)
    {
        ["isoinfo"] = "package genisoimage; 'sudo hvcert lab install-deps' installs it, as .ci/run does",
        ["blkid"] = "package util-linux (part of every Debian base system)",
        ["dash"] = "package dash (Debian's /bin/sh, part of every base system)",
        ["bash"] = "package bash (part of every base system)",
        ["readlink"] = "package coreutils (part of every base system)",
        ["qemu-img"] = "package qemu-utils; 'sudo hvcert lab install-deps' installs it, as .ci/run does",
        ["mkfs.ext4"] = "package e2fsprogs",
        ["debugfs"] = "package e2fsprogs",
        ["mkfs.vfat"] = "package dosfstools; 'sudo hvcert lab install-deps' installs it",
        ["mcopy"] = "package mtools; 'sudo hvcert lab install-deps' installs it",
        ["mdir"] = "package mtools; 'sudo hvcert lab install-deps' installs it",
    };

    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => FindOnPath(t) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = string.Join("; ", missing.Select(t => $"{t} is not installed ({Providers.GetValueOrDefault(t, "install it")})"));
        }
    }

    public static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);
}
