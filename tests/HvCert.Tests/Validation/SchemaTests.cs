using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HvCert.Catalog;
using HvCert.Suites;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HvCert.Tests.Validation;

/// <summary>The shipped JSON Schemas (for editors) agree with the loaders: shipped files pass, schema-expressible corpus errors fail.</summary>
public sealed class SchemaTests
{
    private static readonly Lazy<JsonSchema> SuiteSchema = new(() => Build("suite.schema.json"));
    private static readonly Lazy<JsonSchema> MatrixSchema = new(() => Build("matrix.schema.json"));

    public static TheoryData<string> ShippedSuites() => Files("suites");

    public static TheoryData<string> ShippedMatrices() => Files("matrices");

    [Theory]
    [MemberData(nameof(ShippedSuites))]
    public void SuiteSchema_ShippedSuite_IsValid(string path)
    {
        AssertValid(SuiteSchema.Value, path, true);
    }

    [Theory]
    [MemberData(nameof(ShippedMatrices))]
    public void MatrixSchema_ShippedMatrix_IsValid(string path)
    {
        AssertValid(MatrixSchema.Value, path, true);
    }

    [Theory]
    [InlineData("suite/unknown-root-key.yaml")]
    [InlineData("suite/unknown-feature-id.yaml")]
    [InlineData("suite/features-not-a-list.yaml")]
    [InlineData("suite/timeout-wrong-type.yaml")]
    [InlineData("suite/parameter-wrong-type.yaml")]
    [InlineData("suite/parameter-not-multiple-of-128.yaml")]
    [InlineData("suite/unknown-parameter.yaml")]
    [InlineData("suite/missing-name.yaml")]
    [InlineData("suite/name-is-a-number.yaml")]
    public void SuiteSchema_MalformedSuite_IsInvalid(string relative)
    {
        AssertValid(SuiteSchema.Value, Path.Combine(RepoPaths.Samples, "malformed", relative), false);
    }

    [Theory]
    [InlineData("matrix/secure-boot-on-gen1.yaml")]
    [InlineData("matrix/bad-generation.yaml")]
    [InlineData("matrix/unknown-backend.yaml")]
    [InlineData("matrix/unknown-host.yaml")]
    [InlineData("matrix/secure-boot-wrong-type.yaml")]
    [InlineData("matrix/missing-image.yaml")]
    [InlineData("matrix/unknown-target-key.yaml")]
    [InlineData("matrix/hyperv-without-hosts.yaml")]
    [InlineData("matrix/bad-os.yaml")]
    public void MatrixSchema_MalformedMatrix_IsInvalid(string relative)
    {
        AssertValid(MatrixSchema.Value, Path.Combine(RepoPaths.Samples, "malformed", relative), false);
    }

    [Fact]
    public void SuiteSchema_FeatureIdsAndParameters_MatchCatalogAndSuiteParameters()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "schemas", "suite.schema.json")))!;
        var ids = schema["$defs"]!["featureId"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(FeatureCatalog.All.Select(f => f.Id), ids);

        foreach (var rule in schema["$defs"]!["entry"]!["allOf"]!.AsArray())
        {
            var id = rule!["if"]!["properties"]!["id"]!["const"]!.GetValue<string>();
            var props = rule["then"]!["properties"]!["parameters"]!["properties"]!.AsObject();
            var specs = SuiteParameters.For(id);
            Assert.Equal(specs.Select(s => s.Name).Order(), props.Select(p => p.Key).Order());
            foreach (var spec in specs)
            {
                Assert.Equal(spec.Default, props[spec.Name]!["default"]!.GetValue<int>());
                Assert.Equal(spec.Min, props[spec.Name]!["minimum"]!.GetValue<int>());
                Assert.Equal(spec.Max, props[spec.Name]!["maximum"]!.GetValue<int>());
            }
        }
    }

    private static void AssertValid(JsonSchema schema, string yamlPath, bool expected)
    {
        var json = ToJson(yamlPath);
        var result = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid == expected, $"{yamlPath}: schema says valid={result.IsValid}, expected {expected}\n{JsonSerializer.Serialize(result)}");
    }

    private static JsonSchema Build(string name) =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoPaths.Root, "schemas", name)));

    private static TheoryData<string> Files(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var f in ShippedFiles.In(folder))
        {
            data.Add(f);
        }

        return data;
    }

    /// <summary>YAML 1.2 core schema: unquoted numbers and booleans are typed, quoted scalars are strings.</summary>
    private static JsonElement ToJson(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var node = Convert(stream.Documents[0].RootNode);
        return JsonSerializer.SerializeToElement(node);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, Convert(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(Convert).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } p when p.Value is null or "" or "~" or "null" => null,
        YamlScalarNode { Style: ScalarStyle.Plain } p when p.Value is "true" or "false" => JsonValue.Create(p.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } p when long.TryParse(p.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        YamlScalarNode { Style: ScalarStyle.Plain } p when double.TryParse(p.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        YamlScalarNode s => JsonValue.Create(s.Value),
        _ => throw new InvalidOperationException("aliases are not used in shipped files"),
    };
}
