using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HvCert.Validation;

/// <summary>
/// Reads one YAML file through YamlDotNet's representation model, so every node keeps its line and column, and
/// collects located diagnostics instead of throwing on the first problem.
/// </summary>
public sealed partial class YamlInput(string file, string? text = null)
{
    private readonly List<Diagnostic> errors = [];

    public string File => file;

    public IReadOnlyList<Diagnostic> Errors => errors;

    /// <summary>Loads the root mapping, or records why there is none (missing, empty, tabs, syntax, not a mapping).</summary>
    public YamlMappingNode? LoadRoot(string what)
    {
        if (text is null && !System.IO.File.Exists(file))
        {
            var fix = Directory.Exists(file) ? $"pass a {what} file, not a folder." : $"check the path; {Examples(what)}.";
            return Fail(1, 1, $"{what} file not found.", fix);
        }

        if (text is null && InputLimits.CheckSize(file, what, InputLimits.MaxTextFileBytes) is { } tooBig)
        {
            return Fail(tooBig.Line, tooBig.Column, tooBig.Message, tooBig.Fix);
        }

        var content = text ?? System.IO.File.ReadAllText(file);
        if (content.Length > InputLimits.MaxTextFileBytes)
        {
            return Fail(1, 1, $"the {what} text is {content.Length:N0} characters; hvcert reads at most {InputLimits.Megabytes(InputLimits.MaxTextFileBytes)}.", "check that this is the right input.");
        }

        if (InputLimits.FindControlCharacter(content) is { } control)
        {
            return Fail(control.Line, control.Column, $"the {what} file holds the control character {control.Shown}; YAML files may not contain NUL or other control characters.", "remove it (a file padded with NUL bytes was usually cut or copied badly).");
        }

        if (string.IsNullOrWhiteSpace(StripComments(content)))
        {
            return Fail(1, 1, $"the {what} file is empty.", $"write the {what}; {Examples(what)}.");
        }

        if (FindIndentTab(content) is { } tab)
        {
            return Fail(tab.Line, tab.Column, "a tab character is used for indentation; YAML allows only spaces.", "replace the tab with spaces.");
        }

        var stream = new YamlStream();
        var parser = new TrackingParser(new LimitingParser(new Parser(new StringReader(content))));
        try
        {
            stream.Load(parser);
        }
        catch (YamlLimitException ex)
        {
            return Fail((int)ex.Start.Line, (int)ex.Start.Column, ex.Problem + ".", ex.Fix);
        }
        catch (YamlException ex)
        {
            return Fail((int)ex.Start.Line, (int)ex.Start.Column, "invalid YAML: " + CleanMessage(ex) + ".", "fix the YAML syntax at this position (indentation, quotes, colons).");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet sometimes fails without a position (e.g. an unclosed flow list); point after the last good token.
            return Fail((int)parser.LastGood.Line, (int)parser.LastGood.Column, "invalid YAML: the parser could not continue after this position.", "look for an unclosed '[', '{' or quote here or just after.");
        }

        if (stream.Documents.Count != 1)
        {
            var at = stream.Documents.Count > 1 ? stream.Documents[1].RootNode.Start : Mark.Empty;
            return Fail((int)at.Line, (int)at.Column, $"expected exactly one YAML document, found {stream.Documents.Count}.", "keep one document per file (remove the extra '---').");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Error(stream.Documents[0].RootNode, $"the {what} must be a mapping of keys (name:, ...), found {Describe(stream.Documents[0].RootNode)}.", $"{Examples(what)}.");
            return null;
        }

        return root;
    }

    public void Error(YamlNode node, string message, string fix) =>
        errors.Add(new Diagnostic(file, (int)node.Start.Line, (int)node.Start.Column, message, fix));

    public void Error(int line, int column, string message, string fix) =>
        errors.Add(new Diagnostic(file, line, column, message, fix));

