using HvCert.Qemu.Images;

namespace HvCert.Cli.Commands;

/// <summary>
/// Shows build progress. On a terminal one live line, repainted every second: "[1/7] debootstrap 42s, unpacking package 57/161: libc6".
/// Otherwise plain timestamped lines: each step's start and end, each new debootstrap phase, and a line every
/// <see cref="QuietLimit"/> while a step runs, so a log never looks stuck.
/// </summary>
internal sealed class LabBuildProgressPrinter : IProgress<ImageBuildProgress>, IDisposable
{
    /// <summary>Off a terminal, the longest a running step stays without a line.</summary>
    public static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly TextWriter writer;
    private readonly bool interactive;
    private readonly TimeProvider time;
    private readonly Func<int> width;
    private readonly ITimer ticker;
    private ImageBuildProgress? current;
    private string? detail;
    private long currentSince;
    private long lastLine;

    /// <param name="width">The terminal's width: a live line longer than that would wrap and could no longer be repainted.</param>
    public LabBuildProgressPrinter(TextWriter writer, bool interactive, TimeProvider? time = null, Func<int>? width = null)
    {
        this.writer = writer;
        this.interactive = interactive;
        this.time = time ?? TimeProvider.System;
        this.width = width ?? TerminalWidth;
        ticker = this.time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public void Report(ImageBuildProgress value)
    {
        lock (gate)
        {
            var label = $"[{value.StepNumber}/{value.StepCount}] {value.Step}";
            if (value.StepFinished)
            {
                var took = $"done in {StepSeconds():0}s (total {value.Elapsed.TotalSeconds:0}s)";
                Line(interactive ? $"\r{label} {took}{Detail()}\u001b[K" : $"{Stamp()} {label} {took}{Detail()}");
                current = null;
                detail = null;
                return;
            }

            if (value.Detail is not null && current is { } running && running.StepNumber == value.StepNumber)
            {
                detail = value.Detail;
                if (!interactive && value.Milestone)
                {
                    Line($"{Stamp()} {label} {StepSeconds():0}s, {detail}");
                }

                return;
            }

            current = value;
            detail = value.Detail;
            currentSince = time.GetTimestamp();
            if (interactive)
            {
                writer.Write($"\r{label} ...\u001b[K");
                writer.Flush();
            }
            else
            {
                Line($"{Stamp()} {label} ... (total {value.Elapsed.TotalSeconds:0}s)");
            }
        }
    }

    public void Finish()
    {
        lock (gate)
        {
            ticker.Dispose();
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
            if (current is not { } c)
            {
                return;
            }

            var label = $"[{c.StepNumber}/{c.StepCount}] {c.Step} {StepSeconds():0}s";
            if (interactive)
            {
                writer.Write($"\r{Fit(label + Detail())}\u001b[K");
                writer.Flush();
            }
            else if (time.GetElapsedTime(lastLine) >= QuietLimit)
            {
                Line($"{Stamp()} {label}, still running{Detail()}");
            }
        }
    }

    private void Line(string text)
    {
        writer.WriteLine(text);
        writer.Flush();
        lastLine = time.GetTimestamp();
    }

    private double StepSeconds() => time.GetElapsedTime(currentSince).TotalSeconds;

    private string Detail() => detail is null ? "" : $", {detail}";

    private string Stamp() => $"{time.GetUtcNow():HH:mm:ss}";

    private string Fit(string line) => width() is var w and > 20 && line.Length >= w ? line[..(w - 1)] : line;

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
