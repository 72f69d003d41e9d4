using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>
/// Runs a base encoder's ONNX graph with ONNX Runtime on the first rows of a token file and writes
/// <c>last_hidden_state</c> as JSON, so the training side can check that its PyTorch copy of the
/// weights reproduces the graph.
/// </summary>
public static class HiddenStatesCommand
{
    public static int Run(CommandLine args)
    {
        var onnx = args.Required("onnx");
        var tokens = args.Required("tokens");
        var output = args.Required("output");
        var count = args.OptionalInt("count", 8);
        if (!File.Exists(onnx)) throw new CliException($"ONNX file not found: {onnx}");
        if (!File.Exists(tokens)) throw new CliException($"token file not found: {tokens}");

        using var session = new InferenceSession(onnx);
        var results = new List<object>();
        foreach (var line in File.ReadLines(tokens).Take(count))
        {
            using var doc = JsonDocument.Parse(line);
            var ids = doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            long[] shape = [1, ids.Length];
            using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape);
            using var types = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, mask, types], ["last_hidden_state"]);
            results.Add(new { ids, hidden = outputs[0].GetTensorDataAsSpan<float>().ToArray() });
        }
        File.WriteAllText(output, JsonSerializer.Serialize(results));
        Console.WriteLine($"hidden-states rows={results.Count} output={output}");
        return 0;
    }
}
