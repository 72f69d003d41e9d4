using BiasApp.Core.Explanations;

namespace BiasApp.Explanations;

/// <summary>A run of sentence text: a scored word, or the text between words (<see cref="Word"/> null).</summary>
public sealed record HeatmapSegment(string Text, WordAttribution? Word);
