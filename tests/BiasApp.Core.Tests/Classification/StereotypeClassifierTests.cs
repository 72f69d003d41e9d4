using BiasApp.Core.Classification;

namespace BiasApp.Core.Tests.Classification;

// The committed model may be a placeholder: these tests check behaviour, never exact scores.
public sealed class StereotypeClassifierTests : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    public sealed class LoadedModel : IDisposable
    {
        public StereotypeClassifier Classifier { get; } = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions { BatchSize = 4 });
        public void Dispose() => Classifier.Dispose();
    }

    private static readonly string[] Texts =
    [
        "All nurses are women.",
        "The meeting starts at nine tomorrow morning in the main hall.",
        "Old people can't use computers.",
        "It rained.",
        "Muslims are all the same, they never change and they never will, no matter what anyone says to them.",
        "I bought bread.",
    ];

    private readonly StereotypeClassifier _classifier;

    public StereotypeClassifierTests(LoadedModel model) => _classifier = model.Classifier;

    [Fact]
    public void ProbabilitiesAreWithinZeroAndOne()
    {
        var predictions = _classifier.Classify(Texts);
        Assert.Equal(Texts.Length, predictions.Length);
        Assert.All(predictions, p =>
        {
            Assert.InRange(p.Probability, 0f, 1f);
            Assert.False(float.IsNaN(p.Probability));
        });
    }

    [Fact]
    public void BatchResultsMatchOneByOneResultsInInputOrder()
    {
        // BatchSize 4 over 6 texts of different lengths exercises padding, length grouping and reordering.
        // The int8 model quantizes activations per token row (MatMulNBits, accuracy level 4), so a sentence's
        // neighbours cannot move its score; only float summation order over padded lengths may differ.
        var batched = _classifier.Classify(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            var single = _classifier.Classify([Texts[i]])[0];
            Assert.InRange(batched[i].Probability, single.Probability - 1e-3f, single.Probability + 1e-3f);
            Assert.Equal(single.Probability >= 0.5f, batched[i].Probability >= 0.5f);
        }
    }

    [Fact]
    public async Task AccountingReturnsToIdleAfterConcurrentLargeRunsAndArenaReleasesKeepResults()
    {
        using var classifier = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions { BatchSize = 32 });
        // Every padded shape up to the 64-token limit: sentences of 1 to 80 words.
        var texts = Enumerable.Range(1, 80).Select(n => "Nurses " + string.Join(" ", Enumerable.Repeat("always", n)) + ".").ToArray();
        var before = classifier.Classify(texts);
        var runsBefore = classifier.Accounting.Runs;

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => classifier.Classify(texts))));
        var idle = classifier.Accounting;
        Assert.Equal((0L, 0L), (idle.RunsInFlight, idle.InputBytesInFlight));
        Assert.Equal(runsBefore + 4 * 3, idle.Runs); // 80 texts in batches of 32: three runs per call

        classifier.ReleaseMemory();
        var released = classifier.Accounting;
        Assert.Equal(1, released.ArenaReleases);
        Assert.Equal(idle.Runs, released.Runs); // the release's own run is not counted as work
        Assert.Equal((0L, 0L), (released.RunsInFlight, released.InputBytesInFlight));
        var after = classifier.Classify(texts);
        for (var i = 0; i < texts.Length; i++) Assert.Equal(before[i].Probability, after[i].Probability, 1e-5f);
    }

    [Fact]
    public void ParallelRunsGiveTheSequentialResultsAndACancelledCallThrowsOperationCanceled()
    {
        using var sequential = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions { BatchSize = 2, ParallelRuns = 1 });
        using var parallel = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions { BatchSize = 2, ParallelRuns = 4 });
        var texts = Enumerable.Range(0, 40).Select(i => Texts[i % Texts.Length] + new string('!', i % 5)).ToArray();

        var one = sequential.Classify(texts);
        var many = parallel.Classify(texts);
        for (var i = 0; i < texts.Length; i++) Assert.Equal(one[i].Probability, many[i].Probability, 1e-5f);
        Assert.Equal(20, parallel.Accounting.Runs);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => parallel.Classify(texts, cancelled.Token));
        Assert.Equal((0L, 0L), (parallel.Accounting.RunsInFlight, parallel.Accounting.InputBytesInFlight));
    }

    [Fact]
    public void ReorderingABatchReordersItsResultsExactly()
    {
        using var wide = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions { BatchSize = 32 });
        var forward = wide.Classify(Texts);
        var backward = wide.Classify(Texts.Reverse().ToArray());
        Assert.Equal(forward.Select(p => p.Probability), backward.Reverse().Select(p => p.Probability));
    }

    [Fact]
    public void IdenticalTextsInOneBatchGetIdenticalResults()
    {
        var predictions = _classifier.Classify(["Old people can't use computers.", "Old people can't use computers."]);
        Assert.Equal(predictions[0], predictions[1]);
    }

    [Fact]
    public void AxisIsReportedOnlyWithAnAxisHead()
    {
        var prediction = _classifier.Classify(["Boys are loud."])[0];
        if (_classifier.HasAxisHead)
        {
            Assert.Contains(prediction.Axis, _classifier.Card.AxisLabels);
            Assert.InRange(prediction.AxisProbability, 1f / _classifier.Card.AxisLabels.Length - 1e-4f, 1f);
        }
        else
        {
            Assert.Null(prediction.Axis);
        }
    }

    [Fact]
    public void EmptyInputGivesNoPredictions() => Assert.Empty(_classifier.Classify([]));

    [Fact]
    public void CancelledTokenStopsClassification()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => _classifier.Classify(Texts, cancelled.Token));
    }

    [Fact]
    public void MissingModelFileThrowsFileNotFound()
    {
        var folder = ModelFolder.CopyToTemp();
        try
        {
            File.Delete(Path.Combine(folder, "model.onnx"));
            var ex = Assert.Throws<FileNotFoundException>(() => StereotypeClassifier.Load(folder));
            Assert.EndsWith("model.onnx", ex.FileName);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void CorruptModelFileThrowsInvalidData()
    {
        var folder = ModelFolder.CopyToTemp();
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [0x08, 0x07, 0x12, 0xFF, 0x00, 0x13, 0x37]);
            Assert.Throws<InvalidDataException>(() => StereotypeClassifier.Load(folder));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
