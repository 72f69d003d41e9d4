using BiasApp.Core.Analysis;

namespace BiasApp.Core.Tests.Analysis;

public sealed class ShortSentencesTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("Sport", 1)]
    [InlineData("Readers,", 1)]
    [InlineData("Dear Anna,", 2)]
    [InlineData("— ! … 😀 ?", 0)]
    [InlineData("Hi - there !", 2)]
    [InlineData("Isn't it?", 2)]
    [InlineData("Isn\u2019t it?", 2)]
    [InlineData("A well-known fact.", 3)]
    [InlineData("The dogs' bowls", 3)]
    [InlineData("Cafe\u0301 au lait", 3)]
    [InlineData("Room 101 is free.", 4)]
    [InlineData("Größe zählt nicht", 3)]
    public void WordsAreRunsOfLettersAndDigits(string text, int words) => Assert.Equal(words, ShortSentences.CountWords(text));

    [Theory]
    [InlineData("Sport", true)]
    [InlineData("Dear Anna,", true)]
    [InlineData("Thanks!", true)]
    [InlineData("Dogs bark loudly.", false)]
    public void FewerThanThreeWordsIsTooShort(string sentence, bool tooShort) => Assert.Equal(tooShort, ShortSentences.IsTooShort(sentence));
}
