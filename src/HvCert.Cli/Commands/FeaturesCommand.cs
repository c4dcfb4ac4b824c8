using System.CommandLine;
using System.Text.Json;
using HvCert.Catalog;

namespace HvCert.Cli.Commands;

/// <summary>`hvcert features`: the 35-row catalog as a table or JSON.</summary>
internal static class FeaturesCommand
{
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the catalog as JSON." };
        var command = new Command("features", "List the 35 features of Microsoft's Feature Descriptions page with their ids.") { json };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(FeatureCatalog.All.Select(ToJson), CliJson.Options));
                return ExitCodes.Ok;
            }

            foreach (var group in FeatureCatalog.All.GroupBy(f => f.Group))
            {
                output.WriteLine(group.Key.Display());
                foreach (var f in group)
                {
                    var gens = string.Join("/", f.Generations.Select(g => g.ToString()));
                    output.WriteLine($"  {f.Id,-24} {f.Name,-42} min {f.MinHost.Display(),-8} {gens,-9}{(f.Destructive ? " destructive" : "")}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static object ToJson(Feature f) => new
    {
        id = f.Id,
        group = f.Group.Display(),
        name = f.Name,
        aliases = f.Aliases,
        minHost = f.MinHost.Display(),
        generations = f.Generations.Select(g => g.ToString()),
        osFamilies = f.OsFamilies.Select(o => o.ToString().ToLowerInvariant()),
        destructive = f.Destructive,
        facets = f.Facets.Select(x => x.ToString()),
    };
}
