using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HvCert.Validation;

/// <summary>
/// Wraps a YAML parser and stops, with a located <see cref="YamlException"/>, before a document can nest deeper than
/// <see cref="InputLimits.MaxYamlDepth"/> (YamlDotNet builds nodes recursively: 100k open brackets overflowed the stack),
/// expand through aliases to more than <see cref="InputLimits.MaxYamlNodes"/> nodes (a 5 MB "billion laughs" took 2 GB),
/// or carry a tag other than YAML's standard ones (<c>!python/object</c> means nothing here and hides intent).
/// </summary>
public sealed class LimitingParser(IParser inner) : IParser
{
    private static readonly HashSet<string> StandardTags = new(StringComparer.Ordinal)
    {
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:float", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    };

    private readonly Dictionary<string, long> anchorSizes = new(StringComparer.Ordinal);
    private readonly Stack<(string? Anchor, long Nodes)> open = new();
    private long total;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        Check(inner.Current!);
        return true;
    }

    private void Check(ParsingEvent e)
    {
        if (e is NodeEvent { Tag: { IsEmpty: false, IsNonSpecific: false } tag } && !StandardTags.Contains(tag.Value))
        {
            throw Refuse(e, $"the YAML tag '{HvCert.Reporting.TextEscaping.Visible(tag.Value)}' is not accepted; hvcert reads plain YAML values only", "remove the tag (write the plain value).");
        }

        switch (e)
        {
            case MappingStart or SequenceStart:
                if (open.Count >= InputLimits.MaxYamlDepth)
                {
                    throw Refuse(e, $"lists and mappings nest more than {InputLimits.MaxYamlDepth} levels deep", "flatten the structure; hvcert's files nest at most a few levels.");
                }

                open.Push((((NodeEvent)e).Anchor.IsEmpty ? null : ((NodeEvent)e).Anchor.Value, 1));
                Count(e, 1);
                break;
            case MappingEnd or SequenceEnd when open.Count > 0:
                var (anchor, nodes) = open.Pop();
                if (anchor is not null)
                {
                    anchorSizes[anchor] = nodes;
                }

                if (open.Count > 0)
                {
                    var parent = open.Pop();
                    open.Push((parent.Anchor, parent.Nodes + nodes));
                }

                break;
            case Scalar s:
                if (!s.Anchor.IsEmpty)
                {
                    anchorSizes[s.Anchor.Value] = 1;
                }

                AddToParent(1);
                Count(e, 1);
                break;
            case AnchorAlias alias:
                var size = anchorSizes.TryGetValue(alias.Value.Value, out var known) ? known : 1;
                AddToParent(size);
                Count(e, size);
                break;
        }
    }

    private void AddToParent(long nodes)
    {
        if (open.Count > 0)
        {
            var top = open.Pop();
            open.Push((top.Anchor, top.Nodes + nodes));
        }
    }

    private void Count(ParsingEvent e, long nodes)
    {
        total += nodes;
        if (total > InputLimits.MaxYamlNodes)
        {
            throw Refuse(e, $"the document expands to more than {InputLimits.MaxYamlNodes:N0} values once aliases (*name) are followed", "write the values out, or use fewer aliases.");
        }
    }

    private static YamlLimitException Refuse(ParsingEvent e, string problem, string fix) => new(e.Start, e.End, problem, fix);
}

/// <summary>A limit of <see cref="LimitingParser"/> was hit; <see cref="Fix"/> says what to change.</summary>
public sealed class YamlLimitException(Mark start, Mark end, string problem, string fix) : YamlException(start, end, problem)
{
    public string Problem { get; } = problem;

    public string Fix { get; } = fix;
}
