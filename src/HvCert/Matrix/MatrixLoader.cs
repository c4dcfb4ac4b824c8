using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Planning;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Matrix;

/// <summary>Loads matrices/*.yaml with located diagnostics; the rules match schemas/matrix.schema.json.</summary>
public static class MatrixLoader
{
    private static readonly string[] RootKeys = ["name", "description", "backend", "hosts", "generations", "targets"];
    private static readonly Dictionary<string, BackendKind> Backends = new(StringComparer.Ordinal)
    {
        ["qemu"] = BackendKind.Qemu,
        ["hyperv"] = BackendKind.HyperV,
    };

    public static TestMatrix Load(string path) => Load(new YamlInput(path));

    /// <summary>Loads YAML text as if it came from <paramref name="file"/> (tests, stdin).</summary>
    public static TestMatrix FromText(string text, string file) => Load(new YamlInput(file, text));

    private static TestMatrix Load(YamlInput input)
    {
        var matrix = Read(input);
        return input.Errors.Count > 0 || matrix is null ? throw new InputException(input.Errors) : matrix;
    }

    internal static TestMatrix? Read(YamlInput input)
    {
        var root = input.LoadRoot("matrix");
        if (root is null)
        {
            return null;
        }

        input.CheckKeys(root, "the matrix", RootKeys, ["name", "backend", "generations", "targets"]);
        var name = Names.Check(input, YamlInput.Get(root, "name"), "the matrix name") ?? "";
        var description = input.Text(YamlInput.Get(root, "description"), "description", emptyAllowed: true) ?? "";
        var backend = ReadBackend(input, YamlInput.Get(root, "backend"));
        var hosts = MatrixHosts.Read(input, root, backend);
        var generations = MatrixGenerations.Read(input, YamlInput.Get(root, "generations"), hosts);
        var targets = MatrixTargets.Read(input, YamlInput.Get(root, "targets"), generations);
        return new TestMatrix(name, description, input.File, backend ?? BackendKind.Qemu, hosts, generations, targets);
    }

    public static bool TryParseBackend(string text, out BackendKind backend) => Backends.TryGetValue(text, out backend);

    public static IEnumerable<string> BackendNames => Backends.Keys;

    public static string Name(BackendKind backend) => Backends.First(b => b.Value == backend).Key;

    private static BackendKind? ReadBackend(YamlInput input, YamlNode? node)
    {
        if (input.Text(node, "backend") is not { } text)
        {
            return null;
        }

        if (Backends.TryGetValue(text, out var backend))
        {
            return backend;
        }

        input.Error(node!, $"unknown backend '{text}'.{Suggest.DidYouMean(text, Backends.Keys)}", "use 'qemu' (the lab) or 'hyperv'.");
        return null;
    }
}
