namespace BiasApp.Core.Batches;

/// <summary>One input row of a batch.</summary>
/// <param name="Index">Zero-based position in the input.</param>
/// <param name="Text">The text to score.</param>
/// <param name="Group">Optional social group the text is about (e.g. the prompt's target group).</param>
public sealed record BatchInputRow(int Index, string Text, string? Group = null);
