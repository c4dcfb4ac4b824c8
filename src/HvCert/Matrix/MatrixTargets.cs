using HvCert.Catalog;
using HvCert.Planning;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Matrix;

/// <summary>The targets list: one distro release each, with the image to boot per generation.</summary>
internal static class MatrixTargets
{
    private static readonly string[] TargetKeys = ["id", "distro", "release", "os", "image", "images", "generations", "secure_boot"];
    private static readonly Dictionary<string, OsFamily> OsNames = new(StringComparer.Ordinal)
    {
        ["linux"] = OsFamily.Linux,
        ["freebsd"] = OsFamily.FreeBsd,
    };

    public static List<MatrixTarget> Read(YamlInput input, YamlNode? node, IReadOnlyList<MatrixGeneration> matrixGenerations)
    {
        var list = input.As<YamlSequenceNode>(node, "targets", "targets: [{ id: debian-12, distro: debian, release: \"12\", image: debian-bookworm }]");
        var result = new List<MatrixTarget>();
        if (list is null)
        {
            return result;
        }

        if (list.Children.Count == 0)
        {
            input.Error(list, "targets is empty.", "list at least one distro release to certify.");
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var item in list.Children)
        {
            if (input.As<YamlMappingNode>(item, "a target", "{ id: debian-12, distro: debian, release: \"12\", image: debian-bookworm }") is not { } map)
            {
                continue;
            }

            input.CheckKeys(map, "a target", TargetKeys, ["id", "distro", "release"]);
            var idNode = YamlInput.Get(map, "id");
            var id = Names.Check(input, idNode, "the target id");
            if (id is not null && seen.TryGetValue(Names.Normalise(id), out var first))
            {
                var firstId = ((YamlScalarNode)first).Value;
                input.Error(idNode!, firstId == id
                    ? $"target '{id}' is listed twice (first at line {first.Start.Line})."
                    : $"target '{id}' collides with target '{firstId}' (line {first.Start.Line}): ids that differ only in '-', '_' or '.' name the same report anchors and result ids.",
                    "give each release one entry with a unique id.");
                continue;
            }

            if (id is not null)
            {
                seen[Names.Normalise(id)] = idNode!;
            }

            var target = ReadOne(input, map, id, matrixGenerations);
            if (target is not null)
            {
                result.Add(target);
            }
        }

        return result;
    }

    private static MatrixTarget? ReadOne(YamlInput input, YamlMappingNode map, string? id, IReadOnlyList<MatrixGeneration> matrixGenerations)
    {
        var distro = input.Text(YamlInput.Get(map, "distro"), "distro", numbersAllowed: true);
        var release = input.Text(YamlInput.Get(map, "release"), "release", numbersAllowed: true);
        var os = ReadOs(input, YamlInput.Get(map, "os"));
        var generations = ReadGenerations(input, YamlInput.Get(map, "generations"), matrixGenerations);
        var images = TargetImages.Read(input, map, generations);
        var secureBootNode = YamlInput.Get(map, "secure_boot");
        var secureBoot = input.Bool(secureBootNode, "secure_boot");
        if (secureBoot == true && !matrixGenerations.Any(g => g.SecureBoot))
        {
            input.Error(secureBootNode!, "a target can only turn Secure Boot off (secure_boot: false); the matrix's generation 2 does not turn it on.", "set secure_boot: true on the generation 2 entry, or remove secure_boot from the target.");
        }

        return id is null || distro is null || release is null || os is null || images is null
            ? null
            : new MatrixTarget(new TargetRef(id, distro, release, os.Value, images), generations, secureBoot);
    }

    private static OsFamily? ReadOs(YamlInput input, YamlNode? node)
    {
        if (node is null)
        {
            return OsFamily.Linux;
        }

        if (input.Text(node, "os") is not { } text)
        {
            return null;
        }

        if (OsNames.TryGetValue(text, out var os))
        {
            return os;
        }

        input.Error(node, $"unknown os '{text}'.{Suggest.DidYouMean(text, OsNames.Keys)}", "use 'linux' or 'freebsd'.");
        return null;
    }

    private static List<Generation> ReadGenerations(YamlInput input, YamlNode? node, IReadOnlyList<MatrixGeneration> matrixGenerations)
    {
        var all = matrixGenerations.Select(g => g.Generation).ToList();
        if (input.As<YamlSequenceNode>(node, "the target's generations", "generations: [2]") is not { } list)
        {
            return all;
        }

        var result = new List<Generation>();
        foreach (var item in list.Children)
        {
            if (input.Int(item, "generation") is not { } number)
            {
                continue;
            }

            if (!all.Contains((Generation)number))
            {
                input.Error(item, $"generation {number} is not one of the matrix's generations ({string.Join(", ", all.Select(g => (int)g))}).", "a target can only narrow the matrix's generations: add it to the top-level generations: or remove it here.");
            }
            else if (!result.Contains((Generation)number))
            {
                result.Add((Generation)number);
            }
        }

        if (list.Children.Count == 0)
        {
            input.Error(list, "the target's generations is empty.", "list the generations this release runs on, or remove generations: to use the matrix's.");
        }

        return result;
    }
}
