using System.Diagnostics;
using BiasApp.Core.Rules;

namespace BiasApp.Core.Tests.Rules;

public sealed class RuleDetectorTests
{
    // Compiling the lexicon's regexes takes a moment; the detector is immutable, so one instance serves every test.
    private static readonly RuleDetector Detector = RuleDetector.CreateDefault();

    [Theory]
    [InlineData("All women are bad drivers.", "gen.all-x-are", "gender", "woman")]
    [InlineData("Mexicans are always lazy.", "gen.x-are-always-never", "nationality", "mexican")]
    [InlineData("Muslims are so violent.", "gen.x-are-so", "religion", "muslim")]
    [InlineData("Old people can't use computers.", "gen.x-cannot", "age", "old person")]
    [InlineData("What a typical nurse thing to say.", "gen.typical-x", "profession", "nurse")]
    [InlineData("Gay men tend to be flamboyant.", "gen.x-tend-to", "lgbtq+", "gay")]
    [InlineData("Every Asian is good at math.", "gen.every-x-is", "race", "asian")]
    [InlineData("Italians are known for being loud.", "gen.x-are-known-for", "nationality", "italian")]
    [InlineData("As a woman, she is bad at parking.", "gen.as-a-x-she", "gender", "woman")]
    [InlineData("Blind people are useless at work.", "gen.x-are-trait", "disability", "blind person")]
    [InlineData("The housekeeper is shady.", "gen.x-is-trait", "profession", "housekeeper")]
    public void GeneralisationsAboutGroupsFireWithRuleAxisAndTerm(string text, string ruleId, string axis, string term)
    {
        var hit = Assert.Single(Detector.Detect(text), m => m.RuleId == ruleId);
        Assert.Equal(RuleKind.Generalisation, hit.Kind);
        Assert.Equal(axis, hit.Axis);
        Assert.Equal(term, hit.GroupTerm);
        Assert.False(hit.Negated);
        Assert.False(hit.Quoted);
    }

    [Theory]
    [InlineData("All women are bad drivers.")]
    [InlineData("Mexicans are always lazy.")]
    [InlineData("Muslims are so violent.")]
    [InlineData("Every Asian is good at math.")]
    [InlineData("Women’s brains are too emotional for leadership.")]
    [InlineData("ALL GAY PEOPLE ARE PROMISCUOUS")]
    public void GeneralisationsWithATraitAreStereotypes(string sentence)
    {
        var verdict = Detector.Score(sentence);
        Assert.True(verdict.IsStereotype, $"score {verdict.Score}");
        Assert.InRange(verdict.Score, RuleDetector.Threshold, 1);
    }

    [Theory]
    [InlineData("Asiana Airlines flight 214 landed short of the runway.")]
    [InlineData("Germanic languages include Dutch grammar quirks.")]
    [InlineData("The caterers are always late.")]
    [InlineData("Humankind has always explored.")]
    [InlineData("The womenswear department is on the second floor.")]
    [InlineData("Sonnets are so lovely.")]
    [InlineData("The weather in Mexico City is pleasant.")]
    [InlineData("My neighbour bought a new car.")]
    [InlineData("")]
    public void OrdinarySentencesAndWordsInsideOtherWordsDoNotMakeAStereotype(string sentence)
    {
        var verdict = Detector.Score(sentence);
        Assert.False(verdict.IsStereotype);
        Assert.DoesNotContain(verdict.Matches, m => m.Kind == RuleKind.Generalisation);
    }

    [Fact]
    public void AsianaIsNotAnAsianGroupTerm()
    {
        Assert.DoesNotContain(Detector.Detect("Asiana crews are always lazy."), m => m.GroupTerm is not null);
        Assert.Contains(Detector.Detect("Asians are always lazy."), m => m.GroupTerm == "asian");
    }

    [Theory]
    [InlineData("Not all women are bad drivers.")]
    [InlineData("It is false that all Muslims are violent.")]
    [InlineData("It’s a myth that Mexicans are lazy.")]
    [InlineData("It is not true that old people can't learn.")]
    [InlineData("The idea that gay men are promiscuous is harmful.")]
    [InlineData("That all women are emotional is a myth.")]
    public void NegatedOrDebunkedGeneralisationsAreMarkedAndNotStereotypes(string sentence)
    {
        var verdict = Detector.Score(sentence);
        var generalisations = verdict.Matches.Where(m => m.Kind == RuleKind.Generalisation).ToList();
        Assert.NotEmpty(generalisations);
        Assert.All(generalisations, m => Assert.True(m.Negated, m.RuleId));
        Assert.False(verdict.IsStereotype);
    }

    [Fact]
    public void NegationInAnEarlierSentenceDoesNotCarryOver()
    {
        var hit = Assert.Single(Detector.Detect("Not everyone agrees. All women are lazy."), m => m.RuleId == "gen.all-x-are");
        Assert.False(hit.Negated);
    }

    [Theory]
    [InlineData("He said \"all women are lazy\" and left.")]
    [InlineData("He said “all women are lazy” and left.")]
    public void HitsInsideDoubleQuotesAreMarkedQuoted(string text)
    {
        var hit = Assert.Single(Detector.Detect(text), m => m.RuleId == "gen.all-x-are");
        Assert.True(hit.Quoted);
    }

