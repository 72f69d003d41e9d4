using BiasApp.Core.Classification;
using BiasApp.Core.Tests.Explanations;
using Microsoft.VisualBasic.FileIO;

namespace BiasApp.Core.Tests.Classification;

/// <summary>
/// The hand-written contrast suite (training/contrast/contrast.csv: stereotypes and their near neighbours that are
/// not — a neutral or positive fact about the group, a rejected or negated stereotype, a question, the attribute on an
/// object or a named person, an opinion about a film) against the shipped model at the app's threshold of 0.5.
/// </summary>
public sealed class ContrastSuiteTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private sealed record Case(int Id, int Group, bool Stereotype, string Kind, string Axis, string Text);

    private static readonly Lazy<Case[]> Suite = new(Load);

    // The target is 90%; model 2.2.0 reaches 89.0% (2.1.0: 84.3%, 2.0.0: 82.7%, 1.2.0: 62.7%). The floor is what
    // the shipped model holds, so that a worse model fails; raise it with the model.
    private const double Floor = 0.88;

    [Fact]
    public void TheSuiteIsRightAtLeastAtTheShippedModelsFloor()
    {
        var cases = Suite.Value;
        var predictions = model.Classifier.Classify(cases.Select(c => c.Text).ToArray());
        var wrong = cases.Where((c, i) => predictions[i].Probability >= 0.5f != c.Stereotype).ToArray();
        var accuracy = 1 - (double)wrong.Length / cases.Length;

        Assert.True(cases.Length >= 150, $"the suite has {cases.Length} cases");
        Assert.True(accuracy >= Floor,
            $"accuracy {accuracy:P1}; wrong: " + string.Join(" | ", wrong.Take(20).Select(c => $"{c.Kind}: {c.Text}")));
    }

    [Fact]
    public void TheSuiteCoversEveryAxisAndEveryKindOfNeighbour()
    {
        var cases = Suite.Value;
        Assert.Equal(["gender", "lgbtq+", "nationality", "profession", "race", "religion"], cases.Select(c => c.Axis).Distinct().Order());
        foreach (var kind in new[] { "neutral_fact", "positive_fact", "negated", "rejected", "reported", "question", "object", "individual", "opinion" })
            Assert.Contains(cases, c => c.Kind == kind && !c.Stereotype);
    }

    [Theory]
    [InlineData("Mr. Smith is our new nurse.", false)]
    [InlineData("It is a myth that women are worse drivers than men.", false)]
    [InlineData("There were too many close ups.", false)]
    [InlineData("A Chinese swimmer set a new world record in the 100 metres freestyle.", false)]
    [InlineData("Mexicans are lazy.", true)]
    [InlineData("I don't hate black people.", false)]
    [InlineData("Women cannot read maps.", true)]
    public void NamedCasesGetTheirLabel(string text, bool stereotype)
    {
        Assert.Contains(Suite.Value, c => c.Text == text && c.Stereotype == stereotype);
        var probability = model.Classifier.Classify([text])[0].Probability;
        Assert.True(probability >= 0.5f == stereotype, $"{text} scored {probability:F3}");
    }

    private static Case[] Load()
    {
        using var parser = new TextFieldParser(FindSuite()) { HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields()!;
        Assert.Equal(["id", "group", "label", "kind", "axis", "text"], header);
        var cases = new List<Case>();
        while (!parser.EndOfData)
        {
            var f = parser.ReadFields()!;
            cases.Add(new Case(int.Parse(f[0]), int.Parse(f[1]), f[2] == "1", f[3], f[4], f[5]));
        }
        return cases.ToArray();
    }

    private static string FindSuite()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "training", "contrast", "contrast.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("training/contrast/contrast.csv not found above " + AppContext.BaseDirectory);
    }
}
