using System.Text.Json;
using BiasApp.Core.Tokenization;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>
/// Writes the token ids of every CSV row as JSON lines for the Python training side, together with the
/// row's other columns, so training and serving share one tokenizer.
/// </summary>
public static class TokenizeCommand
{
    public static int Run(CommandLine args)
    {
        var input = args.Required("input");
        var output = args.Required("output");
        var textColumn = args.Optional("text-column", "text");
        var maxLength = args.OptionalInt("max-length", 64);
        var vocab = args.Optional("vocab", Path.Combine(args.ModelFolder(), "vocab.txt"));
        var encoder = TextEncoder.FromVocabFile(vocab);

        var (header, rows) = CsvInput.Read(input, textColumn);
        var textIndex = Array.IndexOf(header, textColumn);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var writer = new StreamWriter(output);
        foreach (var row in rows)
        {
            var record = new Dictionary<string, object>();
            for (var i = 0; i < header.Length; i++) record[header[i]] = row[i];
            record["ids"] = encoder.Encode(row[textIndex], maxLength);
            writer.WriteLine(JsonSerializer.Serialize(record));
        }
        Console.WriteLine($"tokenized rows={rows.Count} output={output}");
        return 0;
    }
}
