using System.Text.Json;
using System.Text.Json.Serialization;

namespace BiasApp.Core.Classification;

/// <summary>The <c>kinds</c> section of <c>model.json</c>: the labels of the <c>kind_logits</c> output and how text is prepared.</summary>
public sealed record KindCard
{
    /// <summary>The kinds in the order of <c>kind_logits</c>.</summary>
    [JsonPropertyName("labels")] public string[] Labels { get; init; } = [];

    /// <summary>The kinds that flag a sentence.</summary>
    [JsonPropertyName("flagged")] public string[] Flagged { get; init; } = [];

    /// <summary>Present when every output was fitted on <see cref="SentenceNormaliser"/>'s text; describes it.</summary>
    [JsonPropertyName("normalise")] public JsonElement? Normalise { get; init; }

    /// <summary>True when texts go through <see cref="SentenceNormaliser"/> before the model.</summary>
    [JsonIgnore] public bool Normalises => Normalise is { ValueKind: not JsonValueKind.Undefined and not JsonValueKind.Null };
}
