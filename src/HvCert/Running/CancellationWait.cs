namespace HvCert.Running;

/// <summary>
/// Ctrl-C and SIGTERM reach the VMs before they reach the run's token: the lab's signal handler kills every QEMU of the
/// run at once (RunResources), and a terminal's Ctrl-C signals QEMU's process group too, while the token is cancelled
/// after that. A VM that died, or a boot that failed, because the run is being cancelled must not be charged to a cell
/// (an Error that spends its retry, or ends it): wait a moment for the cancellation before blaming the VM.
/// </summary>
internal static class CancellationWait
{
    /// <summary>True when the run's token is cancelled within <paramref name="grace"/>.</summary>
    public static async Task<bool> ArrivesWithinAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(grace, TimeProvider.System, cancellationToken);
            return cancellationToken.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }
}
