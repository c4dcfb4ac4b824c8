using System.Globalization;

namespace HvCert.Guests.Tools.Linux;

/// <summary>One block of /proc/bus/input/devices.</summary>
internal sealed record InputDevice(string Name, IReadOnlyList<string> Handlers, string? AbsBits, string? EvBits)
{
    /// <summary>Reports absolute X and Y (ABS bitmap bits 0 and 1): a tablet-style pointer.</summary>
    public bool IsAbsolutePointer => AbsBits is { } a && ulong.TryParse(a.Split(' ')[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var low) && (low & 3) == 3;

    public string? EventHandler => Handlers.FirstOrDefault(h => h.StartsWith("event", StringComparison.Ordinal));
}

/// <summary>Parses /proc/bus/input/devices: blank-line separated blocks of "I:", "N: Name=", "H: Handlers=", "B: EV=", "B: ABS=" lines.</summary>
internal static class InputDevicesParser
{
    public static IReadOnlyList<InputDevice> Parse(string text)
    {
        var devices = new List<InputDevice>();
        string? name = null, abs = null, ev = null;
        IReadOnlyList<string> handlers = [];
        void Flush()
        {
            if (name is not null)
            {
                devices.Add(new InputDevice(name, handlers, abs, ev));
            }

            name = abs = ev = null;
            handlers = [];
        }

        foreach (var raw in ToolText.Lines(text))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("I:", StringComparison.Ordinal))
            {
                Flush();
            }
            else if (line.StartsWith("N: Name=", StringComparison.Ordinal))
            {
                name = line["N: Name=".Length..].Trim('"');
            }
            else if (line.StartsWith("H: Handlers=", StringComparison.Ordinal))
            {
                handlers = line["H: Handlers=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
            else if (line.StartsWith("B: ABS=", StringComparison.Ordinal))
            {
                abs = line["B: ABS=".Length..].Trim();
            }
            else if (line.StartsWith("B: EV=", StringComparison.Ordinal))
            {
                ev = line["B: EV=".Length..].Trim();
            }
        }

        Flush();
        return devices;
    }
}

/// <summary>One struct input_event (x86-64: 16-byte timeval, u16 type, u16 code, s32 value).</summary>
internal sealed record InputEvent(int Type, int Code, int Value)
{
    public const int EvAbs = 3;
}

/// <summary>Parses `od -An -tx1 -v -w24` of raw /dev/input/eventN bytes into events; partial records are dropped.</summary>
internal static class InputEventDump
{
    public static IReadOnlyList<InputEvent> Parse(string text)
    {
        var bytes = new List<byte>();
        foreach (var token in text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length == 2 && byte.TryParse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
            }
        }

        var events = new List<InputEvent>();
        for (var i = 0; i + 24 <= bytes.Count; i += 24)
        {
            events.Add(new InputEvent(bytes[i + 16] | (bytes[i + 17] << 8), bytes[i + 18] | (bytes[i + 19] << 8),
                bytes[i + 20] | (bytes[i + 21] << 8) | (bytes[i + 22] << 16) | (bytes[i + 23] << 24)));
        }

        return events;
    }
}
