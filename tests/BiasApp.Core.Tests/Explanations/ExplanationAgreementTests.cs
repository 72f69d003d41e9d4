using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class ExplanationAgreementTests
{
    [Fact]
    public void IdenticalAttributionsAgreeFully()
    {
        var a = ExplanationAgreement.Compute([1.0, 2, 3], [1.0, 2, 3]);

        Assert.Equal(1, a.Cosine, 1e-12);
        Assert.Equal(1, a.Pearson, 1e-12);
        Assert.Equal(0, a.JensenShannon, 1e-12);
        Assert.Equal(1, a.Confidence, 1e-12);
    }

    [Fact]
    public void DisjointAttributionsMatchHandComputedFigures()
    {
        var a = ExplanationAgreement.Compute([1.0, 0], [0.0, 1]);

        Assert.Equal(0, a.Cosine, 1e-12);
        Assert.Equal(-1, a.Pearson, 1e-12);
        Assert.Equal(1, a.JensenShannon, 1e-12);
        Assert.Equal(1.0 / 6, a.Confidence, 1e-12);
    }

    [Fact]
    public void SwappedAttributionsMatchHandComputedFigures()
    {
        var a = ExplanationAgreement.Compute([1.0, 2], [2.0, 1]);

        // cos = 4/5; Pearson of two points in opposite order = −1;
        // JSD of (1/3, 2/3) and (2/3, 1/3) = 1/3·log2(2/3) + 2/3·log2(4/3) = 0.0817042 bits.
        Assert.Equal(0.8, a.Cosine, 1e-12);
        Assert.Equal(-1, a.Pearson, 1e-12);
        Assert.Equal(0.0817042, a.JensenShannon, 1e-6);
        Assert.Equal((0.9 + 0 + (1 - 0.0817042)) / 3, a.Confidence, 1e-6);
    }

    [Fact]
    public void SignFlipKeepsMassButLosesCorrelation()
    {
        var a = ExplanationAgreement.Compute([1.0, -2, 3], [-1.0, 2, -3]);

        Assert.Equal(-1, a.Cosine, 1e-12);
        Assert.Equal(-1, a.Pearson, 1e-12);
        Assert.Equal(0, a.JensenShannon, 1e-12);
        Assert.Equal(1.0 / 3, a.Confidence, 1e-12);
    }

    [Fact]
    public void ZeroVectorsAndSingleWordsGiveFiguresNotNaN()
    {
        var bothZero = ExplanationAgreement.Compute([0.0, 0], [0.0, 0]);
        var oneZero = ExplanationAgreement.Compute([0.0, 0], [1.0, 2]);
        var single = ExplanationAgreement.Compute([0.4], [0.2]);
        var empty = ExplanationAgreement.Compute(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty);

        Assert.Equal(new ExplanationAgreement(1, 0, 0, 5.0 / 6), bothZero);
        Assert.Equal(new ExplanationAgreement(0, 0, 1, 1.0 / 3), oneZero);
        Assert.Equal(new ExplanationAgreement(1, 0, 0, 5.0 / 6), single);
        Assert.All(new[] { bothZero, oneZero, single, empty }, a => Assert.InRange(a.Confidence, 0, 1));
    }
}