    /// <summary>Reports keys outside <paramref name="allowed"/> (with a suggestion) and missing <paramref name="required"/> keys.</summary>
    public void CheckKeys(YamlMappingNode map, string context, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string> required)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name))
            {
                Error(key, $"unknown key '{name}' in {context}.{Suggest.DidYouMean(name, allowed)}", $"allowed keys: {string.Join(", ", allowed)}.");
            }
        }

        foreach (var name in required.Where(r => !map.Children.ContainsKey(new YamlScalarNode(r))))
        {
            Error(map, $"{context} is missing the required key '{name}'.", $"add '{name}:'.");
        }
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    /// <summary>
    /// A text value. Unquoted numbers (<c>release: 12</c>) count as text only where <paramref name="numbersAllowed"/>,
    /// matching the schemas' "type": ["string", "number"].
    /// </summary>
    public string? Text(YamlNode? node, string what, bool numbersAllowed = false, bool emptyAllowed = false)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode s && !IsNull(s) && !IsBool(s) && (numbersAllowed || !IsNumber(s)))
        {
            if (!emptyAllowed && string.IsNullOrWhiteSpace(s.Value))
            {
                Error(node, $"{what} is empty.", $"write a value for {what}, or remove the key.");
                return null;
            }

            return s.Value!;
        }

        if (node is YamlScalarNode number && IsNumber(number))
        {
            Error(node, $"{what} must be text, found {Describe(node)}.", $"quote it: \"{number.Value}\".");
            return null;
        }

        Error(node, $"{what} must be a text value, found {Describe(node)}.", $"write {what} as a single value, e.g. {what.Split(' ')[^1]}: \"...\".");
        return null;
    }

    public int? Int(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Error(node, $"{what} must be a whole number, found {Describe(node)}.", "write an unquoted whole number such as 2.");
        return null;
    }

    public bool? Bool(YamlNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } s)
        {
            return s.Value == "true";
        }

        Error(node, $"{what} must be true or false, found {Describe(node)}.", "write true or false (unquoted).");
        return null;
    }

    public T? As<T>(YamlNode? node, string what, string example)
        where T : YamlNode
    {
        if (node is null or T)
        {
            return node as T;
        }

        var kind = typeof(T) == typeof(YamlSequenceNode) ? "a list" : "a mapping";
        Error(node, $"{what} must be {kind}, found {Describe(node)}.", $"write it as {kind}, e.g. {example}.");
        return null;
    }

    /// <summary>Where a reader finds a working example and the schema of this kind of file.</summary>
    public static string Examples(string what) => what switch
    {
        "suite" => "see suites/smoke.yaml and schemas/suite.schema.json",
        "matrix" => "see matrices/lab.yaml and schemas/matrix.schema.json",
        _ => "see suites/smoke.yaml, matrices/lab.yaml and schemas/",
    };

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s when IsNull(s) => "nothing (null)",
        YamlScalarNode { Style: ScalarStyle.Plain } s when s.Value is "true" or "false" => $"the boolean {s.Value}",
        YamlScalarNode { Style: ScalarStyle.Plain } s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) => $"the number {s.Value}",
        YamlScalarNode s => $"the text '{Shorten(s.Value!)}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    private static bool IsBool(YamlScalarNode s) => s.Style == ScalarStyle.Plain && s.Value is "true" or "false";

    private static bool IsNumber(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    public static bool IsNull(YamlScalarNode s) =>
        s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private YamlMappingNode? Fail(int line, int column, string message, string fix)
    {
        Error(line, column, message, fix);
        return null;
    }

    private static string StripComments(string text) =>
        string.Join('\n', text.Split('\n').Select(l => l.TrimStart().StartsWith('#') ? "" : l));

    private static (int Line, int Column)? FindIndentTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0 && lines[i].Trim().Length > 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private static string CleanMessage(YamlException ex)
    {
        var message = LocationPrefix().Replace(ex.Message, "").Trim();
        return message.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();
}
