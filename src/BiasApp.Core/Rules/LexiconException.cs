namespace BiasApp.Core.Rules;

/// <summary>A lexicon file that cannot be read, parsed or validated; the message names the file and the offending entry.</summary>
public sealed class LexiconException(string message, Exception? inner = null) : Exception(message, inner);
