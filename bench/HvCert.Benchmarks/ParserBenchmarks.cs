using BenchmarkDotNet.Attributes;
using HvCert.Guests.Tools.FreeBsd;
using HvCert.Guests.Tools.Linux;

namespace HvCert.Benchmarks;

/// <summary>Every guest parser family on a large realistic output (see <see cref="LargeOutputs"/>).</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly string interrupts = LargeOutputs.ProcInterrupts();
    private readonly string kernelLog = LargeOutputs.KernelLog();
    private readonly string devinfo = LargeOutputs.FreeBsdDevinfo();
    private readonly string lsvmbus = LargeOutputs.Lsvmbus();

    [Benchmark]
    public object ProcInterrupts64Cpus() => ProcInterruptsParser.Parse(interrupts);

    [Benchmark]
    public object KernelLog40kLines() => KernelLogParser.Parse(kernelLog);

    [Benchmark]
    public object LsvmbusLargeNic() => LsvmbusParser.Parse(lsvmbus);

    [Benchmark]
    public object FreeBsdDevinfo256Children() => DevinfoParser.Parse(devinfo);

    [Benchmark]
    public object FreeBsdBootLog40kLines() => FreeBsdDmesgParser.Parse(kernelLog);
}
