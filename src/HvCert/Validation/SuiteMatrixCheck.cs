using HvCert.Catalog;
using HvCert.Matrix;
using HvCert.Suites;

namespace HvCert.Validation;

/// <summary>Problems that only show when a suite meets a matrix, such as a 2016-only feature with only 2012 R2 hosts.</summary>
public static class SuiteMatrixCheck
{
    public static IReadOnlyList<Diagnostic> Check(Suite suite, TestMatrix matrix)
    {
        var errors = new List<Diagnostic>();
        var versions = matrix.Hosts.Where(h => h.Version is not null).ToList();
        if (suite.OnHostTooOld != HostTooOld.Error || versions.Count == 0 || versions.Count != matrix.Hosts.Count)
        {
            return errors;
        }

        foreach (var entry in suite.Features)
        {
            if (versions.All(h => h.Version < entry.Feature.MinHost))
            {
                var hosts = string.Join(", ", versions.Select(h => h.Version!.Value.Display()));
                errors.Add(new Diagnostic(suite.File, entry.Line, entry.Column,
                    $"{entry.Feature.Id} ({entry.Feature.Name}) needs Windows Server {entry.Feature.MinHost.Display()} or later, but matrix '{matrix.Name}' ({matrix.File}:{versions[0].Line}:{versions[0].Column}) only has hosts {hosts}.",
                    $"remove {entry.Feature.Id} from the suite, add a host {entry.Feature.MinHost.Display()} or later to the matrix, or set host_too_old: not-applicable to plan it as Not applicable."));
            }
        }

        return errors;
    }
}
