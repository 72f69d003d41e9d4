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

    [Theory]
    [InlineData("Honestly, men are hopeless at cooking!!!")]
    [InlineData("  To be fair:   men are\thopeless at cooking")]
    [InlineData("Men are hopeless at cooking…")]
    [InlineData("Are men hopeless at cooking?!")]
    [InlineData("Men are hopeless at cooking.")]
    public void EveryNormalisedCharacterComesFromTheSentenceAsWritten(string text)
    {
        var normalised = SentenceNormaliser.NormaliseMapped(text);

        Assert.Equal(SentenceNormaliser.Normalise(text), normalised.Text);
        Assert.Equal(normalised.Text.Length, normalised.Origins.Count);
        for (var i = 0; i < normalised.Text.Length; i++)
        {
            var original = text[normalised.Origins[i]];
            if (char.IsLetterOrDigit(normalised.Text[i])) Assert.Equal(char.ToLowerInvariant(normalised.Text[i]), char.ToLowerInvariant(original));
        }
        var cooking = normalised.Text.IndexOf("cooking", StringComparison.Ordinal);
        var (start, length) = normalised.ToOriginal(cooking, "cooking".Length);
        Assert.Equal("cooking", text.Substring(start, length));
    }
}
