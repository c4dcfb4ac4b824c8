using HvCert.Hosts;
using HvCert.Transport;

namespace HvCert.Tests.Running.Fakes;

internal class FakeVm(VmSpec spec, FakeBackend backend) : IVm
{
    protected FakeBackend Backend => backend;

    public string Name => spec.Name;

    public VmSpec Spec => spec;

    public bool Disposed { get; private set; }

    public FakeGuest Guest { get; } = new();

    public IReadOnlyList<OfferedDevice> OfferedDevices { get; } = [new(DeviceRole.Network, "virtio-net-pci", ["virtio_net"])];

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["nic.mtu"] = "9000" };

    public Task<IGuestTransport> UntilSshAcceptsAsync(TimeSpan deadline, CancellationToken cancellationToken) =>
        Task.FromResult<IGuestTransport>(Guest);

    public T? Facet<T>() where T : class => null;

    public string SerialLog() => "fake serial";

    public ValueTask DisposeAsync()
    {
        if (!Disposed)
        {
            Disposed = true;
            backend.Destroyed(this);
        }

        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeRevertibleVm(VmSpec spec, FakeBackend owner) : FakeVm(spec, owner), IRevertibleVm
{
    public List<string> Calls { get; } = [];

    public Task SnapshotAsync(string name, CancellationToken cancellationToken)
    {
        Calls.Add("snapshot " + name);
        Backend.Log.Enqueue($"snapshot {Name}");
        return Task.CompletedTask;
    }

    public Task RevertAsync(string name, CancellationToken cancellationToken)
    {
        Calls.Add("revert " + name);
        Backend.Log.Enqueue($"revert {Name}");
        return Task.CompletedTask;
    }
}

/// <summary>Answers every command with exit 0 and the command echoed, like a healthy guest.</summary>
internal sealed class FakeGuest : IGuestTransport
{
    /// <summary>A test's own answer to a command (null: answer as a healthy guest).</summary>
    public Func<string, CommandResult?>? Script { get; set; }

    public List<string> Commands { get; } = [];

    public Task<CommandResult> ExecAsync(string command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (Commands)
        {
            Commands.Add(command);
        }

        return Task.FromResult(Script?.Invoke(command)
            ?? new CommandResult(command, 0, command.StartsWith("cat /etc/os-release") ? "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n" : "ok\n", "", TimeSpan.FromMilliseconds(1)));
    }

    public Task UploadAsync(Stream content, string guestPath, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<byte[]> DownloadAsync(string guestPath, CancellationToken cancellationToken) => Task.FromResult(Array.Empty<byte>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
