namespace BiasApp.Core.Decisions;

/// <summary>
/// A cheap part of the near-duplicate word test (<see cref="NearDuplicates.DifferOnlyInDetails"/>) for every decided
/// sentence, so that the full test, and the cosine before it, run only on the few decisions it lets through. The full test
/// lets two sentences through when every word in one and not the other is a detail; so every word of one that is not a
/// detail is in the other (the same word, ignoring case). A sentence's <see cref="Signature"/> has one bit of 64 for each
/// of its words (by a hash of the word, ignoring case) and one for each of its non-detail words; a decided sentence can
/// pass only when the non-detail bits of each are among all the bits of the other (<see cref="MayMatch"/>). Equal words
/// set the same bit, so this never turns down a pair the full test lets through (<c>DecisionWordsTests</c>); two different
/// words may share a bit, so it lets through some the full test turns down. 16 bytes per decision. Immutable.
/// </summary>
internal sealed class DecisionWords(IReadOnlyList<string> texts, NearDuplicates details)
{
    private readonly Signature[] _signatures = [.. texts.Select(t => Signature.Of(NearDuplicates.Words(t), details))];

    /// <summary>The signature of decided sentence <paramref name="row"/>.</summary>
    public ref readonly Signature SignatureOf(int row) => ref _signatures[row];

    /// <summary>
    /// False when the sentence of signature <paramref name="words"/> cannot differ from the decided sentence of signature
    /// <paramref name="row"/> only in details; true when it may (the full test decides).
    /// </summary>
    public static bool MayMatch(in Signature words, in Signature row) => (row.NonDetail & ~words.All) == 0 && (words.NonDetail & ~row.All) == 0;

    /// <summary>Which words a sentence has: one bit of 64 per word (by its hash, ignoring case), for its non-detail words and for all.</summary>
    internal readonly record struct Signature(ulong NonDetail, ulong All)
    {
        /// <summary>The signature of <paramref name="words"/> (<see cref="NearDuplicates.Words"/>).</summary>
        public static Signature Of(string[] words, NearDuplicates details)
        {
            ulong nonDetail = 0, all = 0;
            foreach (var word in words)
            {
                var bit = 1UL << (StringComparer.OrdinalIgnoreCase.GetHashCode(word) & 63);
                all |= bit;
                if (!details.IsDetail(word)) nonDetail |= bit;
            }
            return new Signature(nonDetail, all);
        }
    }
}
