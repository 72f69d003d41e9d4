using System.ComponentModel.DataAnnotations;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class ExplanationOptionsTests
{
    [Theory]
    [InlineData("none", ExplanationMode.None)]
    [InlineData("shap", ExplanationMode.Shap)]
    [InlineData(" LIME ", ExplanationMode.Lime)]
    [InlineData("Both", ExplanationMode.Both)]
    [InlineData(null, ExplanationMode.None)]
    public void RequestValuesParseToModes(string? value, ExplanationMode expected)
    {
        Assert.True(ExplanationModes.TryParse(value, out var mode));
        Assert.Equal(expected, mode);
        Assert.Equal(expected, ExplanationModes.Parse(expected.ToValue()));
    }

    [Fact]
    public void UnknownModeIsRejected()
    {
        Assert.False(ExplanationModes.TryParse("all", out _));
        Assert.Throws<FormatException>(() => ExplanationModes.Parse("kernel"));
    }

    [Fact]
    public void SwitchesLimitWhatARequestGets()
    {
        Assert.Equal(ExplanationMode.Both, new ExplanationOptions().Resolve(ExplanationMode.Both));
        Assert.Equal(ExplanationMode.Shap, new ExplanationOptions { Lime = false }.Resolve(ExplanationMode.Both));
        Assert.Equal(ExplanationMode.None, new ExplanationOptions { Lime = false }.Resolve(ExplanationMode.Lime));
        Assert.Equal(ExplanationMode.None, new ExplanationOptions { Enabled = false }.Resolve(ExplanationMode.Both));
    }

    [Fact]
    public void DefaultsAreValidAndOutOfRangeValuesAreNot()
    {
        Assert.True(IsValid(new ExplanationOptions()));
        Assert.False(IsValid(new ExplanationOptions { ShapBudget = 8 }));
        Assert.False(IsValid(new ExplanationOptions { LimeSamples = 0 }));
        Assert.False(IsValid(new ExplanationOptions { MaxWords = 65 }));
        Assert.False(IsValid(new ExplanationOptions { MaxWords = 64, ShapBudget = 60 }));
    }

    [Theory]
    [InlineData(ShapSampler.Permutation)]
    [InlineData(ShapSampler.Kernel)]
    [InlineData(ShapSampler.KernelRegression)]
    public void OnlyTheOwenSamplerIsValidAndAnotherIsNamedInTheError(ShapSampler sampler)
    {
        var options = new ExplanationOptions { ShapSampler = sampler };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        var error = Assert.Single(errors);
        Assert.Equal(new[] { nameof(ExplanationOptions.ShapSampler) }, error.MemberNames);
        Assert.Contains($"Explanations:ShapSampler is {sampler}", error.ErrorMessage);
        Assert.Throws<ArgumentException>(() => new SentenceExplainer(new SyntheticScorer(3, SyntheticScorer.NonLinear), null!, 64, options));
    }

    private static bool IsValid(ExplanationOptions options) =>
        Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);
}
