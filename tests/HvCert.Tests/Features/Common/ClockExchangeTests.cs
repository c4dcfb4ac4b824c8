using System.Globalization;
using HvCert.Catalog;
using HvCert.Evidence;
using HvCert.Features.Common;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Probes;
using Microsoft.Extensions.Time.Testing;

namespace HvCert.Tests.Features.Common;

/// <summary>The exchange's early stop: it may end only once the offset's uncertainty is already within the stop value.</summary>
public sealed class ClockExchangeTests
{
    private static async Task<HostActionDone> ExchangeAsync(double[] roundTripsMs, params (string, string)[] parameters)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var n = 0;
        var guest = new FakeGuest { Dynamic = _ =>
        {
            // The guest answers at the middle of the round trip, 30 s behind the host (a skewed clock).
            var rtt = roundTripsMs[Math.Min(n++, roundTripsMs.Length - 1)];
            time.Advance(TimeSpan.FromMilliseconds(rtt / 2));
            var guestNow = time.GetUtcNow().AddSeconds(-30).ToUnixTimeMilliseconds() / 1000m;
            time.Advance(TimeSpan.FromMilliseconds(rtt / 2));
            return FakeGuest.Ok(guestNow.ToString("0.000000000", CultureInfo.InvariantCulture) + "\n");
        } };
        var events = new List<EvidenceEvent>();
        var vm = new FakeVm(FakeVm.DefaultSpec(), []);
        var context = new ProbeContext(new CellKey("debian-12", Generation.Gen1, "qemu", "core.time-sync"), 1, vm, guest,
            new Dictionary<string, string>(), events.Add, time);
        var scope = new StepScope(parameters.ToDictionary(p => p.Item1, p => p.Item2), new Dictionary<string, string>());

        await new ClockExchange(3, 4, "test").RunAsync(context, scope, CancellationToken.None);

        return Assert.Single(events.OfType<HostActionDone>());
    }

    [Fact]
    public async Task StopValue_ReachedAfterMinimum_StopsThere()
    {
        var done = await ExchangeAsync([800, 700, 150, 600, 900], ("samples", "16"), ("exchange_stop_ms", "100"), ("exchange_min_samples", "4"));

        Assert.Equal("4", done.Observations["samples"]);
        Assert.Equal("16", done.Observations["samples_planned"]);
        var offset = ClockSamples.Analyze(done)!;
        Assert.Equal(4, offset.Usable);
        Assert.InRange(offset.UncertaintyMs, 74.9, 75.1);
        Assert.True(offset.ProvenBeyond(1000), offset.Describe());
    }

    [Fact]
    public async Task StopValue_NeverReached_TakesEverySample()
    {
        var done = await ExchangeAsync([400], ("samples", "16"), ("exchange_stop_ms", "100"), ("exchange_min_samples", "4"));

        Assert.Equal("16", done.Observations["samples"]);
        Assert.Equal(16, ClockSamples.Analyze(done)!.Usable);
    }

    [Fact]
    public async Task NoStopValue_TakesEverySampleEvenWhenTight()
    {
        var done = await ExchangeAsync([1], ("samples", "16"));

        Assert.Equal("16", done.Observations["samples"]);
    }
}
