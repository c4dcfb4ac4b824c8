using System.Security.Cryptography;
using HvCert.Transport;
using HvCert.Transport.Ssh;

namespace HvCert.IntegrationTests.Transport;

public sealed class SshGuestTransportTests(LocalSshd sshd) : IClassFixture<LocalSshd>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [SshdFact]
    public async Task ExecAsync_EchoOnPinnedKey_ReturnsOutputAndExitCode()
    {
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(), Deadline, CancellationToken.None);

        var result = await ssh.ExecAsync("echo hello; echo oops >&2; exit 3", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        Assert.Equal("oops\n", result.Stderr);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
    }

    [SshdFact]
    public async Task ExecAsync_CommandOutlivesTimeout_ReportsTimedOutWithoutThrowing()
    {
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(), Deadline, CancellationToken.None);

        var result = await ssh.ExecAsync("echo started; sleep 30", TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(result.Duration < TimeSpan.FromSeconds(15), $"took {result.Duration}");
        var after = await ssh.ExecAsync("echo still-usable", TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal("still-usable\n", after.Stdout);
    }

    [SshdFact]
    public async Task ExecAsync_OutputBeyondCap_IsTruncatedAndFlagged()
    {
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(), Deadline, CancellationToken.None, outputCapBytes: 1000);

        var result = await ssh.ExecAsync("head -c 200000 /dev/zero | tr '\\0' x", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Truncated);
        Assert.Equal(1000, result.Stdout.Length);
    }

    [SshdFact]
    public async Task UploadAsync_ThenDownload_RoundTripsBytes()
    {
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(), Deadline, CancellationToken.None);
        var payload = RandomNumberGenerator.GetBytes(300_000);
        var path = $"/tmp/hvcert-upload-{Guid.NewGuid():N}";

        await ssh.UploadAsync(new MemoryStream(payload), path, CancellationToken.None);
        var back = await ssh.DownloadAsync(path, CancellationToken.None);
        var guestSum = await ssh.ExecAsync($"sha256sum {path}; rm -f {path}", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal(payload, back);
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(payload)), guestSum.Stdout, StringComparison.Ordinal);
    }

    [SshdFact]
    public async Task ExecAsync_ConnectionDropped_FailsAsUnreachableOrReconnectsThenWorks()
    {
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(), Deadline, CancellationToken.None);
        Assert.Equal("before\n", (await ssh.ExecAsync("echo before", TimeSpan.FromSeconds(10), CancellationToken.None)).Stdout);

        Assert.True(sshd.DropConnections() > 0);
        await Task.Delay(500);
        CommandResult? after = null;
        for (var attempt = 0; attempt < 2 && after is null; attempt++)
        {
            try
            {
                after = await ssh.ExecAsync("echo after", TimeSpan.FromSeconds(10), CancellationToken.None);
            }
            catch (GuestUnreachableException)
            {
                // The call that discovers the drop reports it; the next one reconnects with the same pinned key.
            }
        }

        Assert.NotNull(after);
        Assert.Equal("after\n", after.Stdout);
    }

    [SshdFact]
    public async Task ExecAsync_GuestGoneForGood_EveryLaterCallIsUnreachableNeverADisposedClient()
    {
        // The fault campaign's kill -9 of QEMU: the reconnect fails, and the probes after it on the same VM must see an
        // unreachable guest (infrastructure, retried) rather than crash on the client the failed reconnect disposed.
        using var own = new LocalSshd();
        await using var ssh = await SshGuestTransport.UntilSshAcceptsAsync(own.Endpoint(), Deadline, CancellationToken.None,
            reconnectDeadline: TimeSpan.FromSeconds(2));
        Assert.Equal("before\n", (await ssh.ExecAsync("echo before", TimeSpan.FromSeconds(10), CancellationToken.None)).Stdout);

        own.Stop();
        await Task.Delay(500);
        for (var call = 0; call < 3; call++)
        {
            await Assert.ThrowsAsync<GuestUnreachableException>(() => ssh.ExecAsync("echo after", TimeSpan.FromSeconds(10), CancellationToken.None));
        }

        using var payload = new MemoryStream([1, 2, 3]);
        await Assert.ThrowsAsync<GuestUnreachableException>(() => ssh.UploadAsync(payload, "/tmp/x", CancellationToken.None));
    }

    [SshdFact]
    public async Task UntilSshAccepts_WrongPinnedKey_RefusesWithClearError()
    {
        var ex = await Assert.ThrowsAsync<HostKeyMismatchException>(() =>
            SshGuestTransport.UntilSshAcceptsAsync(sshd.Endpoint(sshd.OtherFingerprint), Deadline, CancellationToken.None));

        Assert.Equal(sshd.HostKeyFingerprint, ex.Actual);
        Assert.Contains("changed", ex.Message, StringComparison.Ordinal);
    }

    [SshdFact]
    public async Task UntilSshAccepts_NothingListening_ThrowsGuestUnreachableAfterDeadline()
    {
        var closed = sshd.Endpoint() with { Port = 1 };

        var ex = await Assert.ThrowsAsync<GuestUnreachableException>(() =>
            SshGuestTransport.UntilSshAcceptsAsync(closed, TimeSpan.FromSeconds(3), CancellationToken.None));

        Assert.Contains("did not accept", ex.Message, StringComparison.Ordinal);
    }

    [SshdFact]
    public void EndpointToString_NeverContainsPrivateKey()
    {
        var key = File.ReadAllText(sshd.ClientKeyPath);
        var text = sshd.Endpoint().ToString();

        Assert.DoesNotContain(key.Split('\n')[1], text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", text, StringComparison.Ordinal);
        Assert.Contains(sshd.HostKeyFingerprint, text, StringComparison.Ordinal);
    }
}
