using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.Reporting;
using HvCert.Reporting.Renderers;
using Json.Schema;

namespace HvCert.Tests.Reporting;

public sealed class ResultsSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(RepoPaths.Root, "schemas", "results.schema.json"));

    private static EvaluationResults Evaluate(string json) =>
        Schema.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Render(RunResults results) => Assert.Single(new ResultsJsonRenderer().Render(results)).Content;

    [Fact]
    public void Evaluate_SampleResults_ConformToSchema()
    {
        var result = Evaluate(Render(SampleRun.Results()));
        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    [Fact]
    public void Evaluate_UnknownVerdict_IsRejected()
    {
        var node = JsonNode.Parse(Render(SampleRun.Results()))!;
        node["cells"]![0]!["verdict"] = "passed";
        Assert.False(Evaluate(node.ToJsonString()).IsValid);
    }

    [Fact]
    public void Evaluate_EmptyRun_ConformsToSchema()
    {
        Assert.True(Evaluate(Render(RunResultsBuilder.Build([]))).IsValid);
    }
}
