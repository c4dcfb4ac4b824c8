namespace HvCert.Transport;

/// <summary>
/// Extension point: how HvCert reaches a guest (SSH today; a serial console could be another).
/// Implementations pin the host key, cap output and never log credentials.
/// </summary>
public interface IGuestTransport : IAsyncDisposable
{
    /// <summary>Runs a shell command. A timeout is reported in the result, not thrown; a lost connection throws <see cref="GuestUnreachableException"/>.</summary>
    Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken);

    Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken);

    Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken);
}

/// <summary>The guest cannot be reached: an infrastructure error, never a "not supported" verdict.</summary>
public sealed class GuestUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
