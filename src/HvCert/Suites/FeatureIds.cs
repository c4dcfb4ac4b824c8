using HvCert.Catalog;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Suites;

/// <summary>Turns a feature id node into a catalog feature, or a located "did you mean" error.</summary>
internal static class FeatureIds
{
    public static Feature? Resolve(YamlInput input, YamlNode node)
    {
        if (input.Text(node, "feature id") is not { } id)
        {
            return null;
        }

        if (FeatureCatalog.TryGet(id, out var feature))
        {
            return feature;
        }

        var byName = FeatureCatalog.FindByName(id);
        var hint = byName is not null
            ? $" '{id}' is the name of {byName.Id}; suites use ids."
            : Suggest.DidYouMean(id, FeatureCatalog.All.Select(f => f.Id));
        input.Error(node, $"unknown feature id '{id}'.{hint}", "run 'hvcert features' for the 35 ids.");
        return null;
    }
}
