using System.Text.Json;
using BiasApp.Cli;
using BiasApp.Core.Tests.Classification;

namespace BiasApp.Cli.Tests.Evaluation;

// Runs the CLI's commands in-process on fixtures written by the tests.
[Collection("Console")]
public sealed class CliCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("biasapp-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var entry = typeof(CommandLine).Assembly.EntryPoint!;
            var code = (int)entry.Invoke(null, [args])!;
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private string WriteFixture()
    {
        // BOM, a quoted comma, an escaped quote and a newline inside a field.
        var path = Path.Combine(_dir, "fixture.csv");
        File.WriteAllText(path, "\uFEFFid,text,label\n" +
            "1,\"All women are bad at math, everyone knows it.\",1\n" +
            "2,\"Muslims are terrorists.\",1\n" +
            "3,\"The train was \"\"late\"\" again\nthis morning.\",0\n" +
            "4,I bought a loaf of bread.,0\n", new System.Text.UTF8Encoding(true));
        return path;
    }

    [Fact]
    public void EvaluatePrintsFiguresAndEndsWithMacroF1Line()
    {
        var (code, output, _) = Run("evaluate", "--input", WriteFixture(), "--model", ModelFolder.Path);
        Assert.Equal(0, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Matches(@"^macro_f1=\d\.\d{4}$", lines[^1].Trim());
        Assert.Contains("rows=4", output);
        Assert.Contains("confusion", output);
        Assert.Contains("sentences_per_second=", output);
        Assert.Equal("macro_f1=1.0000", lines[^1].Trim());
    }

    [Fact]
    public void EvaluateReportsAMissingColumnClearly()
    {
        var (code, _, error) = Run("evaluate", "--input", WriteFixture(), "--label-column", "gold", "--model", ModelFolder.Path);
        Assert.Equal(2, code);
        Assert.Contains("column 'gold' not found", error);
    }

    [Theory]
    [InlineData("lime-kernel-width", "0")]
    [InlineData("lime-kernel-width", "-1")]
    [InlineData("lime-kernel-width", "wide")]
    [InlineData("lime-ridge-alpha", "0")]
    [InlineData("lime-ridge-alpha", "NaN")]
    public void ExplainEvalRejectsABadLimeSettingClearly(string option, string value)
    {
        var (code, _, error) = Run("explain-eval", "--input", WriteFixture(), "--" + option, value, "--model", ModelFolder.Path);
        Assert.Equal(2, code);
        Assert.Contains($"--{option} must be a positive number", error);
    }

    [Fact]
    public void ExplainEvalTakesTheLimeSettingsItIsGiven()
    {
        // The flagged fixture sentences explained with a narrow LIME kernel and a light ridge penalty: the run says which
        // settings it used and ends with its figure.
        var (code, output, error) = Run("explain-eval", "--input", WriteFixture(), "--seeds", "1", "--lime-kernel-width", "0.1",
            "--lime-ridge-alpha", "0.3", "--model", ModelFolder.Path);
        Assert.True(code == 0, error);
        Assert.Contains("lime_kernel_width=0.1 lime_ridge_alpha=0.3 ", output);
        Assert.Matches(@"aopc_ratio=\d+\.\d\d", output.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public void ExplainEvalOracleBoundsEveryRanking()
    {
        // --oracle tries every set of k words, so its AOPC is at least SHAP's, LIME's and the greedy order's (each of
        // which removes one of those sets). Figures are printed to 4 decimals, hence the tolerance.
        var (code, output, error) = Run("explain-eval", "--input", WriteFixture(), "--seeds", "1", "--oracle", "--model", ModelFolder.Path);
        Assert.True(code == 0, error);
        double Figure(string line, string name) => double.Parse(
            System.Text.RegularExpressions.Regex.Match(output, $@"^{line}\b.*\b{name}=(-?[0-9.]+)", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var best = Figure("oracle", "best_set_aopc");
        Assert.True(Figure("aopc", "random") > 0, output);
        Assert.True(best >= Figure("aopc", "shap") - 2e-4, output);
        Assert.True(best >= Figure("aopc", "lime") - 2e-4, output);
        Assert.True(best >= Figure("oracle", "greedy_aopc") - 2e-4, output);
        Assert.True(Figure("oracle", "best_set_ratio") >= Figure("aopc", "shap_ratio") - 2e-3, output);
    }

    [Fact]
    public void EvaluateReportsAMissingFileClearly()
    {
        var (code, _, error) = Run("evaluate", "--input", Path.Combine(_dir, "nope.csv"));
        Assert.Equal(2, code);
        Assert.Contains("input file not found", error);
    }

    [Fact]
    public void TokenizeWritesTheClassifiersTokenIdsForEveryRow()
    {
        var output = Path.Combine(_dir, "tokens.jsonl");
        var (code, _, _) = Run("tokenize", "--input", WriteFixture(), "--output", output, "--vocab", Path.Combine(ModelFolder.Path, "vocab.txt"));
        Assert.Equal(0, code);
        var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(4, rows.Length);
        var encoder = BiasApp.Core.Tokenization.TextEncoder.FromVocabFile(Path.Combine(ModelFolder.Path, "vocab.txt"));
        Assert.Equal(encoder.Encode("The train was \"late\" again\nthis morning.", 64), rows[2].GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("0", rows[2].GetProperty("label").GetString());
    }

    [Fact]
    public void EmbedWritesTheShippedModelsEmbeddingAndANormalisedMarkerChangesNothing()
    {
        var input = Path.Combine(_dir, "pair.csv");
        File.WriteAllText(input, "text\nMen are hopeless at cooking.\n\"To be fair, men are hopeless at cooking!\"\n");
        var output = Path.Combine(_dir, "out.f32");

        var (code, _, err) = Run("embed", "--input", input, "--output", output, "--model", ModelFolder.Path, "--normalise");

        Assert.True(code == 0, err);
        var layout = JsonDocument.Parse(File.ReadAllText(output + ".json")).RootElement;
        var columns = (int)(new FileInfo(output).Length / sizeof(float) / 2);
        Assert.Equal(2L * columns * sizeof(float), new FileInfo(output).Length);
        Assert.Contains("embedding", layout.ToString());
        var values = new float[2 * columns];
        Buffer.BlockCopy(File.ReadAllBytes(output), 0, values, 0, values.Length * sizeof(float));
        Assert.Equal(values[..columns], values[columns..]);
        Assert.Contains(values[..384], v => v != 0f);
    }

    [Fact]
    public void EvaluateWithAKindColumnPrintsTheKindConfusionAndKindAccuracyBeforeMacroF1()
    {
        var input = Path.Combine(_dir, "kinds.csv");
        File.WriteAllText(input, "text,kind\n" +
            "It is a myth that women are bad drivers.,reported\n" +
            "Women are too emotional to lead.,stereotype\n" +
            "The meeting ended at noon.,none\n" +
            "\"Honestly, women are too emotional to lead.\",stereotype\n");
        var written = Path.Combine(_dir, "scored.csv");

        var (code, output, err) = Run("evaluate", "--input", input, "--kind-column", "kind", "--output", written, "--model", ModelFolder.Path);

        Assert.True(code == 0, err);
        var lines = output.TrimEnd().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal("kind_accuracy=1.0000", lines[^2]);
        Assert.StartsWith("macro_f1=", lines[^1]);
        Assert.Contains("kind confusion (rows gold, columns predicted: stereotype portrayal reported none)", output);
        var scored = File.ReadAllLines(written);
        Assert.Equal("text,input_kind,probability,predicted,kind,flagged", scored[0]);
        Assert.StartsWith("It is a myth that women are bad drivers.,reported,", scored[1]);
        Assert.EndsWith(",reported,0", scored[1]);
        Assert.EndsWith(",stereotype,1", scored[2]);
        Assert.EndsWith(",none,0", scored[3]);
    }

    [Fact]
    public void EvaluateRefusesAnUnknownKindNamingTheLine()
    {
        var input = Path.Combine(_dir, "bad-kind.csv");
        File.WriteAllText(input, "text,kind\nWomen are too emotional to lead.,stereotype\nThe sky is blue.,harmless\n");

        var (code, _, err) = Run("evaluate", "--input", input, "--kind-column", "kind", "--model", ModelFolder.Path);

        Assert.Equal(2, code);
        Assert.Contains("line 3: kind 'harmless' is not one of stereotype, portrayal, reported, none", err);
    }
}
