using System.Text;

namespace HvCert.Transport.Ssh;

/// <summary>
/// Drains a command's output stream, keeping at most <c>cap</c> bytes in memory: a guest printing gigabytes
/// cannot exhaust the host, and the result says the output was truncated.
/// </summary>
internal sealed class CappedOutput(int cap)
{
    private readonly byte[] kept = new byte[Math.Max(0, cap)];
    private int length;

    public bool Truncated { get; private set; }

    public async Task DrainAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var room = cap - length;
            if (read > room)
            {
                Truncated = true;
            }

            if (room > 0)
            {
                var take = Math.Min(room, read);
                Array.Copy(buffer, 0, kept, length, take);
                length += take;
            }
        }
    }

    public string Text() => Encoding.UTF8.GetString(kept, 0, length);
}
