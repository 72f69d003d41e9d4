using System.Text.Json;
using System.Text.Json.Serialization;

namespace BiasApp.Core.Classification;

/// <summary>The shipped <c>model.json</c>: labels, limits and the measured figures of the model.</summary>
public sealed record ModelCard
{
    [JsonPropertyName("name")] public string Name { get; init; } = "stereotype-minilm";
    [JsonPropertyName("version")] public string Version { get; init; } = "0";
    [JsonPropertyName("labels")] public string[] Labels { get; init; } = ["not_stereotype", "stereotype"];
    [JsonPropertyName("axis_labels")] public string[] AxisLabels { get; init; } = [];
    [JsonPropertyName("max_length")] public int MaxLength { get; init; } = 64;
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }

    /// <summary>The sentence-kind heads (model 3.0.0 and later); null for a model without them.</summary>
    [JsonPropertyName("kinds")] public KindCard? Kinds { get; init; }

    /// <summary>The measured figures (benchmark, real-world slices, contrast suite, targets), keyed by model version where they compare versions.</summary>
    [JsonPropertyName("metrics")] public JsonElement? Metrics { get; init; }

    /// <summary>This version's figures beside the previous one's, each with its target; null for a card without them.</summary>
    [JsonPropertyName("side_by_side")] public JsonElement? SideBySide { get; init; }

    /// <summary><c>name@version</c>: how logs, the CLI and cache keys name the model.</summary>
    [JsonIgnore] public string Id => $"{Name}@{Version}";

    public static ModelCard Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<ModelCard>(stream)
            ?? throw new InvalidDataException($"Model card is empty: {path}");
    }
}
