using HvCert.Catalog;
using HvCert.Validation;
using YamlDotNet.RepresentationModel;

namespace HvCert.Matrix;

/// <summary>
/// A target's image per generation: <c>image:</c> (one image for every generation, e.g. a lab image name) or
/// <c>images: { gen1: ..., gen2: ... }</c> (Hyper-V templates are per generation).
/// </summary>
internal static class TargetImages
{
    private static readonly string[] Keys = ["gen1", "gen2"];

    public static Dictionary<Generation, string>? Read(YamlInput input, YamlMappingNode target, IReadOnlyList<Generation> generations)
    {
        var single = YamlInput.Get(target, "image");
        var perGeneration = YamlInput.Get(target, "images");
        if (single is not null && perGeneration is not null)
        {
            input.Error(perGeneration, "a target has both image: and images:.", "use image: for one image on every generation, or images: with gen1:/gen2:.");
            return null;
        }

        if (single is null && perGeneration is null)
        {
            input.Error(target, "the target has no image.", "add image: <lab image or template path>, or images: { gen1: ..., gen2: ... }.");
            return null;
        }

        if (single is not null)
        {
            return input.Text(single, "image") is { } image ? generations.ToDictionary(g => g, _ => image) : null;
        }

        if (input.As<YamlMappingNode>(perGeneration, "images", "images: { gen1: 'D:\\templates\\x-gen1.vhdx', gen2: ... }") is not { } map)
        {
            return null;
        }

        input.CheckKeys(map, "images", Keys, []);
        var result = new Dictionary<Generation, string>();
        foreach (var generation in generations)
        {
            var key = "gen" + (int)generation;
            if (YamlInput.Get(map, key) is not { } node)
            {
                input.Error(map, $"images has no {key}: but the target runs on generation {(int)generation}.", $"add {key}: <image>, or narrow the target with generations:.");
            }
            else if (input.Text(node, key) is { } image)
            {
                result[generation] = image;
            }
        }

        return result;
    }
}
