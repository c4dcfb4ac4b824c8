using HvCert.Matrix;
using HvCert.Suites;
using YamlDotNet.RepresentationModel;

namespace HvCert.Validation;

/// <summary>Loads a file whose kind is not known up front (for `hvcert validate`): a suite has features:, a matrix has targets:.</summary>
public static class InputFiles
{
    /// <summary>Returns a <see cref="Suite"/> or a <see cref="TestMatrix"/>; throws <see cref="InputException"/> otherwise.</summary>
    public static object Load(string path)
    {
        var probe = new YamlInput(path);
        var root = probe.LoadRoot("suite or matrix");
        if (root is null)
        {
            throw new InputException(probe.Errors);
        }

        // Decide by the keys present, tolerating a misspelt one ("feature:") so the real loader can name the typo.
        var keys = root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();
        bool Has(string key) => keys.Any(k => k == key || Suggest.Distance(k, key) <= 2);
        if (keys.Contains("templates") && keys.Contains("host"))
        {
            throw new InputException([new Diagnostic(path, (int)root.Start.Line, (int)root.Start.Column,
                "this is a Hyper-V inventory (host:, templates:), not a suite or a matrix.",
                "pass it to 'hvcert run --inventory'; validate suites and matrices only.")]);
        }

        if (Has("targets") || Has("backend") || Has("hosts") || Has("generations"))
        {
            return MatrixLoader.Load(path);
        }

        if (Has("features"))
        {
            return SuiteLoader.Load(path);
        }

        throw new InputException([new Diagnostic(path, (int)root.Start.Line, (int)root.Start.Column,
            "cannot tell whether this is a suite or a matrix: it has neither features: nor targets:.",
            "a suite lists features: (see suites/smoke.yaml); a matrix lists targets: (see matrices/lab.yaml).")]);
    }
}
