using HvCert.Planning;
using HvCert.Probes;

namespace HvCert.Running;

/// <summary>A cell still to judge in this run, with its probe and where its attempts stand.</summary>
internal sealed class CellWork(PlannedCell cell, IProbe probe, int nextAttempt, int retriesLeft)
{
    public PlannedCell Cell => cell;

    public IProbe Probe => probe;

    public CellKey Key => cell.Key;

    public int Attempt { get; private set; } = nextAttempt;

    /// <summary>Infrastructure errors are retried once per cell, also across a resume.</summary>
    public int RetriesLeft { get; private set; } = retriesLeft;

    /// <summary>Consumes a retry and moves to the next attempt number; false when none is left.</summary>
    public bool TakeRetry()
    {
        if (RetriesLeft <= 0)
        {
            return false;
        }

        RetriesLeft--;
        Attempt++;
        return true;
    }
}
