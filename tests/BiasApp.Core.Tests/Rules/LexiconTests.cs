using BiasApp.Core.Rules;

namespace BiasApp.Core.Tests.Rules;

public sealed class LexiconTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("biasapp-lexicon-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string Minimal = """
        // comments are allowed
        {
          "version": "test-1",
          "groups": [ { "axis": "gender", "terms": ["woman/women"] } ],
          "traits": ["lazy"],
          "generalisations": [ { "id": "gen.all", "pattern": "all {plural} are", "severity": "high" } ],
          "loadedTerms": [ { "id": "loaded.mankind", "terms": ["mankind"], "suggestion": "humankind", "axis": "gender", "severity": "low" } ],
          "negationCues": ["not all"],
        }
        """;

    [Fact]
    public void EmbeddedLexiconLoadsValidatesAndIsVersioned()
    {
        var lexicon = Lexicon.LoadEmbedded();
        Assert.Empty(lexicon.Validate());
        Assert.False(string.IsNullOrWhiteSpace(lexicon.Version));
        Assert.Equal(Lexicon.KnownAxes.OrderBy(a => a), lexicon.Groups.Select(g => g.Axis).Distinct().OrderBy(a => a));
    }

    [Fact]
    public void EmbeddedLexiconHasUniqueRuleIdsTermsAndCompilingPatterns()
    {
        var lexicon = Lexicon.LoadEmbedded();
        var ids = lexicon.Generalisations.Select(g => g.Id).Concat(lexicon.LoadedTerms.Select(t => t.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var forms = lexicon.Groups.SelectMany(g => g.Terms).SelectMany(t => Lexicon.GroupTermForms(t).Distinct()).ToList();
        Assert.Equal(forms.Count, forms.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(lexicon.LoadedTerms, t => Assert.False(string.IsNullOrWhiteSpace(t.Suggestion), t.Id));
        _ = new RuleDetector(lexicon);
    }

    [Fact]
    public void LexiconFileWithCommentsAndTrailingCommasLoads()
    {
        var path = Write(Minimal);
        var detector = new RuleDetector(Lexicon.LoadFile(path));
        Assert.Equal("test-1", detector.Lexicon.Version);
        Assert.True(detector.Score("All women are lazy.").IsStereotype);
    }

    [Theory]
    [InlineData("\"pattern\": \"all {plural} are\"", "\"pattern\": \"all ({plural} are\"", "rule 'gen.all' pattern")]
    [InlineData("\"pattern\": \"all {plural} are\"", "\"pattern\": \"all {plurals} are\"", "unknown placeholder {plurals}")]
    [InlineData("\"terms\": [\"woman/women\"]", "\"terms\": [\"woman/women\", \"Woman\"]", "duplicate group term 'woman'")]
    [InlineData("\"id\": \"loaded.mankind\"", "\"id\": \"gen.all\"", "duplicate rule id 'gen.all'")]
    [InlineData("\"terms\": [\"mankind\"]", "\"terms\": [\"mankind\", \"mankind\"]", "duplicate loaded term 'mankind'")]
    [InlineData("\"traits\": [\"lazy\"]", "\"traits\": [\"lazy\", \"lazy\"]", "duplicate trait 'lazy'")]
    [InlineData("\"axis\": \"gender\", \"terms\"", "\"axis\": \"genders\", \"terms\"", "group axis 'genders'")]
    [InlineData("\"severity\": \"high\"", "\"severity\": \"extreme\"", "not valid JSON")]
    [InlineData("\"version\": \"test-1\",", "", "'version' is missing")]
    [InlineData("\"groups\": [", "\"groups\": [[", "not valid JSON")]
    public void MalformedLexiconFileFailsWithAClearMessage(string find, string replace, string expected)
    {
        var path = Write(Minimal.Replace(find, replace, StringComparison.Ordinal));
        var ex = Assert.Throws<LexiconException>(() => Lexicon.LoadFile(path));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingLexiconFileFailsWithItsPath()
    {
        var path = Path.Combine(_folder, "nope.jsonc");
        var ex = Assert.Throws<LexiconException>(() => Lexicon.LoadFile(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    private string Write(string json)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.jsonc");
        File.WriteAllText(path, json);
        return path;
    }
}
