using HvCert.Catalog;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Matrix;

/// <summary>The generations list: Gen1 (BIOS) and Gen2 (UEFI, optionally with Secure Boot).</summary>
internal static class MatrixGenerations
{
    private static readonly string[] EntryKeys = ["generation", "secure_boot"];

    public static List<MatrixGeneration> Read(YamlInput input, YamlNode? node, IReadOnlyList<MatrixHost> hosts)
    {
        var list = input.As<YamlSequenceNode>(node, "generations", "generations: [{ generation: 1 }, { generation: 2, secure_boot: true }]");
        var result = new List<MatrixGeneration>();
        if (list is null)
        {
            return result;
        }

        if (list.Children.Count == 0)
        {
            input.Error(list, "generations is empty.", "list generation 1, generation 2 or both.");
        }

        foreach (var item in list.Children)
        {
            if (ReadOne(input, item) is not { } generation)
            {
                continue;
            }

            if (result.Any(g => g.Generation == generation.Generation))
            {
                input.Error(item, $"generation {(int)generation.Generation} is listed twice.", "list each generation once (Secure Boot is a setting of the Gen2 entry).");
                continue;
            }

            if (generation.Generation == Generation.Gen2 && hosts.FirstOrDefault(h => h.Version == HostVersion.Ws2012 || h.Version == HostVersion.Ws2008R2) is { } old)
            {
                input.Error(item, $"generation 2 VMs need Windows Server 2012 R2 or later, but host '{old.Label}' (line {old.Line}) is older.", "remove that host or certify it in a separate matrix with generation 1 only.");
            }

            result.Add(generation);
        }

        return result;
    }

    private static MatrixGeneration? ReadOne(YamlInput input, YamlNode item)
    {
        var map = item as YamlMappingNode;
        if (map is not null)
        {
            input.CheckKeys(map, "a generation entry", EntryKeys, ["generation"]);
        }

        var numberNode = map is null ? item : YamlInput.Get(map, "generation");
        if (numberNode is null || input.Int(numberNode, "generation") is not { } number)
        {
            return null;
        }

        if (number is not (1 or 2))
        {
            input.Error(numberNode, $"generation {number} does not exist; Hyper-V has generation 1 (BIOS) and 2 (UEFI).", "use 1 or 2.");
            return null;
        }

        var secureBootNode = map is null ? null : YamlInput.Get(map, "secure_boot");
        var secureBoot = input.Bool(secureBootNode, "secure_boot") ?? false;
        if (secureBoot && number == 1)
        {
            input.Error(secureBootNode!, "Secure Boot needs UEFI firmware, which only generation 2 VMs have.", "remove secure_boot from generation 1 (set it on generation 2).");
            return null;
        }

        return new MatrixGeneration((Generation)number, secureBoot);
    }
}
