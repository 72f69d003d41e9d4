using BiasApp.Core.Decisions;
using BiasApp.Core.Rules;

namespace BiasApp.Core.Tests.Decisions;

// The word test on coded words decides as the word test on the words themselves.
public sealed class DecisionWordsTests
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
            { "Women are bad at math.", "Women are good at math." },
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
    public void CodedWordsGiveTheWordTestsAnswerBothWays(string decided, string sentence)
    {
        var words = new DecisionWords([decided, "An unrelated decision about Zoe and Max."], Details);
        var expected = Details.DifferOnlyInDetails(NearDuplicates.Words(sentence), NearDuplicates.Words(decided));
        Assert.Equal(expected, words.DifferOnlyInDetails(words.Encode(sentence), 0));

        var reversed = new DecisionWords([sentence], Details);
        Assert.Equal(Details.DifferOnlyInDetails(NearDuplicates.Words(decided), NearDuplicates.Words(sentence)),
            reversed.DifferOnlyInDetails(reversed.Encode(decided), 0));
    }
}
