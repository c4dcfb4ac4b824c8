using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>Shows build progress: a live "[n/N] step 42s" line on a terminal, plain start/finish lines otherwise.</summary>
internal sealed class LabBuildProgressPrinter(TextWriter writer, bool interactive) : IProgress<ImageBuildProgress>, IDisposable
{
    private readonly object gate = new();
    private Timer? ticker;
    private ImageBuildProgress? current;
    private DateTime currentSince;

    public void Report(ImageBuildProgress value)
    {
        lock (gate)
        {
            var label = $"[{value.StepNumber}/{value.StepCount}] {value.Step}";
            if (value.StepFinished)
            {
                writer.WriteLine(interactive
                    ? $"\r{label} done in {(DateTime.UtcNow - currentSince).TotalSeconds:0}s (total {value.Elapsed.TotalSeconds:0}s)\u001b[K"
                    : $"{label} done (total {value.Elapsed.TotalSeconds:0}s)");
                current = null;
                return;
            }

            current = value;
            currentSince = DateTime.UtcNow;
            if (interactive)
            {
                ticker ??= new Timer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                writer.Write($"\r{label} ...\u001b[K");
            }
            else
            {
                writer.WriteLine($"{label} ... (total {value.Elapsed.TotalSeconds:0}s)");
            }
        }
    }

    public void Finish()
    {
        lock (gate)
        {
            ticker?.Dispose();
            ticker = null;
            if (interactive && current is not null)
            {
                writer.WriteLine();
            }

            current = null;
        }
    }

    public void Dispose() => Finish();

    private void Tick()
    {
        lock (gate)
        {
            if (current is { } c)
            {
                writer.Write($"\r[{c.StepNumber}/{c.StepCount}] {c.Step} {(DateTime.UtcNow - currentSince).TotalSeconds:0}s\u001b[K");
            }
        }
    }
}
