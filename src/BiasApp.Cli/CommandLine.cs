namespace BiasApp.Cli;

/// <summary>An expected failure (bad argument, missing file or column) reported as one line, exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>The parsed command line: a command, <c>--name value</c> options and <c>--flag</c> switches.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    public string Command { get; private init; } = "";
    public IReadOnlyList<string> Positional { get; private init; } = [];

    public static CommandLine Parse(string[] args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = args[i][2..];
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options[name] = hasValue ? args[++i] : null;
            }
            else positional.Add(args[i]);
        }
        var line = new CommandLine { Command = positional.FirstOrDefault() ?? "", Positional = positional.Skip(1).ToList() };
        foreach (var (name, value) in options) line._options[name] = value;
        return line;
    }

    public string Required(string name) =>
        _options.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : throw new CliException($"missing --{name}");

    public string Optional(string name, string fallback) =>
        _options.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v) ? v : fallback;

    public int OptionalInt(string name, int fallback) =>
        _options.TryGetValue(name, out var v) && v is not null
            ? int.TryParse(v, out var n) ? n : throw new CliException($"--{name} must be a whole number, got '{v}'")
            : fallback;

    public double OptionalDouble(string name, double fallback) =>
        _options.TryGetValue(name, out var v) && v is not null
            ? double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n > 0
                ? n : throw new CliException($"--{name} must be a positive number, got '{v}'")
            : fallback;

    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>The model folder: <c>--model</c>, else the copy shipped next to the program.</summary>
    public string ModelFolder() =>
        Optional("model", Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));

    public static int Usage()
    {
        Console.Error.WriteLine("""
            usage: biasapp-cli <command> [options]

            evaluation commands (model files and CSV data):
              evaluate --input FILE.csv [--text-column text] [--label-column label] [--model DIR] [--slice-column source --slice-prefix emgsd:] [--output FILE.csv] [--compare-model DIR] [--kind-column kind]
              explain-eval --input FILE.csv [--text-column text] [--label-column label] [--seeds 1,2,3] [--limit 60] [--budget N] [--lime-samples N] [--lime-kernel-width W] [--lime-ridge-alpha A] [--sampler owen|permutation|kernelregression|kernel] [--reference-budget N --reference-cache FILE] [--verbose] [--share-samples] [--model DIR]
              rules-evaluate --input FILE.csv [--text-column text] [--label-column label] [--lexicon FILE.jsonc] [--per-rule] [--slice-column source --slice-prefix emgsd:] [--output FILE.csv]
              tokenize --input FILE.csv --output FILE.jsonl [--text-column text] [--vocab vocab.txt] [--max-length 64]
              embed --input FILE.csv --output FILE.f32 [--text-column text] [--model DIR] [--batch-size 32] [--normalise]   (model with an "embedding" output; writes FILE.f32 + FILE.f32.json)
              hidden-states --onnx model.onnx --tokens FILE.jsonl --output FILE.json [--count 8]

            admin commands (the app's database, ConnectionStrings:Default):
              keys create --email EMAIL [--admin] [--name NAME]   (prints the new API key as the last line)
              users create --email EMAIL [--admin] [--password-stdin]   (without --password-stdin prints a generated password as the last line)
              users reset-password --email EMAIL [--password-stdin]   (the same; also ends a lockout)
              feedback export --output FILE.csv   (the team decisions as training data: text,kind,label,model_version,model_kind,probability,decided_at)
            """);
        return 1;
    }
}
