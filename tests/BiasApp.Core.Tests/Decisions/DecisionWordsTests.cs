using BiasApp.Core.Decisions;
using BiasApp.Core.Rules;
using Xunit.Abstractions;

namespace BiasApp.Core.Tests.Decisions;

// The cheap part of the word test never turns down a pair the full test lets through, and turns down most others.
public sealed class DecisionWordsTests(ITestOutputHelper output)
{
    private static readonly NearDuplicates Details = NearDuplicates.From(Lexicon.LoadEmbedded());

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>
        {
            { "Anna met anna in Rome.", "anna met Anna in Rome." },
            { "Anna met Anna in Rome.", "Anna met in Rome." },
            { "anna met anna in Rome.", "anna met in Rome." },
            { "Women are bad at math.", "WOMEN ARE BAD AT MATH." },
            { "Muslims in Leeds are lazy.", "Christians in Leeds are lazy." },
            { "I met 3 engineers.", "I met three engineers and Zoe." },
            { "I met Zoe and Zoe.", "I met Zoe and Zoe and Max." },
            { "Short.", "" },
        };
        foreach (var pair in DecisionMatcherTests.ReadPairs()) data.Add(pair.A, pair.B);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void APairTheWordTestLetsThroughPassesTheCheapTestBothWays(string decided, string sentence)
    {
        var words = new DecisionWords([decided, "An unrelated decision about Zoe and Max."], Details);
        var full = Details.DifferOnlyInDetails(NearDuplicates.Words(sentence), NearDuplicates.Words(decided));
        var cheap = DecisionWords.MayMatch(DecisionWords.Signature.Of(NearDuplicates.Words(sentence), Details), words.SignatureOf(0));
        if (full) Assert.True(cheap);

        var reversed = new DecisionWords([sentence], Details);
        if (Details.DifferOnlyInDetails(NearDuplicates.Words(decided), NearDuplicates.Words(sentence)))
            Assert.True(DecisionWords.MayMatch(DecisionWords.Signature.Of(NearDuplicates.Words(decided), Details), reversed.SignatureOf(0)));
    }

    [Fact]
    public void TheCheapTestTurnsDownMostOfTheDevSetsOtherPairs()
    {
        var pairs = DecisionMatcherTests.ReadPairs();
        var turnedDown = pairs.Count(p => !p.Same && !DecisionWords.MayMatch(
            DecisionWords.Signature.Of(NearDuplicates.Words(p.B), Details), new DecisionWords([p.A], Details).SignatureOf(0)));
        output.WriteLine($"{turnedDown} of {pairs.Count(p => !p.Same)} pairs that are not near-duplicates turned down");
        // 37 pairs that are not near-duplicates. String hashes change from process to process, and a different word shares a
        // bit with one of the other sentence's ten or so about 1 time in 6, so about 31 are turned down; 20 is five
        // standard deviations below.
        Assert.True(turnedDown >= 20, $"{turnedDown} of {pairs.Count(p => !p.Same)} turned down");
        Assert.False(DecisionWords.MayMatch(DecisionWords.Signature.Of(NearDuplicates.Words("The museum opens at ten on Sundays."), Details),
            new DecisionWords(["Women are too emotional to be leaders."], Details).SignatureOf(0)));
    }
}
