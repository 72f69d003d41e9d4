namespace BiasApp.Core.Segmentation;

/// <summary>A sentence and where it sits in the original text.</summary>
/// <param name="Start">Index of the first character in the original text.</param>
/// <param name="Length">Number of UTF-16 characters; <c>text.Substring(Start, Length) == Text</c>.</param>
/// <param name="Text">The sentence, trimmed of surrounding whitespace.</param>
public sealed record SentenceSpan(int Start, int Length, string Text);