    [Theory]
    [InlineData("Women are so emotional.", "women", "woman")]
    [InlineData("A woman’s place is... no. Women’s drivers are always reckless.", "women’s", "woman")]
    [InlineData("Asians’ parents are always strict.", "asians’", "asian")]
    [InlineData("Muslims are always dangerous.", "muslims", "muslim")]
    [InlineData("Mexican people are always lazy.", "mexican people", "mexican")]
    [InlineData("Men's jobs are always dangerous.", "men's", "man")]
    [InlineData("Typical women’s logic.", "typical women’s", "woman")]
    public void PluralAndPossessiveFormsMapToTheSingularTerm(string text, string expectedStart, string term)
    {
        var hit = Detector.Detect(text).First(m => m.Kind == RuleKind.Generalisation);
        Assert.Equal(term, hit.GroupTerm);
        Assert.StartsWith(expectedStart, hit.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Honestly — all women can’t drive.")]
    [InlineData("“Old people can’t learn,” he said – wrongly.")]
    [InlineData("Mankind \u2013 all of it. Illegal aliens are always criminals.")]
    public void UnicodePunctuationMatchesWhileSpansSliceTheOriginalText(string text)
    {
        var matches = Detector.Detect(text);
        Assert.NotEmpty(matches);
        foreach (var m in matches)
        {
            Assert.Equal(m.Text, text.Substring(m.Start, m.Length));
        }
    }

    [Fact]
    public void SpanPointsAtTheGeneralisationInTheOriginalText()
    {
        const string text = "Well… all Muslims’ sons are so violent, they said.";
        var hit = Assert.Single(Detector.Detect(text), m => m.RuleId == "gen.all-x-are");
        Assert.Equal(text.IndexOf("all", StringComparison.Ordinal), hit.Start);
        Assert.Equal("all Muslims’ sons are", hit.Text);
    }

    [Theory]
    [InlineData("The history of mankind.", "loaded.mankind", "mankind", "humankind")]
    [InlineData("Ask the Chairman.", "loaded.chairman", "Chairman", "chair")]
    [InlineData("They deported an illegal alien.", "loaded.illegal-alien", "illegal alien", "undocumented immigrant")]
    [InlineData("That party was crazy.", "loaded.crazy", "crazy", "wild / unexpected")]
    [InlineData("This is man-made.", "loaded.man-made", "man-made", "artificial")]
    [InlineData("This is man–made.", "loaded.man-made", "man–made", "artificial")]
    public void LoadedTermsCarryANeutralSuggestion(string text, string ruleId, string matched, string suggestion)
    {
        var hit = Assert.Single(Detector.Detect(text), m => m.Kind == RuleKind.LoadedTerm);
        Assert.Equal(ruleId, hit.RuleId);
        Assert.Equal(matched, hit.Text);
        Assert.Equal(suggestion, hit.Suggestion);
    }

    [Theory]
    [InlineData("Humankind has always explored.")]
    [InlineData("The chairmanship rotates.")]
    [InlineData("Crazyhorse is a band name.")]
    public void LoadedTermsDoNotFireInsideOtherWords(string text)
    {
        Assert.DoesNotContain(Detector.Detect(text), m => m.Kind == RuleKind.LoadedTerm);
    }

    [Fact]
    public void BareGeneralisationWithoutATraitIsAHitButNotAVerdict()
    {
        var verdict = Detector.Score("All women are drivers.");
        Assert.Contains(verdict.Matches, m => m.RuleId == "gen.all-x-are" && m.Trait is null);
        Assert.False(verdict.IsStereotype);
        Assert.InRange(verdict.Score, 0.01, RuleDetector.Threshold - 0.01);
    }

    [Fact]
    public void QuotedStereotypeScoresLowerThanAnAssertedOne()
    {
        Assert.True(Detector.Score("He said \"all women are lazy\".").Score < Detector.Score("He said all women are lazy.").Score);
    }

    [Fact]
    public void LoadedTermsAloneAreNotAStereotype()
    {
        var verdict = Detector.Score("The chairman spoke about mankind.");
        Assert.Equal(2, verdict.Matches.Count);
        Assert.False(verdict.IsStereotype);
    }

    [Theory]
    [InlineData('a', ' ')]
    [InlineData('a', '!')]
    [InlineData("all women are ", null)]
    [InlineData("women ", null)]
    public void HostileLongInputFinishesWithoutThrowing(object unit, char? separator)
    {
        var piece = unit is string s ? s : $"{unit}{separator}";
        var text = string.Concat(Enumerable.Repeat(piece, 100_000 / piece.Length + 1))[..100_000];
        var watch = Stopwatch.StartNew();
        var matches = Detector.Detect(text);
        watch.Stop();
        Assert.NotNull(matches);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    [Fact]
    public void DetectorIsSafeToShareAcrossThreads()
    {
        var results = Enumerable.Range(0, 64).AsParallel().Select(_ => Detector.Score("All women are bad drivers.").Score).Distinct().ToList();
        Assert.Single(results);
    }
}
