using System.Globalization;
using HvCert.Catalog;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Suites;

/// <summary>Loads suites/*.yaml with located diagnostics; the rules match schemas/suite.schema.json.</summary>
public static class SuiteLoader
{
    private static readonly string[] RootKeys = ["name", "description", "timeout", "host_too_old", "features"];
    private static readonly string[] EntryKeys = ["id", "timeout", "parameters"];
    private static readonly string[] HostTooOldValues = ["error", "not-applicable"];

    /// <summary>Loads and validates; throws <see cref="InputException"/> listing every problem found.</summary>
    public static Suite Load(string path) => Load(new YamlInput(path));

    /// <summary>Loads YAML text as if it came from <paramref name="file"/> (tests, stdin).</summary>
    public static Suite FromText(string text, string file) => Load(new YamlInput(file, text));

    private static Suite Load(YamlInput input)
    {
        var suite = Read(input);
        return input.Errors.Count > 0 || suite is null ? throw new InputException(input.Errors) : suite;
    }

    internal static Suite? Read(YamlInput input)
    {
        var root = input.LoadRoot("suite");
        if (root is null)
        {
            return null;
        }

        input.CheckKeys(root, "the suite", RootKeys, ["name", "features"]);
        var name = Names.Check(input, YamlInput.Get(root, "name"), "the suite name") ?? "";
        var description = input.Text(YamlInput.Get(root, "description"), "description", emptyAllowed: true) ?? "";
        var timeout = ReadTimeout(input, YamlInput.Get(root, "timeout")) ?? SuiteParameters.DefaultTimeout;
        var hostTooOld = ReadHostTooOld(input, YamlInput.Get(root, "host_too_old"));
        var features = ReadFeatures(input, YamlInput.Get(root, "features"), timeout);
        return new Suite(name, description, input.File, timeout, hostTooOld, features);
    }

    private static List<SuiteFeature> ReadFeatures(YamlInput input, YamlNode? node, TimeSpan suiteTimeout)
    {
        var list = input.As<YamlSequenceNode>(node, "features", "features: [core.heartbeat, net.jumbo-frames]");
        var result = new List<SuiteFeature>();
        if (list is null)
        {
            return result;
        }

        if (list.Children.Count == 0)
        {
            input.Error(list, "features is empty.", "list at least one feature id (run 'hvcert features' for the 35 ids).");
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var entry in list.Children)
        {
            var (idNode, timeoutNode, parametersNode) = SplitEntry(input, entry);
            if (idNode is null || FeatureIds.Resolve(input, idNode) is not { } feature)
            {
                continue;
            }

            if (seen.TryGetValue(feature.Id, out var first))
            {
                input.Error(idNode, $"feature '{feature.Id}' is listed twice (first at line {first.Start.Line}).", "keep one entry per feature and merge their settings.");
                continue;
            }

            seen[feature.Id] = idNode;
            var timeout = ReadTimeout(input, timeoutNode) ?? suiteTimeout;
            var parameters = ReadParameters(input, feature, parametersNode, timeout);
            result.Add(new SuiteFeature(feature, timeout, parameters, (int)idNode.Start.Line, (int)idNode.Start.Column));
        }

        return result;
    }

    private static (YamlNode? Id, YamlNode? Timeout, YamlNode? Parameters) SplitEntry(YamlInput input, YamlNode entry)
    {
        if (entry is YamlScalarNode)
        {
            return (entry, null, null);
        }

        if (entry is YamlMappingNode map)
        {
            input.CheckKeys(map, "a feature entry", EntryKeys, ["id"]);
            return (YamlInput.Get(map, "id"), YamlInput.Get(map, "timeout"), YamlInput.Get(map, "parameters"));
        }

        input.Error(entry, $"a feature entry must be an id or a mapping with id:, found {YamlInput.Describe(entry)}.", "write '- net.jumbo-frames' or '- id: net.jumbo-frames' with timeout:/parameters: below it.");
        return (null, null, null);
    }

    private static Dictionary<string, string> ReadParameters(YamlInput input, Feature feature, YamlNode? node, TimeSpan timeout)
    {
        var result = SuiteParameters.Defaults(feature.Id, timeout);
        var map = input.As<YamlMappingNode>(node, "parameters", "parameters: { mtu: 9000 }");
        if (map is null)
        {
            return result;
        }

        var specs = SuiteParameters.For(feature.Id);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (specs.FirstOrDefault(s => s.Name == key) is not { } spec)
            {
                var allowed = specs.Count == 0 ? $"{feature.Id} takes no parameters; remove parameters:." : $"{feature.Id} accepts: {string.Join(", ", specs.Select(s => s.Name))}.";
                input.Error(keyNode, $"unknown parameter '{key}' for {feature.Id}.{Suggest.DidYouMean(key, specs.Select(s => s.Name))}", allowed);
                continue;
            }

            if (input.Int(valueNode, $"parameter {key}") is not { } value)
            {
                continue;
            }

            if (!spec.Accepts(value))
            {
                input.Error(valueNode, $"parameter {key} = {value} is out of range.", $"use {spec.Range} (default {spec.Default}).");
                continue;
            }

            result[key] = value.ToString(CultureInfo.InvariantCulture);
        }

        CheckJumboPayload(input, map, result);
        return result;
    }

    /// <summary>A ping payload must fit the MTU: payload + 20 (IPv4) + 8 (ICMP) &lt;= MTU.</summary>
    private static void CheckJumboPayload(YamlInput input, YamlMappingNode map, Dictionary<string, string> values)
    {
        if (values.TryGetValue("mtu", out var mtu) && values.TryGetValue("payload_bytes", out var payload)
            && int.Parse(payload, CultureInfo.InvariantCulture) + 28 > int.Parse(mtu, CultureInfo.InvariantCulture))
        {
            input.Error(YamlInput.Get(map, "payload_bytes") ?? map, $"payload_bytes {payload} does not fit in mtu {mtu} (payload + 28 header bytes must be <= mtu).", $"use payload_bytes <= {int.Parse(mtu, CultureInfo.InvariantCulture) - 28}.");
        }
    }

    private static TimeSpan? ReadTimeout(YamlInput input, YamlNode? node)
    {
        if (input.Text(node, "timeout") is not { } text)
        {
            return null;
        }

        if (Durations.TryParse(text, out var value, out var tooLong))
        {
            return value;
        }

        if (tooLong)
        {
            input.Error(node!, $"timeout '{text}' is longer than the limit of {Durations.Limit}.", $"use a timeout of at most {Durations.Limit}, such as {Durations.Example}.");
            return null;
        }

        input.Error(node!, $"timeout '{text}' is not a duration.", $"write a positive duration such as {Durations.Example}.");
        return null;
    }

    private static HostTooOld ReadHostTooOld(YamlInput input, YamlNode? node)
    {
        var text = input.Text(node, "host_too_old");
        switch (text)
        {
            case null or "error":
                return HostTooOld.Error;
            case "not-applicable":
                return HostTooOld.NotApplicable;
            default:
                input.Error(node!, $"host_too_old '{text}' is not one of {string.Join(", ", HostTooOldValues)}.{Suggest.DidYouMean(text, HostTooOldValues)}", "use 'error' (reject features no host offers) or 'not-applicable' (plan them as Not applicable).");
                return HostTooOld.Error;
        }
    }
}
