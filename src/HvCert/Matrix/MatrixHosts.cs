using HvCert.Catalog;
using HvCert.Hosts;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Matrix;

/// <summary>The host columns: always <c>qemu</c> on the lab; Windows Server releases on Hyper-V.</summary>
internal static class MatrixHosts
{
    public static List<MatrixHost> Read(YamlInput input, YamlMappingNode root, BackendKind? backend)
    {
        var node = YamlInput.Get(root, "hosts");
        if (node is null)
        {
            if (backend == BackendKind.HyperV)
            {
                input.Error(root, "a hyperv matrix needs hosts: (the Windows Server releases to certify on).", "add e.g. hosts: [\"2019\", \"2022\"].");
            }

            return backend == BackendKind.Qemu ? [new MatrixHost(MatrixHost.QemuLabel, null, (int)root.Start.Line, (int)root.Start.Column)] : [];
        }

        var list = input.As<YamlSequenceNode>(node, "hosts", "hosts: [\"2019\", \"2022\"]");
        var hosts = new List<MatrixHost>();
        if (list is null)
        {
            return hosts;
        }

        if (list.Children.Count == 0)
        {
            input.Error(list, "hosts is empty.", backend == BackendKind.Qemu ? "write hosts: [qemu] or leave hosts: out." : "list at least one Windows Server release, e.g. \"2022\".");
        }

        foreach (var item in list.Children)
        {
            if (input.Text(item, "host", numbersAllowed: true) is not { } label)
            {
                continue;
            }

            var host = backend == BackendKind.Qemu ? Lab(input, item, label) : HyperV(input, item, label);
            if (host is null)
            {
                continue;
            }

            if (hosts.Any(h => h.Label == host.Label))
            {
                input.Error(item, $"host '{label}' is listed twice.", "list each host once.");
                continue;
            }

            hosts.Add(host);
        }

        return hosts;
    }

    private static MatrixHost? Lab(YamlInput input, YamlNode node, string label)
    {
        if (label == MatrixHost.QemuLabel)
        {
            return new MatrixHost(label, null, (int)node.Start.Line, (int)node.Start.Column);
        }

        input.Error(node, $"host '{label}' is not a lab host; the qemu backend has one host column, 'qemu'.", "write hosts: [qemu], or set backend: hyperv for Windows Server hosts.");
        return null;
    }

    private static MatrixHost? HyperV(YamlInput input, YamlNode node, string label)
    {
        if (HostVersionNames.TryParse(label, out var version))
        {
            return new MatrixHost(version.Display().Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(), version, (int)node.Start.Line, (int)node.Start.Column);
        }

        input.Error(node, $"host '{label}' is not a Windows Server release HvCert knows.{Suggest.DidYouMean(label, HostVersionNames.Accepted)}", "use one of 2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025 (quoted, e.g. \"2019\").");
        return null;
    }
}
