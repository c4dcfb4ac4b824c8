namespace HvCert.Transport.Ssh;

/// <summary>The guest presented a host key other than the pinned one: never retried, never trusted.</summary>
public sealed class HostKeyMismatchException(string endpoint, string expected, string actual)
    : Exception($"SSH host key of {endpoint} changed: expected {expected}, got {actual}. Refusing to connect; "
        + "the VM is not the one provisioned (or its image changed its host key).")
{
    public string Expected { get; } = expected;

    public string Actual { get; } = actual;
}
