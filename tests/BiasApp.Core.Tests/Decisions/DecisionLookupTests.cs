using System.Diagnostics;
using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using Xunit.Abstractions;

namespace BiasApp.Core.Tests.Decisions;

// How long finding the decision for one sentence takes with 10,000 decisions held (the embedding run itself excluded), and
// what the matcher holds; alone, so that no other test allocates while the heap is measured.
[Collection(Inference.HeapMeasurement.Name)]
public sealed class DecisionLookupTests(ITestOutputHelper output)
{
    private sealed class RandomEmbeddings(bool keep = false) : IStereotypeClassifier
    {
        private readonly Random _random = new(7);
        public ModelCard Card { get; } = new() { Name = "random", Version = "1" };
        public bool HasAxisHead => false;
        public bool HasEmbedding => true;
        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public int Embedded { get; private set; }
        // What it gave for each text, when asked to keep it (not while memory is measured).
        public Dictionary<string, float[]> Given { get; } = [];

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Embedded += texts.Count;
            var vectors = texts.Select(_ => Enumerable.Range(0, 384).Select(_ => (float)_random.NextDouble() - 0.5f).ToArray()).ToArray();
            if (keep) for (var i = 0; i < texts.Count; i++) Given[texts[i]] = (float[])vectors[i].Clone();
            return vectors;
        }
    }

    private const string Query = "Decided sentence number 12345 about some group.";

    [Fact]
    public void LookupAmongTenThousandDecisionsIsMeasured()
    {
        var embeddings = new RandomEmbeddings();
        var decisions = Enumerable.Range(0, 10_000)
            .Select(i => new TeamDecision(i, $"Decided sentence number {i} about some group.", Kinds.None, "lead@example.test", DateTime.UtcNow)).ToArray();
        // The lexicon the word test reads is loaded once per process, not per matcher: before the measurement.
        var details = NearDuplicates.From(BiasApp.Core.Rules.Lexicon.LoadEmbedded());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var matcher = DecisionMatcher.Build(decisions, embeddings, DecisionOptions.DefaultSimilarity, details);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        var queries = embeddings.Embed(Enumerable.Repeat("q", 200).ToArray());
        var times = new double[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            // Its words are every decision's but the number, a detail: the cheap word test lets every decision through to the cosine.
            _ = matcher.MatchExact(Query) ?? matcher.MatchEmbedding(Query, queries[i]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        var p50 = times[times.Length / 2];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"10,000 decisions: lookup p50 {p50:0.000} ms, p95 {times[times.Length * 95 / 100]:0.000} ms; matcher holds {held / 1e6:0.0} MB beside the decisions"));
        // Loose on purpose: tests run as Debug (no JIT optimisation) on a shared machine; bench/BiasApp.Bench decisions gives the Release figure.
        Assert.True(p50 < 50, $"p50 {p50} ms");
        // int8 codes and one float scale per decision; the exact index and the word numbers come on top.
        Assert.Equal(10_000 * (384 + 4L), matcher.EmbeddingBytes);
        Assert.True(held < 6e6, $"matcher holds {held} bytes");
    }

    [Fact]
    public void AReloadEmbedsOnlyTheDecisionsItDidNotHoldAndKeepsTheOthersVectors()
    {
        var embeddings = new RandomEmbeddings(keep: true);
        TeamDecision Decision(int i) => new(i, $"Decided sentence number {i}.", Kinds.None, "lead@example.test", DateTime.UtcNow);
        var first = DecisionMatcher.Build([Decision(1), Decision(2), Decision(3)], embeddings, DecisionOptions.DefaultSimilarity);
        var probe = embeddings.Given["Decided sentence number 2."];
        embeddings = new RandomEmbeddings(keep: true);

        var second = DecisionMatcher.Build([Decision(2), Decision(3), Decision(4)], embeddings, DecisionOptions.DefaultSimilarity, previous: first);

        Assert.Equal(1, embeddings.Embedded);
        Assert.Equal(3, second.Count);
        // The kept vector is the first one: the sentence it was made from still matches itself.
        Assert.Equal(2, second.MatchEmbedding("Decided sentence number 2.", probe)?.Decision.FeedbackId);
    }
}
