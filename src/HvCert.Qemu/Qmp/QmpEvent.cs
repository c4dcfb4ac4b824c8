using System.Text.Json;

namespace HvCert.Qemu.Qmp;

/// <summary>An asynchronous QMP event (SHUTDOWN, RESET, BLOCK_JOB_COMPLETED, MIGRATION, GUEST_PANICKED, BALLOON_CHANGE, ...).</summary>
public sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset ReceivedAt)
{
    public string? DataString(string property) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(property, out var value) ? value.ToString() : null;
}

/// <summary>QEMU answered a command with an error object.</summary>
public sealed class QmpErrorException(string command, string errorClass, string description)
    : Exception($"QMP {command} failed: {errorClass}: {description}")
{
    public string ErrorClass { get; } = errorClass;

    public string Description { get; } = description;
}
