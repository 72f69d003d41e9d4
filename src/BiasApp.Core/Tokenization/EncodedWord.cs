namespace BiasApp.Core.Tokenization;

/// <summary>A word of the original text with its span and word-piece ids.</summary>
public sealed record EncodedWord(string Text, int Start, int Length, int[] PieceIds);
