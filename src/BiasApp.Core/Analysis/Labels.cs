namespace BiasApp.Core.Analysis;

/// <summary>Sentence labels as they appear in results and on the wire.</summary>
public static class Labels
{
    public const string Stereotype = "stereotype";
    public const string NotStereotype = "not_stereotype";

    /// <summary>A sentence of fewer than <see cref="ShortSentences.MinWords"/> words: not scored (see <see cref="ShortSentences"/>).</summary>
    public const string TooShort = "too_short";
}
