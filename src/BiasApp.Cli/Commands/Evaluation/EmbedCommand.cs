using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using BiasApp.Core.Classification;
using BiasApp.Core.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>
/// Writes the mean-pooled sentence embedding of every CSV row, with the model's other outputs, as a float32
/// matrix for the training side (heads fitted on a frozen encoder). The model must have an <c>embedding</c>
/// output [batch, dim] (training/kinds/expose_embedding.py adds it to the shipped graph).
/// <para>
/// <c>FILE.f32</c>: rows x columns little-endian float32, row-major, rows in input order. Columns: the embedding,
/// then <c>probability</c> (softmax of <c>logits</c>, P(stereotype)), then every other float output of the graph
/// (e.g. <c>target_logits</c>) in graph order. <c>FILE.f32.json</c> names the layout. With <c>--normalise</c> each text
/// is passed through <see cref="SentenceNormaliser"/> first (as model 3.0.0's kind heads expect) and the normalised
/// texts are written to <c>FILE.f32.texts.jsonl</c>.
/// </para>
/// </summary>
public static class EmbedCommand
{
    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var output = args.Required("output");
        var textColumn = args.Optional("text-column", "text");
        var batchSize = args.OptionalInt("batch-size", 32);
        var folder = args.ModelFolder();
        var modelPath = Path.Combine(folder, "model.onnx");
        if (!File.Exists(modelPath)) throw new CliException($"model file not found: {modelPath}");
        var card = ModelCard.Load(Path.Combine(folder, "model.json"));
        var encoder = TextEncoder.FromVocabFile(Path.Combine(folder, "vocab.txt"));

        var (header, rows) = CsvInput.Read(input, textColumn);
        var textIndex = Array.IndexOf(header, textColumn);
        // --normalise: the text as the kind heads see it (SentenceNormaliser); the texts go to FILE.f32.texts.jsonl.
        var normalise = args.Flag("normalise");
        var texts = rows.Select(r => normalise ? SentenceNormaliser.Normalise(r[textIndex]) : r[textIndex]).ToArray();
        var ids = texts.Select(t => encoder.Encode(t, card.MaxLength)).ToArray();

        using var options = new SessionOptions { IntraOpNumThreads = args.OptionalInt("threads", 0), InterOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        if (!session.OutputMetadata.TryGetValue("embedding", out var embeddingMeta))
            throw new CliException($"model has no 'embedding' output: {modelPath} (run training/kinds/expose_embedding.py)");
        var dim = (int)embeddingMeta.Dimensions[^1];
        // Extra outputs: every float output with a fixed last dimension, logits first.
        var extras = session.OutputMetadata
            .Where(o => o.Key != "embedding" && o.Value.ElementType == typeof(float) && o.Value.Dimensions.Length == 2 && o.Value.Dimensions[1] > 0)
            .Select(o => (Name: o.Key, Width: (int)o.Value.Dimensions[1]))
            .OrderBy(o => o.Name == "logits" ? 0 : 1)
            .ToArray();
        var hasLogits = extras.Any(e => e.Name == "logits");
        var width = dim + (hasLogits ? 1 : 0) + extras.Sum(e => e.Width);
        string[] outputNames = ["embedding", .. extras.Select(e => e.Name)];

        var matrix = new float[rows.Count * width];
        var order = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ToArray();
        using var runOptions = new RunOptions();
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var batch = order.AsSpan(start, Math.Min(batchSize, order.Length - start)).ToArray();
            var len = batch.Max(i => ids[i].Length);
            var tokens = new long[batch.Length * len];
            var mask = new long[batch.Length * len];
            var types = new long[batch.Length * len];
            for (var r = 0; r < batch.Length; r++)
            {
                var seq = ids[batch[r]];
                for (var t = 0; t < len; t++)
                {
                    tokens[r * len + t] = t < seq.Length ? seq[t] : encoder.PadId;
                    mask[r * len + t] = t < seq.Length ? 1 : 0;
                }
            }
            long[] shape = [batch.Length, len];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(tokens, shape);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
            using var typesValue = OrtValue.CreateTensorValueFromMemory(types, shape);
            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], outputNames);
            var embedding = outputs[0].GetTensorDataAsSpan<float>();
            for (var r = 0; r < batch.Length; r++)
            {
                var row = matrix.AsSpan(batch[r] * width, width);
                embedding.Slice(r * dim, dim).CopyTo(row);
                var column = dim;
                for (var e = 0; e < extras.Length; e++)
                {
                    var values = outputs[e + 1].GetTensorDataAsSpan<float>().Slice(r * extras[e].Width, extras[e].Width);
                    if (extras[e].Name == "logits")
                        row[column++] = (float)(1.0 / (1.0 + Math.Exp(values[0] - values[1])));
                    values.CopyTo(row[column..]);
                    column += extras[e].Width;
                }
            }
        }
        watch.Stop();

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var bytes = new byte[matrix.Length * sizeof(float)];
        for (var i = 0; i < matrix.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), matrix[i]);
        File.WriteAllBytes(output, bytes);
        var columns = new List<object> { new { name = "embedding", offset = 0, width = dim } };
        var offset = dim;
        foreach (var (name, w) in extras)
        {
            if (name == "logits") columns.Add(new { name = "probability", offset = offset++, width = 1 });
            columns.Add(new { name, offset, width = w });
            offset += w;
        }
        File.WriteAllText(output + ".json", JsonSerializer.Serialize(new { rows = rows.Count, width, model = card.Id, normalised = normalise, columns }));
        if (normalise) File.WriteAllLines(output + ".texts.jsonl", texts.Select(t => JsonSerializer.Serialize(t)));
        Console.WriteLine($"embed rows={rows.Count} width={width} seconds={watch.Elapsed.TotalSeconds:F1} sentences_per_second={rows.Count / Math.Max(watch.Elapsed.TotalSeconds, 1e-9):F1} output={output}");
        return 0;
    }
}
