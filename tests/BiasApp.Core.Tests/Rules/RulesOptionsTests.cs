using System.ComponentModel.DataAnnotations;
using BiasApp.Core.Rules;

namespace BiasApp.Core.Tests.Rules;

public sealed class RulesOptionsTests
{
    [Fact]
    public void DefaultsAreEnabledWithTheEmbeddedLexicon()
    {
        var options = new RulesOptions();
        Assert.True(options.Enabled);
        Assert.Null(options.ResolveLexiconPath("/app"));
        Assert.Equal("Rules", RulesOptions.Section);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(60_000)]
    public void OutOfRangeMatchTimeoutFailsValidation(int milliseconds)
    {
        var options = new RulesOptions { MatchTimeoutMilliseconds = milliseconds };
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void RelativeLexiconPathResolvesAgainstTheBaseDirectory()
    {
        var options = new RulesOptions { LexiconPath = "config/lexicon.jsonc" };
        Assert.Equal(Path.GetFullPath("/app/config/lexicon.jsonc"), options.ResolveLexiconPath("/app"));
    }
}
