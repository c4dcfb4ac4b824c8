using System.Diagnostics;

namespace HvCert.HyperV.Templates;

/// <summary>A host tool the template check needs (qemu-img, debugfs, mtools, zstd/xz) is missing or failed: exit 3 with what to install.</summary>
internal sealed class TemplateToolException(string message) : Exception(message);

/// <summary>The input is not something the check can read (not a disk image, no Linux root): exit 2.</summary>
internal sealed class TemplateInputException(string message) : Exception(message);

/// <summary>Runs one host tool to completion, output captured (bytes for stdout, so binary output survives).</summary>
internal static class TemplateTool
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Stdout);
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null, string? package = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TemplateToolException($"could not start {file}");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new TemplateToolException($"'{file}' is not installed; install the package {package ?? file} (e.g. apt-get install {package ?? file})");
        }

        using (process)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
            using var stdout = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout, limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
                await copy;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                if (ct.IsCancellationRequested)
                {
                    throw;
                }

                throw new TemplateToolException($"{file} {string.Join(' ', info.ArgumentList)} did not finish within {(timeout ?? TimeSpan.FromMinutes(2)).TotalSeconds:0} s");
            }

            return new Result(process.ExitCode, stdout.ToArray(), await stderr);
        }
    }
}
