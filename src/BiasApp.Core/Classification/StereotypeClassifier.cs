using System.Buffers;
using BiasApp.Core.Explanations;
using BiasApp.Core.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace BiasApp.Core.Classification;

/// <summary>One model output for one text.</summary>
/// <param name="Probability">P(stereotype), 0..1.</param>
/// <param name="Axis">Most likely social-group axis, or null when the model has no axis head.</param>
/// <param name="AxisProbability">Probability of <paramref name="Axis"/>; 0 without an axis head.</param>
/// <param name="Kind">The sentence kind (<see cref="Analysis.Kinds"/>), or null when the model has no kind head.</param>
public readonly record struct Prediction(float Probability, string? Axis, float AxisProbability, string? Kind = null);

/// <summary>
/// The stereotype classifier: one ONNX Runtime session and one tokenizer per process.
/// <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is safe to call concurrently, so one instance serves every request. Register it as a singleton.
/// </summary>
public sealed class StereotypeClassifier : IStereotypeClassifier, IBatchScorer, IDisposable
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    // Frees the arena's unused regions at the end of the run it is passed to (see ReleaseMemory).
    private readonly RunOptions _shrinkOptions;
    private readonly bool _usesArena;
    private readonly string[] _outputNames;
    // The same outputs and the pooled sentence embedding, last.
    private readonly string[] _outputNamesWithEmbedding;
    private readonly int _batchSize;
    private readonly int _parallelRuns;
    private long _runsInFlight;
    private long _inputBytesInFlight;
    private long _runs;
    private long _arenaReleases;

    private readonly MappedInitializers _mapped;

    private StereotypeClassifier(InferenceSession session, MappedInitializers mapped, TextEncoder encoder, ModelCard card, int batchSize, int parallelRuns, bool usesArena)
    {
        _session = session;
        _mapped = mapped;
        _parallelRuns = parallelRuns > 0 ? parallelRuns : Environment.ProcessorCount;
        _usesArena = usesArena;
        _shrinkOptions = new RunOptions();
        _shrinkOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        Encoder = encoder;
        Card = card;
        _batchSize = batchSize;
        HasAxisHead = card.AxisLabels.Length > 0 && session.OutputMetadata.ContainsKey("axis_logits");
        HasKindHead = card.Kinds is { Labels.Length: > 0 } && session.OutputMetadata.ContainsKey("kind_logits");
        Normalises = HasKindHead && card.Kinds!.Normalises;
        HasEmbedding = session.OutputMetadata.TryGetValue("embedding", out var embedding) && embedding.Dimensions.Length == 2;
        EmbeddingSize = HasEmbedding ? embedding!.Dimensions[1] : 0;
        _outputNames = ["logits", .. HasAxisHead ? ["axis_logits"] : Array.Empty<string>(), .. HasKindHead ? ["kind_logits"] : Array.Empty<string>()];
        _outputNamesWithEmbedding = HasEmbedding ? [.. _outputNames, "embedding"] : _outputNames;
    }

    /// <summary>Bytes of the model's lookup tables read from the memory-mapped model file instead of copied into ONNX Runtime's memory.</summary>
    public long MappedBytes => _mapped.Bytes;

    /// <summary>The shipped model card (labels, max length, version).</summary>
    public ModelCard Card { get; }

    /// <summary>The tokenizer the model was trained with.</summary>
    public TextEncoder Encoder { get; }

    /// <summary>True when the model also predicts the social-group axis.</summary>
    public bool HasAxisHead { get; }

    /// <summary>True when the model also predicts the sentence kind (<c>kind_logits</c>, labels in the card's <c>kinds</c>).</summary>
    public bool HasKindHead { get; }

    /// <summary>True when <see cref="Classify"/> passes texts through <see cref="SentenceNormaliser"/> first, as the model was fitted.</summary>
    public bool Normalises { get; }

    /// <summary>True when the model has an <c>embedding</c> output (a pooled sentence embedding, [batch, size]); see <see cref="Embed"/>.</summary>
    public bool HasEmbedding { get; }

    /// <summary>Length of one <see cref="Embed"/> vector; 0 without an embedding output.</summary>
    public int EmbeddingSize { get; }

    /// <summary>Model name and version, e.g. <c>stereotype-minilm@1.0.0</c>.</summary>
    public string ModelId => Card.Id;

    /// <summary>
    /// Loads <c>model.onnx</c>, <c>vocab.txt</c> and <c>model.json</c> from <paramref name="folder"/>.
    /// Throws <see cref="FileNotFoundException"/> for a missing file and <see cref="InvalidDataException"/> for a corrupt model.
    /// </summary>
    public static StereotypeClassifier Load(string folder, ClassifierOptions? options = null) => Load(folder, options, mapTables: true);

    /// <summary>As <see cref="Load(string, ClassifierOptions?)"/>; <paramref name="mapTables"/> false copies every initializer into ONNX Runtime (tests compare the two).</summary>
    internal static StereotypeClassifier Load(string folder, ClassifierOptions? options, bool mapTables)
    {
        options ??= new ClassifierOptions();
        var modelPath = System.IO.Path.Combine(folder, "model.onnx");
        var cardPath = System.IO.Path.Combine(folder, "model.json");
        foreach (var required in new[] { modelPath, cardPath })
        {
            if (!File.Exists(required))
                throw new FileNotFoundException($"Model file not found: {required}", required);
        }
        var card = ModelCard.Load(cardPath);
        var encoder = TextEncoder.FromVocabFile(System.IO.Path.Combine(folder, "vocab.txt"));

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            EnableCpuMemArena = options.UseMemoryArena,
            // Pattern-based buffer reuse across runs keeps per-shape buffers alive; with dynamic shapes it only grows.
            EnableMemoryPattern = false,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0");
        foreach (var (key, value) in options.SessionConfig) sessionOptions.AddSessionConfigEntry(key, value);
        // The word-embedding table is read from the mapped file rather than copied (see MappedInitializers).
        var mapped = mapTables ? MappedInitializers.AddTo(sessionOptions, modelPath) : MappedInitializers.None;
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            mapped.Dispose();
            throw new InvalidDataException($"Model file is not a valid ONNX model: {modelPath} ({ex.Message})", ex);
        }
        if (!session.OutputMetadata.ContainsKey("logits"))
        {
            session.Dispose();
            mapped.Dispose();
            throw new InvalidDataException($"Model has no 'logits' output: {modelPath}");
        }
        if (card.Kinds is { } kinds && session.OutputMetadata.TryGetValue("kind_logits", out var kindOutput)
            && (kindOutput.Dimensions[^1] != kinds.Labels.Length || !kinds.Labels.All(Analysis.Kinds.IsKnown)))
        {
            session.Dispose();
            mapped.Dispose();
            throw new InvalidDataException(
                $"Model card's kinds ({string.Join(", ", kinds.Labels)}) do not match the 'kind_logits' output or are not {string.Join(", ", Analysis.Kinds.All)}: {modelPath}");
        }
        return new StereotypeClassifier(session, mapped, encoder, card, options.BatchSize, options.ParallelRuns, options.UseMemoryArena);
    }

    /// <summary>
    /// What the classifier holds for work in progress: model runs executing now and the bytes of their input
    /// tensors (pooled buffers rented for a run and returned when it ends). Both are zero when it is idle.
    /// </summary>
    public ClassifierAccounting Accounting => new(
        Interlocked.Read(ref _runsInFlight), Interlocked.Read(ref _inputBytesInFlight), Interlocked.Read(ref _runs), Interlocked.Read(ref _arenaReleases));

    /// <summary>
    /// Hands the ONNX Runtime arena's unused memory back to the allocator: one one-token run with the run option
    /// <c>memory.enable_memory_arena_shrinkage</c>, which at the end of that run frees every arena region not in use.
    /// Large batch shapes grow the arena; without this it keeps that size for the life of the process. Runs that are
    /// in progress keep their memory. A no-op when the arena is off. Safe to call at any time.
    /// </summary>
    public void ReleaseMemory()
    {
        if (!_usesArena) return;
        RunBatch([[Encoder.ClsId, Encoder.SepId]], [0], new Prediction[1], null, _shrinkOptions);
        Interlocked.Increment(ref _arenaReleases);
    }

    /// <summary>
    /// Classifies texts (normalised when <see cref="Normalises"/>, tokenized and truncated to the card's max length), in batches.
    /// </summary>
    public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        Run(Encode(texts), null, cancellationToken);

    /// <summary>
    /// As <see cref="Classify"/>, with each text's pooled sentence embedding (<see cref="EmbeddingSize"/> floats) read from the
    /// same model runs. Throws <see cref="InvalidOperationException"/> when the model has none (<see cref="HasEmbedding"/>).
    /// </summary>
    public (Prediction[] Predictions, float[][] Embeddings) ClassifyAndEmbed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!HasEmbedding) throw new InvalidOperationException($"Model {ModelId} has no 'embedding' output.");
        var embeddings = new float[texts.Count][];
        return (Run(Encode(texts), embeddings, cancellationToken), embeddings);
    }

    /// <summary>
    /// The model's pooled sentence embedding of each text (normalised when <see cref="Normalises"/>, as for <see cref="Classify"/>),
    /// in input order, each of <see cref="EmbeddingSize"/> floats. Throws <see cref="InvalidOperationException"/> when the
    /// model has none (<see cref="HasEmbedding"/>).
    /// </summary>
    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
        ClassifyAndEmbed(texts, cancellationToken).Embeddings;

    private int[][] Encode(IReadOnlyList<string> texts)
    {
        var ids = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
            ids[i] = Encoder.Encode(Normalises ? SentenceNormaliser.Normalise(texts[i]) : texts[i], Card.MaxLength);
        return ids;
    }

    /// <summary>
    /// Classifies already-encoded sequences (each starting with [CLS] and ending with [SEP]).
    /// Sequences are grouped by length so padding stays small; results come back in input order.
    /// </summary>
    public Prediction[] ClassifyIds(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default) =>
        Run(sequences, null, cancellationToken);

    // With embeddings given, every run also asks for the embedding output and fills it in input order.
    private Prediction[] Run(IReadOnlyList<int[]> sequences, float[][]? embeddings, CancellationToken cancellationToken)
    {
        var results = new Prediction[sequences.Count];
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        var batches = (order.Length + _batchSize - 1) / _batchSize;
        if (batches <= 1 || _parallelRuns <= 1)
        {
            for (var b = 0; b < batches; b++) RunBatchAt(sequences, order, b, results, embeddings, cancellationToken);
            return results;
        }
        // Several runs at once over the sorted batches (see ClassifierOptions.ParallelRuns); results land in place.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _parallelRuns, CancellationToken = cancellationToken };
        try
        {
            Parallel.For(0, batches, parallel, b => RunBatchAt(sequences, order, b, results, embeddings, cancellationToken));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // Callers see what one run threw, as they would without parallel runs; a failure wins over a cancellation.
            var first = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        }
        return results;
    }

    private void RunBatchAt(IReadOnlyList<int[]> sequences, int[] order, int batch, Prediction[] results, float[][]? embeddings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var start = batch * _batchSize;
        RunBatch(sequences, order.AsSpan(start, Math.Min(_batchSize, order.Length - start)), results, embeddings, _runOptions);
        Interlocked.Increment(ref _runs);
    }

    /// <summary>P(stereotype) of each encoded sequence, for the explainers; see <see cref="ClassifyIds"/>.</summary>
    public float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        var predictions = ClassifyIds(sequences, cancellationToken);
        var scores = new float[predictions.Length];
        for (var i = 0; i < scores.Length; i++) scores[i] = predictions[i].Probability;
        return scores;
    }

    private void RunBatch(IReadOnlyList<int[]> sequences, ReadOnlySpan<int> indices, Prediction[] results, float[][]? embeddings, RunOptions runOptions)
    {
        var batch = indices.Length;
        var width = 0;
        foreach (var i in indices) width = Math.Max(width, sequences[i].Length);

        // Input buffers come from the shared pool: a batch needs three batch x width arrays, every run.
        var size = batch * width;
        var inputIds = ArrayPool<long>.Shared.Rent(size);
        var mask = ArrayPool<long>.Shared.Rent(size);
        var types = ArrayPool<long>.Shared.Rent(size);
        var bytes = 3L * size * sizeof(long);
        Interlocked.Increment(ref _runsInFlight);
        Interlocked.Add(ref _inputBytesInFlight, bytes);
        try
        {
            Array.Clear(mask, 0, size);
            Array.Clear(types, 0, size);
            for (var row = 0; row < batch; row++)
            {
                var seq = sequences[indices[row]];
                var offset = row * width;
                for (var t = 0; t < seq.Length; t++)
                {
                    inputIds[offset + t] = seq[t];
                    mask[offset + t] = 1;
                }
                for (var t = seq.Length; t < width; t++) inputIds[offset + t] = Encoder.PadId;
            }
            RunAndRead(inputIds.AsMemory(0, size), mask.AsMemory(0, size), types.AsMemory(0, size), batch, width, indices, results, embeddings, runOptions);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
            Interlocked.Add(ref _inputBytesInFlight, -bytes);
            Interlocked.Decrement(ref _runsInFlight);
        }
    }

    private void RunAndRead(Memory<long> inputIds, Memory<long> mask, Memory<long> types, int batch, int width,
        ReadOnlySpan<int> indices, Prediction[] results, float[][]? embeddings, RunOptions runOptions)
    {
        long[] shape = [batch, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types, shape);
        using var outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], embeddings is null ? _outputNames : _outputNamesWithEmbedding);

        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var axisLogits = HasAxisHead ? outputs[1].GetTensorDataAsSpan<float>() : default;
        var kindLogits = HasKindHead ? outputs[HasAxisHead ? 2 : 1].GetTensorDataAsSpan<float>() : default;
        var axisCount = Card.AxisLabels.Length;
        var kindLabels = Card.Kinds?.Labels ?? [];
        for (var row = 0; row < batch; row++)
        {
            var probability = Softmax2(logits[row * 2], logits[row * 2 + 1]);
            string? axis = null;
            var axisProbability = 0f;
            if (HasAxisHead)
            {
                var slice = axisLogits.Slice(row * axisCount, axisCount);
                var best = 0;
                for (var a = 1; a < axisCount; a++) if (slice[a] > slice[best]) best = a;
                var max = slice[best];
                var sum = 0.0;
                for (var a = 0; a < axisCount; a++) sum += Math.Exp(slice[a] - max);
                axis = Card.AxisLabels[best];
                axisProbability = (float)(1.0 / sum);
            }
            string? kind = null;
            if (HasKindHead)
            {
                var slice = kindLogits.Slice(row * kindLabels.Length, kindLabels.Length);
                var best = 0;
                for (var k = 1; k < slice.Length; k++) if (slice[k] > slice[best]) best = k;
                kind = kindLabels[best];
            }
            results[indices[row]] = new Prediction(probability, axis, axisProbability, kind);
        }
        if (embeddings is null) return;
        var pooled = outputs[^1].GetTensorDataAsSpan<float>();
        for (var row = 0; row < batch; row++) embeddings[indices[row]] = pooled.Slice(row * EmbeddingSize, EmbeddingSize).ToArray();
    }

    private static float Softmax2(float notStereotype, float stereotype) =>
        (float)(1.0 / (1.0 + Math.Exp(notStereotype - stereotype)));

    public void Dispose()
    {
        _session.Dispose();
        _mapped.Dispose();
        _runOptions.Dispose();
        _shrinkOptions.Dispose();
    }
}

/// <summary>The classifier's own accounting of work in progress; see <see cref="StereotypeClassifier.Accounting"/>.</summary>
/// <param name="RunsInFlight">Model runs executing now.</param>
/// <param name="InputBytesInFlight">Bytes of input tensors held by those runs.</param>
/// <param name="Runs">Model runs for callers finished since load (not counting <see cref="StereotypeClassifier.ReleaseMemory"/>'s own).</param>
/// <param name="ArenaReleases">Times <see cref="StereotypeClassifier.ReleaseMemory"/> handed the arena's unused memory back.</param>
public readonly record struct ClassifierAccounting(long RunsInFlight, long InputBytesInFlight, long Runs, long ArenaReleases);
