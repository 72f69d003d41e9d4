using BiasApp.Core.Classification;

namespace BiasApp.Core.Decisions;

/// <summary>
/// The team decisions with their sentence embeddings, for finding the decision that applies to a sentence. A sentence whose
/// normalised text (<see cref="SentenceNormaliser"/>, case-folded) is a decided one's takes that decision with similarity 1,
/// without the model; otherwise the decided sentence with the highest cosine similarity of the model's embeddings applies
/// when that similarity is at least <see cref="Threshold"/> and the two differ only in numbers, names and places
/// (<see cref="NearDuplicates"/>). The decisions are held by column (<see cref="DecisionRecords"/>), the embeddings as int8
/// codes (<see cref="EmbeddingTable"/>), the exact index as hashes and the cheap part of the word test as 16 bytes per
/// decision (<see cref="DecisionWords"/>), so 10,000 decisions of about 70 characters take about 5 MB, 3.9 MB of it the
/// codes. Immutable, so safe to share across threads; a change of decisions builds a new one.
/// </summary>
public sealed class DecisionMatcher
{
    // Decided sentences embedded per model call while building: bounds the float vectors held at once.
    private const int EmbedChunk = 256;

    private readonly DecisionRecords _decisions;
    // The exact index: hashes of the decisions' keys (see Key), sorted, with the decision each came from. A hash match is
    // checked against the decision's own key, so a collision never matches a different sentence.
    private readonly int[] _keyHashes;
    private readonly int[] _keyRows;
    // One row per decision; empty when there is no model to embed with.
    private readonly EmbeddingTable _embeddings;
    // The cheap part of the near-duplicate word test for each decided sentence; null when only exact matches apply.
    private readonly DecisionWords? _words;
    private readonly NearDuplicates _details;

    private DecisionMatcher(TeamDecision[] decisions, EmbeddingTable embeddings, double threshold, NearDuplicates details)
    {
        _decisions = new DecisionRecords(decisions);
        _details = details;
        _embeddings = embeddings;
        _words = embeddings.Count > 0 ? new DecisionWords([.. decisions.Select(d => d.Text)], details) : null;
        Threshold = threshold;
        _keyHashes = new int[decisions.Length];
        _keyRows = new int[decisions.Length];
        for (var i = 0; i < decisions.Length; i++)
        {
            _keyHashes[i] = KeyHash(Key(decisions[i].Text));
            _keyRows[i] = i;
        }
        Array.Sort(_keyHashes, _keyRows);
    }

    /// <summary>No decisions.</summary>
    public static DecisionMatcher Empty { get; } = new([], EmbeddingTable.Empty, DecisionOptions.DefaultSimilarity, new NearDuplicates(new HashSet<string>()));

    /// <summary>
    /// Holds <paramref name="decisions"/> (oldest first), embedded with <paramref name="classifier"/>; with no classifier,
    /// or one without an embedding, only exact (normalised) matches apply. <paramref name="details"/> says which words a
    /// near-duplicate may change (default: the embedded lexicon's group words are not among them). Sentences that
    /// <paramref name="previous"/> already holds (the same text) keep their embedding, so a reload after one change runs the
    /// model only on the new decisions.
    /// </summary>
    public static DecisionMatcher Build(IReadOnlyList<TeamDecision> decisions, IStereotypeClassifier? classifier, double threshold,
        NearDuplicates? details = null, CancellationToken cancellationToken = default, DecisionMatcher? previous = null)
    {
        details ??= DefaultDetails.Value;
        var array = decisions.ToArray();
        if (array.Length == 0 || classifier is not { HasEmbedding: true })
            return new DecisionMatcher(array, EmbeddingTable.Empty, threshold, details);
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        if (previous is { MatchesNearDuplicates: true })
            for (var i = 0; i < previous._decisions.Count; i++) known.TryAdd(previous._decisions.Text(i), i);
        var missing = Enumerable.Range(0, array.Length).Where(i => !known.ContainsKey(array[i].Text)).ToArray();
        EmbeddingTable? table = missing.Length == 0 ? new EmbeddingTable(array.Length, previous!._embeddings.Size) : null;
        for (var start = 0; start < missing.Length; start += EmbedChunk)
        {
            var chunk = missing.AsSpan(start, Math.Min(EmbedChunk, missing.Length - start)).ToArray();
            var vectors = classifier.Embed(chunk.Select(i => array[i].Text).ToArray(), cancellationToken);
            table ??= new EmbeddingTable(array.Length, vectors[0].Length);
            for (var j = 0; j < chunk.Length; j++) table.Set(chunk[j], vectors[j]);
        }
        for (var i = 0; i < array.Length; i++)
            if (known.TryGetValue(array[i].Text, out var p))
                table!.Copy(i, previous!._embeddings, p);
        return new DecisionMatcher(array, table!, threshold, details);
    }

