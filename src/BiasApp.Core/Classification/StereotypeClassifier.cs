using BiasApp.Core.Explanations;
using BiasApp.Core.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace BiasApp.Core.Classification;

/// <summary>One model output for one text.</summary>
/// <param name="Probability">P(stereotype), 0..1.</param>
/// <param name="Axis">Most likely social-group axis, or null when the model has no axis head.</param>
/// <param name="AxisProbability">Probability of <paramref name="Axis"/>; 0 without an axis head.</param>
public readonly record struct Prediction(float Probability, string? Axis, float AxisProbability);

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
    private readonly string[] _outputNames;
    private readonly int _batchSize;

    private StereotypeClassifier(InferenceSession session, TextEncoder encoder, ModelCard card, int batchSize)
    {
        _session = session;
        Encoder = encoder;
        Card = card;
        _batchSize = batchSize;
        HasAxisHead = card.AxisLabels.Length > 0 && session.OutputMetadata.ContainsKey("axis_logits");
        _outputNames = HasAxisHead ? ["logits", "axis_logits"] : ["logits"];
    }

    /// <summary>The shipped model card (labels, max length, version).</summary>
    public ModelCard Card { get; }

    /// <summary>The tokenizer the model was trained with.</summary>
    public TextEncoder Encoder { get; }

    /// <summary>True when the model also predicts the social-group axis.</summary>
    public bool HasAxisHead { get; }

    /// <summary>Model name and version, e.g. <c>stereotype-minilm@1.0.0</c>.</summary>
    public string ModelId => Card.Id;

    /// <summary>
    /// Loads <c>model.onnx</c>, <c>vocab.txt</c> and <c>model.json</c> from <paramref name="folder"/>.
    /// Throws <see cref="FileNotFoundException"/> for a missing file and <see cref="InvalidDataException"/> for a corrupt model.
    /// </summary>
    public static StereotypeClassifier Load(string folder, ClassifierOptions? options = null)
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
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"Model file is not a valid ONNX model: {modelPath} ({ex.Message})", ex);
        }
        if (!session.OutputMetadata.ContainsKey("logits"))
        {
            session.Dispose();
            throw new InvalidDataException($"Model has no 'logits' output: {modelPath}");
        }
        return new StereotypeClassifier(session, encoder, card, options.BatchSize);
    }

    /// <summary>Classifies texts (tokenized and truncated to the card's max length), in batches.</summary>
    public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        var ids = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++) ids[i] = Encoder.Encode(texts[i], Card.MaxLength);
        return ClassifyIds(ids, cancellationToken);
    }

    /// <summary>
    /// Classifies already-encoded sequences (each starting with [CLS] and ending with [SEP]).
    /// Sequences are grouped by length so padding stays small; results come back in input order.
    /// </summary>
    public Prediction[] ClassifyIds(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        var results = new Prediction[sequences.Count];
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(_batchSize, order.Length - start);
            RunBatch(sequences, order.AsSpan(start, count), results);
        }
        return results;
    }

    /// <summary>P(stereotype) of each encoded sequence, for the explainers; see <see cref="ClassifyIds"/>.</summary>
    public float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken = default)
    {
        var predictions = ClassifyIds(sequences, cancellationToken);
        var scores = new float[predictions.Length];
        for (var i = 0; i < scores.Length; i++) scores[i] = predictions[i].Probability;
        return scores;
    }

    private void RunBatch(IReadOnlyList<int[]> sequences, ReadOnlySpan<int> indices, Prediction[] results)
    {
        var batch = indices.Length;
        var width = 0;
        foreach (var i in indices) width = Math.Max(width, sequences[i].Length);

        var inputIds = new long[batch * width];
        var mask = new long[batch * width];
        var types = new long[batch * width];
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

        long[] shape = [batch, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
        using var outputs = _session.Run(_runOptions, InputNames, [idsValue, maskValue, typesValue], _outputNames);

        var logits = outputs[0].GetTensorDataAsSpan<float>();
        var axisLogits = HasAxisHead ? outputs[1].GetTensorDataAsSpan<float>() : default;
        var axisCount = Card.AxisLabels.Length;
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
            results[indices[row]] = new Prediction(probability, axis, axisProbability);
        }
    }

    private static float Softmax2(float notStereotype, float stereotype) =>
        (float)(1.0 / (1.0 + Math.Exp(notStereotype - stereotype)));

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
