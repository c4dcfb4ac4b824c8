namespace HvCert.HyperV.Jobs;

/// <summary>What a failed Hyper-V method or job means, independent of its numeric code.</summary>
public enum HyperVErrorKind
{
    NotSupported,
    Failed,
    Timeout,
    InvalidParameter,
    AccessDenied,
    UnknownStatus,
    SystemInUse,
    InvalidState,
    IncorrectDataType,
    NotAvailable,
    OutOfMemory,
    FileNotFound,
    MachineLocked,
    ShutdownInProgress,
    JobFailed,
    Unknown,
}

/// <summary>A Hyper-V operation did not succeed. Carries the method, the code and the documented meaning.</summary>
public class HyperVException(string method, HyperVErrorKind kind, string message) : Exception(message)
{
    public string Method { get; } = method;

    public HyperVErrorKind Kind { get; } = kind;
}

/// <summary>The method itself returned a failure code (not 0, not 4096).</summary>
public sealed class HyperVMethodException(string method, uint code, HyperVErrorKind kind, string meaning)
    : HyperVException(method, kind, $"{method} returned {code} ({meaning})")
{
    public uint Code { get; } = code;

    public string Meaning { get; } = meaning;
}

/// <summary>The job ended in a state other than Completed, or Completed with a non-zero ErrorCode.</summary>
public sealed class HyperVJobFailedException(string method, int jobState, int errorCode, string description, IReadOnlyList<string> errors)
    : HyperVException(method, HyperVErrorKind.JobFailed,
        $"{method}: job ended in state {jobState} ({JobStates.Describe(jobState)}) with error {errorCode}: {description}"
        + (errors.Count > 0 ? " | " + string.Join(" | ", errors) : ""))
{
    public int JobState { get; } = jobState;

    public int ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    /// <summary>Messages of the Msvm_Error instances from GetErrorEx, when the host offered them.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The job was still running when our per-operation deadline passed.</summary>
public sealed class HyperVJobTimeoutException(string method, TimeSpan timeout, int lastState, int percentComplete)
    : HyperVException(method, HyperVErrorKind.Timeout,
        $"{method}: job still {JobStates.Describe(lastState)} ({percentComplete}% complete) after {timeout.TotalSeconds:0.#} s")
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>Return codes of the v2 methods, with the meanings the Hyper-V WMI reference documents (hyperv-wmi.md §1.1, §1.5).</summary>
public static class HyperVReturnCodes
{
    public const uint Completed = 0;
    public const uint JobStarted = 4096;

    private static readonly Dictionary<uint, (HyperVErrorKind Kind, string Meaning)> Common = new()
    {
        [1] = (HyperVErrorKind.NotSupported, "Not supported"),
        [2] = (HyperVErrorKind.Failed, "Failed"),
        [3] = (HyperVErrorKind.Timeout, "Timeout"),
        [4] = (HyperVErrorKind.InvalidParameter, "Invalid parameter"),
        [32768] = (HyperVErrorKind.Failed, "Failed"),
        [32769] = (HyperVErrorKind.AccessDenied, "Access denied"),
        [32770] = (HyperVErrorKind.NotSupported, "Not supported"),
        [32771] = (HyperVErrorKind.UnknownStatus, "Status is unknown"),
        [32772] = (HyperVErrorKind.Timeout, "Timeout"),
        [32773] = (HyperVErrorKind.InvalidParameter, "Invalid parameter"),
        [32774] = (HyperVErrorKind.SystemInUse, "System is in use"),
        [32775] = (HyperVErrorKind.InvalidState, "Invalid state for this operation"),
        [32776] = (HyperVErrorKind.IncorrectDataType, "Incorrect data type"),
        [32777] = (HyperVErrorKind.NotAvailable, "System is not available"),
        [32778] = (HyperVErrorKind.OutOfMemory, "Out of memory"),
        [32779] = (HyperVErrorKind.FileNotFound, "File not found"),
    };

    public static (HyperVErrorKind Kind, string Meaning) Describe(string method, uint code) => (method, code) switch
    {
        ("InitiateShutdown" or "InitiateReboot", 32781) => (HyperVErrorKind.MachineLocked, "Machine is locked and cannot be shut down without the force option"),
        ("InitiateShutdown" or "InitiateReboot", 32782) => (HyperVErrorKind.ShutdownInProgress, "System is already shutting down"),
        _ when Common.TryGetValue(code, out var known) => known,
        _ => (HyperVErrorKind.Unknown, "undocumented return code"),
    };

    public static HyperVMethodException ToException(string method, uint code)
    {
        var (kind, meaning) = Describe(method, code);
        return new HyperVMethodException(method, code, kind, meaning);
    }
}

/// <summary>Msvm_ConcreteJob.JobState values (CIM_ConcreteJob), hyperv-wmi.md §1.5.</summary>
public static class JobStates
{
    public const int Completed = 7;
    public const int CompletedWithWarnings = 32768;

    public static bool IsRunning(int state) => state is >= 2 and <= 6;

    public static bool IsSuccess(int state) => state is Completed or CompletedWithWarnings;

    public static string Describe(int state) => state switch
    {
        2 => "New",
        3 => "Starting",
        4 => "Running",
        5 => "Suspended",
        6 => "Shutting Down",
        7 => "Completed",
        8 => "Terminated",
        9 => "Killed",
        10 => "Exception",
        11 => "Service",
        32768 => "Completed with warnings",
        _ => "state " + state,
    };
}
