using HvCert.HyperV.Cim;

namespace HvCert.HyperV.Jobs;

/// <summary>
/// Turns a method result into success or a typed error: 0 is done, 4096 means poll the Msvm_ConcreteJob until it leaves
/// the running states; JobState 7 or 32768 with ErrorCode 0 is success (hyperv-wmi.md §1.5). Time comes from TimeProvider.
/// </summary>
internal sealed class JobWaiter(ICimGateway gateway, TimeProvider time, TimeSpan pollInterval)
{
    public TimeProvider Time => time;

    /// <summary>Invokes <paramref name="method"/> and waits for its job. Returns the method result (out parameters) once done.</summary>
    public async Task<CimMethodResult> InvokeAsync(
        CimRef target, string method, IReadOnlyList<CimArgument> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await gateway.InvokeMethodAsync(target, method, arguments, cancellationToken);
        await CompleteAsync(method, result, timeout, cancellationToken);
        return result;
    }

    public async Task CompleteAsync(string method, CimMethodResult result, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (result.ReturnValue == HyperVReturnCodes.Completed)
        {
            return;
        }

        if (result.ReturnValue != HyperVReturnCodes.JobStarted)
        {
            throw HyperVReturnCodes.ToException(method, result.ReturnValue);
        }

        var jobRef = result.OutRef("Job") ?? throw new HyperVException(method, HyperVErrorKind.Unknown, $"{method} returned 4096 but no Job reference");
        await WaitAsync(method, jobRef, timeout, cancellationToken);
    }

    public async Task<CimInstanceData> WaitAsync(string method, CimRef jobRef, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var job = await gateway.GetInstanceAsync(jobRef, cancellationToken);
            var state = (int)(job.Number("JobState") ?? 0);
            if (JobStates.IsSuccess(state) && (job.Number("ErrorCode") ?? 0) == 0)
            {
                return job;
            }

            // Unknown or transitional values are polled again (hyperv-wmi.md: "treat any unknown value as transitional").
            var finished = state is >= 7 and <= 11 || JobStates.IsSuccess(state);
            if (finished)
            {
                throw await FailureAsync(method, job, state, cancellationToken);
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new HyperVJobTimeoutException(method, timeout, state, (int)(job.Number("PercentComplete") ?? 0));
            }

            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }

    private async Task<HyperVJobFailedException> FailureAsync(string method, CimInstanceData job, int state, CancellationToken cancellationToken)
    {
        var description = job.String("ErrorDescription") ?? job.String("ErrorSummaryDescription") ?? "no description";
        var errors = new List<string>();
        try
        {
            var ex = await gateway.InvokeMethodAsync(job.Ref, "GetErrorEx", [], cancellationToken);
            if (ex.ReturnValue == 0 && ex.Out("Errors") is { } embedded)
            {
                foreach (var text in embedded.Texts)
                {
                    var error = CimXml.Read(text);
                    errors.Add(error.String("Message") ?? error.String("Description") ?? text);
                }
            }
        }
        catch (Exception e) when (e is CimGatewayException or FormatException)
        {
            // GetErrorEx is optional (older hosts); the job's own description is still reported.
        }

        return new HyperVJobFailedException(method, state, (int)(job.Number("ErrorCode") ?? 0), description, errors);
    }
}
