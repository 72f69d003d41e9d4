using BiasApp.Core.Explanations;
using BiasApp.Core.Tests.Explanations;
using BiasApp.Research.Explanations;

namespace BiasApp.Research.Tests.Explanations;

public sealed class PermutationShapOnTheModelTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private const string Long = "Old people from the village are always slow, stubborn and bad with phones, computers, money and new ideas at work.";

    [Fact]
    public void SampledShapOnTheModelSumsToFullMinusBaseline()
    {
        var sentence = MaskedSentence.Create(model.Classifier.Encoder, Long, model.Classifier.Card.MaxLength);
        var result = new ShapExplainer(model.Classifier, estimator: new PermutationShapEstimator()).Explain(sentence, 256, seed: 1);

        Assert.False(result.Exact);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
    }
}
