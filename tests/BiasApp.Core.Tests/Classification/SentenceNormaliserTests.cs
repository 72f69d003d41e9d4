using BiasApp.Core.Classification;

namespace BiasApp.Core.Tests.Classification;

public sealed class SentenceNormaliserTests
{
    [Theory]
    [InlineData("Honestly, men are hopeless at cooking.", "men are hopeless at cooking.")]
    [InlineData("To be fair, men are hopeless at cooking!!!", "men are hopeless at cooking.")]
    [InlineData("Honestly, to be fair: men are hopeless at cooking", "men are hopeless at cooking.")]
    [InlineData("  Men   are\thopeless at cooking…", "Men are hopeless at cooking.")]
    [InlineData("Are men hopeless at cooking?!", "Are men hopeless at cooking?")]
    public void LeadingMarkersWhitespaceAndEndPunctuationDoNotChangeTheText(string text, string expected) =>
        Assert.Equal(expected, SentenceNormaliser.Normalise(text), ignoreCase: true);

    [Fact]
    public void AWordThatIsAMarkerOnlyWithACommaStays() =>
        Assert.Equal("Well-paid nurses are rare.", SentenceNormaliser.Normalise("Well-paid nurses are rare."));
}