    private static readonly Lazy<NearDuplicates> DefaultDetails = new(() => NearDuplicates.From(Rules.Lexicon.LoadEmbedded()));

    /// <summary>Decisions held.</summary>
    public int Count => _decisions.Count;

    /// <summary>True when near-duplicates (not only the same normalised text) can be matched.</summary>
    public bool MatchesNearDuplicates => _embeddings.Count > 0;

    /// <summary>Least cosine similarity at which a decision applies.</summary>
    public double Threshold { get; }

    /// <summary>Bytes the embeddings take (int8 codes and one scale per decision).</summary>
    public long EmbeddingBytes => _embeddings.Bytes;

    /// <summary>The decision on <paramref name="text"/>'s normalised text (the latest, when several are), or null.</summary>
    public DecisionMatch? MatchExact(string text)
    {
        if (_decisions.Count == 0) return null;
        var key = Key(text);
        var hash = KeyHash(key);
        var at = Array.BinarySearch(_keyHashes, hash);
        if (at < 0) return null;
        while (at > 0 && _keyHashes[at - 1] == hash) at--;
        var best = -1;
        for (; at < _keyHashes.Length && _keyHashes[at] == hash; at++)
            if (_keyRows[at] > best && Key(_decisions.Text(_keyRows[at])) == key) best = _keyRows[at];
        return best >= 0 ? new DecisionMatch(_decisions[best], 1f) : null;
    }

    /// <summary>
    /// The decision closest to <paramref name="text"/>, whose model embedding (not yet normed) is <paramref name="embedding"/>,
    /// among those at or above <see cref="Threshold"/> that differ from it only in details; null when there is none.
    /// </summary>
    public DecisionMatch? MatchEmbedding(string text, float[] embedding) => MatchEmbedding(text, SentenceEmbedding.From(embedding));

    /// <summary>As <see cref="MatchEmbedding(string, float[])"/>, with the embedding already in int8 codes.</summary>
    public DecisionMatch? MatchEmbedding(string text, SentenceEmbedding embedding)
    {
        if (_words is null) return null;
        // The word test's cheap part first (DecisionWords): it rules out most decisions before their cosine is computed.
        var words = NearDuplicates.Words(text);
        var signature = DecisionWords.Signature.Of(words, _details);
        var candidates = _embeddings.Above(embedding, Threshold, row => DecisionWords.MayMatch(signature, _words.SignatureOf(row)));
        if (candidates.Count == 0) return null;
        // Closest first (the oldest among equals); the full word test runs only until one passes.
        candidates.Sort((a, b) => a.Similarity != b.Similarity ? b.Similarity.CompareTo(a.Similarity) : a.Row.CompareTo(b.Row));
        foreach (var (row, similarity) in candidates)
            if (_details.DifferOnlyInDetails(words, NearDuplicates.Words(_decisions.Text(row))))
                return new DecisionMatch(_decisions[row], Math.Min(1f, similarity));
        return null;
    }

    /// <summary>
    /// The decision for each of <paramref name="texts"/> (null where none applies): exact matches first; the rest embedded
    /// in one call to <paramref name="classifier"/> when near-duplicates can be matched.
    /// </summary>
    public DecisionMatch?[] Match(IReadOnlyList<string> texts, IStereotypeClassifier? classifier, CancellationToken cancellationToken = default)
    {
        var matches = new DecisionMatch?[texts.Count];
        if (Count == 0) return matches;
        var rest = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            matches[i] = MatchExact(texts[i]);
            if (matches[i] is null) rest.Add(i);
        }
        if (rest.Count == 0 || !MatchesNearDuplicates || classifier is not { HasEmbedding: true }) return matches;
        var vectors = classifier.Embed(rest.Select(i => texts[i]).ToArray(), cancellationToken);
        for (var j = 0; j < rest.Count; j++) matches[rest[j]] = MatchEmbedding(texts[rest[j]], vectors[j]);
        return matches;
    }

    /// <summary>Cosine similarity of two embeddings, in float32.</summary>
    public static float Cosine(float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0f : (float)(dot / Math.Sqrt(aa * bb));
    }

    private static string Key(string text) => SentenceNormaliser.Normalise(text).ToLowerInvariant();

    private static int KeyHash(string key) => StringComparer.Ordinal.GetHashCode(key);
}
