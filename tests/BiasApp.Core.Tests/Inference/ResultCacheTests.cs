using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Inference;

// The size test reads the whole process's managed heap: no other test class may allocate meanwhile.
[Collection(HeapMeasurement.Name)]
public sealed class ResultCacheTests
{
    /// <summary>Scores 0.9 for texts containing "all", else 0.1, and counts the sentences it was asked for.</summary>
    private sealed class CountingClassifier : IStereotypeClassifier
    {
        public int Sentences;
        public ModelCard Card { get; } = new() { Name = "fake", Version = "1.0.0" };
        public bool HasAxisHead => false;

        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref Sentences, texts.Count);
            return texts.Select(t => new Prediction(t.Contains("all", StringComparison.OrdinalIgnoreCase) ? 0.9f : 0.1f, null, 0f)).ToArray();
        }
    }

    private sealed class EchoExplainer : ISentenceExplainer
    {
        public int Calls;
        public string? UnavailableReason(ExplanationMode mode) => null;

        public Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(IReadOnlyList<SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Task.FromResult<IReadOnlyList<SentenceExplanation?>>(sentences
                .Select(s => (SentenceExplanation?)new SentenceExplanation(s.Text, mode, 0.5, 0.5, null, null, null, false, 1)).ToArray());
        }
    }

    private static ResultCache Cache(int sizeLimitMb = 16) => new(Options.Create(new CacheOptions { SizeLimitMb = sizeLimitMb }));

    private static AnalysisService Service(IStereotypeClassifier classifier, ResultCache cache, ISentenceExplainer? explainer = null) =>
        Analysis.Pipeline.Service(new ModelHost(classifier), explainer: explainer, cache: cache);

    [Fact]
    public async Task ARepeatedSentenceIsAnsweredFromTheCacheWithTheSameResult()
    {
        var classifier = new CountingClassifier();
        using var cache = Cache();
        var service = Service(classifier, cache);

        var first = await service.AnalyzeAsync(new AnalysisRequest("All cats are lazy. Dogs bark at night."));
        var second = await service.AnalyzeAsync(new AnalysisRequest("  All   cats  are lazy.  A new one."));

        Assert.Equal(3, classifier.Sentences);
        Assert.Equal(first.Sentences[0].Probability, second.Sentences[0].Probability);
        Assert.Equal(first.Sentences[0].Label, second.Sentences[0].Label);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(3, cache.Misses);
        // Offsets still come from the document at hand, not from the cached one.
        Assert.Equal(2, second.Sentences[0].Start);
    }

    [Fact]
    public async Task ADifferentExplainModeIsADifferentEntry()
    {
        var classifier = new CountingClassifier();
        var explainer = new EchoExplainer();
        using var cache = Cache();
        var service = Service(classifier, cache, explainer);

        await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night."));
        var shap = await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night.", ExplanationMode.Shap));
        var shapAgain = await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night.", ExplanationMode.Shap));
        await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night.", ExplanationMode.Lime));

        Assert.Equal(3, classifier.Sentences);
        Assert.Equal(2, explainer.Calls);
        Assert.Equal(ExplanationMode.Shap, shap.Sentences[0].Explanation!.Mode);
        Assert.Same(shap.Sentences[0].Explanation, shapAgain.Sentences[0].Explanation);
        Assert.NotEqual(ResultCache.Key("m@1", ExplanationMode.None, "x"), ResultCache.Key("m@1", ExplanationMode.Both, "x"));
        Assert.NotEqual(ResultCache.Key("m@1", ExplanationMode.None, "x"), ResultCache.Key("m@2", ExplanationMode.None, "x"));
    }

    [Theory]
    [InlineData("  Dogs\t bark.\n", "Dogs bark.")]
    [InlineData("Cafe\u0301 closes.", "Caf\u00e9 closes.")]
    public void KeysNormaliseWhitespaceAndUnicode(string text, string normalized) =>
        Assert.Equal(normalized, ResultCache.Normalize(text));

    [Fact]
    public void TheCacheStaysWithinItsSizeLimit()
    {
        using var cache = Cache(sizeLimitMb: 1);
        var value = new CachedSentence(new Prediction(0.5f, null, 0f), null);
        var sentence = new string('w', 2000);
        var keys = Enumerable.Range(0, 1000).Select(i => ResultCache.Key("m@1", ExplanationMode.None, $"{i} {sentence}")).ToArray();
        foreach (var key in keys) cache.Set(key, value);

        var entrySize = ResultCache.EstimateSize(keys[0], value);
        Assert.True(entrySize > 4000);
        Assert.InRange(cache.Count, 1, 1024 * 1024 / entrySize);
        Assert.Contains(keys, key => !cache.TryGet(key, out _));
    }

    [Fact]
    public async Task ADisabledCacheAlwaysRunsTheModel()
    {
        var classifier = new CountingClassifier();
        using var cache = new ResultCache(Options.Create(new CacheOptions { Enabled = false }));
        var service = Service(classifier, cache);
        await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night."));
        await service.AnalyzeAsync(new AnalysisRequest("Dogs bark at night."));
        Assert.Equal(2, classifier.Sentences);
    }

    /// <summary>Real explanations (SHAP + LIME over the shipped tokenizer) with a cheap stand-in score.</summary>
    private sealed class HashScorer : IBatchScorer
    {
        public float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken) =>
            sequences.Select(s => (float)((s.Aggregate(17, (h, id) => h * 31 + id) & 1023) / 1023.0)).ToArray();
    }

    [Fact]
    public void TheSizeEstimateMatchesTheBytesEntriesHoldOnTheHeap()
    {
        var encoder = BiasApp.Core.Tokenization.TextEncoder.FromVocabFile(Path.Combine(Classification.ModelFolder.Path, "vocab.txt"));
        var explainer = new SentenceExplainer(new HashScorer(), encoder, 64, new ExplanationOptions { ShapBudget = 64, LimeSamples = 40 });
        var words = "teachers in the north always forget their keys when the weather turns cold and wet again".Split(' ');
        var sentences = Enumerable.Range(0, 300).Select(i => $"Sentence {i}: " + string.Join(' ', words.Take(6 + i % 12)) + ".").ToArray();
        // Once before measuring, so lazily built state (the tokenizer's, the JIT's) is not counted as the cache's.
        using (var warm = Cache(sizeLimitMb: 64)) Fill(warm, explainer, sentences);

        // The heap is shared with whatever else the test host still runs or finalizes, so one reading can be
        // off by a few hundred KB: measure three fresh caches and compare the estimate with the median.
        var readings = new List<(long Held, long Estimated)>();
        for (var i = 0; i < 3; i++)
        {
            using var cache = Cache(sizeLimitMb: 64);
            var before = SettledHeapBytes();
            Fill(cache, explainer, sentences);
            var held = SettledHeapBytes() - before;
            Assert.Equal(sentences.Length, cache.Count);
            readings.Add((held, cache.EstimatedBytes));
        }

        var median = readings.OrderBy(r => r.Held).ElementAt(1);
        Assert.InRange(median.Estimated, median.Held * 0.7, median.Held * 1.5);
    }

    [Fact]
    public void TheSizeEstimateCountsTheSentenceEmbeddingsEntriesKeep()
    {
        var vector = Enumerable.Range(0, 384).Select(i => MathF.Cos(i)).ToArray();
        const int Count = 3000;
        using (var warm = Cache(sizeLimitMb: 64)) FillEmbedded(warm, Count, vector);

        var readings = new List<(long Held, long Estimated)>();
        for (var i = 0; i < 3; i++)
        {
            using var cache = Cache(sizeLimitMb: 64);
            var before = SettledHeapBytes();
            FillEmbedded(cache, Count, vector);
            var held = SettledHeapBytes() - before;
            Assert.Equal(Count, cache.Count);
            readings.Add((held, cache.EstimatedBytes));
        }

        var median = readings.OrderBy(r => r.Held).ElementAt(1);
        Assert.InRange(median.Estimated, median.Held * 0.8, median.Held * 1.25);
        // The codes are most of an entry without an explanation.
        var key = Key(0);
        Assert.True(ResultCache.EstimateSize(key, new CachedSentence(new Prediction(0.5f, null, 0f), null) { Embedding = BiasApp.Core.Decisions.SentenceEmbedding.From(vector) })
            - ResultCache.EstimateSize(key, new CachedSentence(new Prediction(0.5f, null, 0f), null)) >= 384);
    }

    private static string Key(int i) => ResultCache.Key("model@2.0.0", ExplanationMode.None, $"Sentence {i} about the weather today.");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void FillEmbedded(ResultCache cache, int count, float[] vector)
    {
        for (var i = 0; i < count; i++)
            cache.Set(Key(i), new CachedSentence(new Prediction(0.5f, null, 0f), null) { Embedding = BiasApp.Core.Decisions.SentenceEmbedding.From(vector) });
    }

    private static long SettledHeapBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    // Not inlined, so nothing it creates outlives it except what the cache keeps.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Fill(ResultCache cache, SentenceExplainer explainer, IEnumerable<string> sentences)
    {
        foreach (var sentence in sentences)
        {
            var explanation = explainer.Explain(sentence, ExplanationMode.Both);
            cache.Set(ResultCache.Key("model@2.0.0", ExplanationMode.Both, sentence), new CachedSentence(new Prediction(0.7f, "profession", 0.9f), explanation));
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurement
{
    public const string Name = "Heap measurement";
}
