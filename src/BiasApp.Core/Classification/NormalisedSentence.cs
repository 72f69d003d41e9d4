namespace BiasApp.Core.Classification;

/// <summary>A sentence as <see cref="SentenceNormaliser"/> made it, with the origin of each of its characters.</summary>
/// <param name="Text">The normalised sentence.</param>
/// <param name="Origins">For each character of <paramref name="Text"/>, its offset in the sentence as written.</param>
/// <param name="End">Offset just past the last non-blank character of the sentence as written; the normalised end mark stands for everything up to it.</param>
public sealed record NormalisedSentence(string Text, IReadOnlyList<int> Origins, int End)
{
    /// <summary>
    /// The span of the sentence as written that covers the normalised characters <paramref name="start"/> to
    /// <paramref name="start"/> + <paramref name="length"/> (a word: no whitespace inside, so the origins are contiguous). A span
    /// that ends the sentence takes the whole end punctuation as written ("cooking." covers "cooking!!").
    /// </summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        if (length <= 0 || Origins.Count == 0) return (Origins.Count == 0 ? 0 : Origins[Math.Min(start, Origins.Count - 1)], 0);
        var first = Origins[start];
        var last = start + length >= Origins.Count ? End - 1 : Origins[start + length - 1];
        return (first, last - first + 1);
    }
}
