using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Tests.Analysis;

public sealed class AnalysisExportTests
{
    private static readonly DocumentAnalysis Result = new(
        [
            new AnalyzedSentence(0, 29, "Construction is due to begin.", Labels.NotStereotype, 0.1f, "profession", 0.7f),
            new AnalyzedSentence(30, 26, "All nurses are \"gentle\",\tno?", Labels.Stereotype, 0.91f, "gender", 0.8f),
        ],
        new AnalysisSummary(2, 1, 0.91f, 0.5, 3), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None);

    [Fact]
    public void CsvQuotesTextAndShowsTheAxisOnlyForFlaggedSentences()
    {
        var lines = AnalysisExport.ToCsv(Result).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("1,0,29,Construction is due to begin.,not_stereotype,0.1,false,,,,none,false", lines[1]);
        Assert.Equal("2,30,26,\"All nurses are \"\"gentle\"\",\tno?\",stereotype,0.91,false,gender,0.8,,stereotype,true", lines[2]);
    }

    [Fact]
    public void TabSeparatedCopyKeepsOneLinePerSentence()
    {
        var lines = AnalysisExport.ToTabSeparated(Result).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(3, lines.Length);
        Assert.Equal(12, lines[2].Split('\t').Length);
        Assert.StartsWith("2\t30\t26\tAll nurses are \"gentle\", no?\tstereotype", lines[2]);
    }

    private static readonly DocumentAnalysis Formulas = new(
        [
            new AnalyzedSentence(0, 22, "=HYPERLINK(\"x\",\"y\") a", Labels.NotStereotype, 0.1f, null, null),
            new AnalyzedSentence(23, 5, "+1+2.", Labels.NotStereotype, 0.1f, null, null),
            new AnalyzedSentence(29, 5, "-3+4.", Labels.NotStereotype, 0.1f, null, null),
            new AnalyzedSentence(35, 5, "@SUM.", Labels.NotStereotype, 0.1f, null, null),
        ],
        new AnalysisSummary(4, 0, 0.1f, 0.5, 4), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None);

    [Fact]
    public void ACsvCellStartingWithAFormulaCharacterIsNeutralised()
    {
        var lines = AnalysisExport.ToCsv(Formulas).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("1,0,22,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\") a\",not_stereotype,0.1,false,,,,none,false", lines[1]);
        Assert.Equal("2,23,5,\"'+1+2.\",not_stereotype,0.1,false,,,,none,false", lines[2]);
        Assert.Equal("3,29,5,\"'-3+4.\",not_stereotype,0.1,false,,,,none,false", lines[3]);
        Assert.Equal("4,35,5,\"'@SUM.\",not_stereotype,0.1,false,,,,none,false", lines[4]);
    }

    [Fact]
    public void ATabSeparatedCellStartingWithAFormulaCharacterIsNeutralised()
    {
        var lines = AnalysisExport.ToTabSeparated(Formulas).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["'=HYPERLINK(\"x\",\"y\") a", "'+1+2.", "'-3+4.", "'@SUM."], lines.Skip(1).Select(l => l.Split('\t')[3]));
    }

    [Fact]
    public void JsonKeepsAFormulaLikeTextAsItIs()
    {
        using var json = System.Text.Json.JsonDocument.Parse(AnalysisExport.ToJson("=HYPERLINK(\"x\",\"y\") a", Formulas));

        Assert.Equal("=HYPERLINK(\"x\",\"y\") a", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("=HYPERLINK(\"x\",\"y\") a", json.RootElement.GetProperty("sentences")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void JsonHasTheTextAndTheApiShape()
    {
        using var json = System.Text.Json.JsonDocument.Parse(AnalysisExport.ToJson("the text", Result));
        var root = json.RootElement;

        Assert.Equal(["text", "sentences", "summary", "model", "mode", "explain"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("model", root.GetProperty("mode").GetString());
        Assert.Equal(0.91f, root.GetProperty("sentences")[1].GetProperty("probability").GetSingle());
    }
}
