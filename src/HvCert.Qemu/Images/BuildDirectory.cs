using System.Diagnostics;

namespace HvCert.Qemu.Images;

/// <summary>
/// Removes a build folder safely: debootstrap mounts proc and sys inside the root file system, and a killed build
/// can leave them mounted, so unmount everything below the folder first and never cross into another file system.
/// </summary>
internal static class BuildDirectory
{
    public static void Remove(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        if (!Directory.Exists(full))
        {
            return;
        }

        foreach (var mount in MountsUnder(full, File.Exists("/proc/self/mountinfo") ? File.ReadAllLines("/proc/self/mountinfo") : []))
        {
            Run("umount", "-l", mount);
        }

        if (!Run("rm", "-rf", "--one-file-system", full) && Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }
    }

    /// <summary>Mount points at or below <paramref name="root"/>, deepest first (mountinfo field 5, octal escapes decoded).</summary>
    internal static IReadOnlyList<string> MountsUnder(string root, IEnumerable<string> mountInfoLines) => mountInfoLines
        .Select(line => line.Split(' '))
        .Where(fields => fields.Length > 4)
        .Select(fields => Unescape(fields[4]))
        .Where(m => m == root || m.StartsWith(root + "/", StringComparison.Ordinal))
        .OrderByDescending(m => m.Length)
        .ToList();

    private static string Unescape(string field) => System.Text.RegularExpressions.Regex.Replace(
        field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    private static bool Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
