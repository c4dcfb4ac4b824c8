using HvCert.HyperV.Cim;
using HvCert.HyperV.Jobs;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.HyperV;

public sealed class JobWaiterTests
{
    private static readonly CimRef Vsms = CimRef.Of("Msvm_VirtualSystemManagementService", ("Name", "vmms"));
    private readonly FakeCimGateway gateway = new();
    private readonly FakeTimeProvider time = new();

    private JobWaiter Waiter => new(gateway, time, TimeSpan.FromMilliseconds(250));

    [Fact]
    public async Task InvokeAsync_ReturnZero_DoesNotPoll()
    {
        gateway.Handlers[(Vsms.ClassName, "ModifySystemSettings")] = (_, _) => FakeCimGateway.Done();

        await Waiter.InvokeAsync(Vsms, "ModifySystemSettings", [], TimeSpan.FromMinutes(1), default);

        Assert.DoesNotContain(gateway.Calls, c => c.Method == "Get");
    }

    [Fact]
    public async Task InvokeAsync_JobRunningThenCompleted_PollsUntilState7()
    {
        gateway.Handlers[(Vsms.ClassName, "DefineSystem")] = (_, _) =>
            gateway.Job("JOB-1", CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-running-then-completed.xml")));

        var task = Waiter.InvokeAsync(Vsms, "DefineSystem", [], TimeSpan.FromMinutes(1), default);
        await AdvanceUntil(task);

        await task;
        Assert.Equal(3, gateway.Calls.Count(c => c.Method == "Get"));
    }

    [Fact]
    public async Task WaitAsync_CompletedWithWarnings_IsSuccess()
    {
        gateway.JobPolls["JOB-1"] = new(CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-warnings.xml")));

        var job = await Waiter.WaitAsync("AddResourceSettings", CimRef.Of("Msvm_ConcreteJob", ("InstanceID", "JOB-1")), TimeSpan.FromMinutes(1), default);

        Assert.Equal(32768, job.Number("JobState"));
    }

    [Fact]
    public async Task WaitAsync_JobException_ThrowsWithDescriptionAndGetErrorExMessages()
    {
        gateway.JobPolls["JOB-1"] = new(CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-exception.xml")));
        gateway.Handlers[("Msvm_ConcreteJob", "GetErrorEx")] = (_, _) =>
            FakeCimGateway.Done(("Errors", CimValue.Strings(CimXml.ReadAll(FakeCimGateway.Sample("msvm-error.xml")).Select(CimXml.Write).ToArray())));

        var task = Waiter.WaitAsync("AddResourceSettings", CimRef.Of("Msvm_ConcreteJob", ("InstanceID", "JOB-1")), TimeSpan.FromMinutes(1), default);
        await AdvanceUntil(task);

        var e = await Assert.ThrowsAsync<HyperVJobFailedException>(() => task);
        Assert.Equal(10, e.JobState);
        Assert.Equal(32768, e.ErrorCode);
        Assert.Contains("Failed to add device 'Virtual Hard Disk'.", e.Description);
        Assert.Contains("cannot find the file specified", Assert.Single(e.Errors));
        Assert.Contains("Exception", e.Message);
    }

    [Fact]
    public async Task WaitAsync_GetErrorExMissing_StillReportsDescription()
    {
        gateway.JobPolls["JOB-1"] = new(CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-exception.xml")).Skip(1));
        gateway.Handlers[("Msvm_ConcreteJob", "GetErrorEx")] = (_, _) => throw new CimGatewayException("WMI error 3: method not found");

        var e = await Assert.ThrowsAsync<HyperVJobFailedException>(() =>
            Waiter.WaitAsync("AddResourceSettings", CimRef.Of("Msvm_ConcreteJob", ("InstanceID", "JOB-1")), TimeSpan.FromMinutes(1), default));

        Assert.Empty(e.Errors);
        Assert.Contains("Failed to add device", e.Message);
    }

    [Fact]
    public async Task WaitAsync_CompletedButErrorCodeNonZero_IsFailure()
    {
        gateway.JobPolls["JOB-1"] = new([FakeCimGateway.CompletedJob("JOB-1").With(("ErrorCode", CimValue.UInt16(32779)))]);
        gateway.Handlers[("Msvm_ConcreteJob", "GetErrorEx")] = (_, _) => new CimMethodResult(32770, new Dictionary<string, CimValue>());

        var e = await Assert.ThrowsAsync<HyperVJobFailedException>(() =>
            Waiter.WaitAsync("X", CimRef.Of("Msvm_ConcreteJob", ("InstanceID", "JOB-1")), TimeSpan.FromMinutes(1), default));

        Assert.Equal(32779, e.ErrorCode);
    }

    [Fact]
    public async Task WaitAsync_StillRunningAtDeadline_ThrowsTimeout()
    {
        gateway.JobPolls["JOB-1"] = new(CimXml.ReadAll(FakeCimGateway.Sample("concrete-job-running.xml")));

        var task = Waiter.WaitAsync("MigrateVirtualSystemToHost", CimRef.Of("Msvm_ConcreteJob", ("InstanceID", "JOB-1")), TimeSpan.FromSeconds(5), default);
        await AdvanceUntil(task);

        var e = await Assert.ThrowsAsync<HyperVJobTimeoutException>(() => task);
        Assert.Equal(HyperVErrorKind.Timeout, e.Kind);
        Assert.Contains("42% complete", e.Message);
        Assert.True(gateway.Calls.Count(c => c.Method == "Get") >= 2);
    }

    [Theory]
    [InlineData(32775u, HyperVErrorKind.InvalidState, "Invalid state for this operation")]
    [InlineData(32769u, HyperVErrorKind.AccessDenied, "Access denied")]
    [InlineData(4u, HyperVErrorKind.InvalidParameter, "Invalid parameter")]
    [InlineData(32773u, HyperVErrorKind.InvalidParameter, "Invalid parameter")]
    [InlineData(32779u, HyperVErrorKind.FileNotFound, "File not found")]
    [InlineData(1u, HyperVErrorKind.NotSupported, "Not supported")]
    [InlineData(12345u, HyperVErrorKind.Unknown, "undocumented return code")]
    public async Task InvokeAsync_FailureCode_MapsToTypedError(uint code, HyperVErrorKind kind, string meaning)
    {
        gateway.Handlers[(Vsms.ClassName, "DestroySystem")] = (_, _) => new CimMethodResult(code, new Dictionary<string, CimValue>());

        var e = await Assert.ThrowsAsync<HyperVMethodException>(() => Waiter.InvokeAsync(Vsms, "DestroySystem", [], TimeSpan.FromMinutes(1), default));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(code, e.Code);
        Assert.Equal($"DestroySystem returned {code} ({meaning})", e.Message);
    }

    [Fact]
    public void Describe_ShutdownSpecificCodes_UseShutdownMeanings()
    {
        Assert.Equal(HyperVErrorKind.MachineLocked, HyperVReturnCodes.Describe("InitiateShutdown", 32781).Kind);
        Assert.Equal(HyperVErrorKind.ShutdownInProgress, HyperVReturnCodes.Describe("InitiateShutdown", 32782).Kind);
        Assert.Equal(HyperVErrorKind.Unknown, HyperVReturnCodes.Describe("DefineSystem", 32781).Kind);
    }

    private async Task AdvanceUntil(Task task)
    {
        for (var i = 0; i < 1000 && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            time.Advance(TimeSpan.FromMilliseconds(250));
        }
    }
}
