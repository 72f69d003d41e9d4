using System.Globalization;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Tests.Classification;
using Xunit.Abstractions;

namespace BiasApp.Core.Tests.Decisions;

// The int8 codes the matcher holds, against the float32 embeddings the model gives.
public sealed class EmbeddingTableTests(StereotypeClassifierTests.LoadedModel model, ITestOutputHelper output)
    : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private static readonly string[] Sentences =
    [
        "Women are too emotional to be leaders.", "Frankly, women are too emotional to be leaders.", "Men are too emotional to be leaders.",
        "I met 3 engineers from India and they were all great at math.", "I met 5 engineers from India and they were all great at math.",
        "The museum opens at ten on Sundays.", "People from Naples are all criminals.", "People from Palermo are all criminals.",
        "Old people are always slow and forgetful.", "Sikh men often wear a turban.", "The waiter was friendly and quick.",
        "Gay men are all obsessed with fashion.", "Straight men are all obsessed with fashion.", "It is a myth that women are bad drivers.",
    ];

    [Fact]
    public void QuantisedSimilaritiesStayWithinHalfAHundredthOfTheFloatCosine()
    {
        var vectors = model.Classifier.Embed(Sentences);
        var table = new EmbeddingTable(vectors.Length, vectors[0].Length);
        for (var i = 0; i < vectors.Length; i++) table.Set(i, vectors[i]);
        var worst = 0.0;
        for (var i = 0; i < vectors.Length; i++)
        {
            // Threshold -1: every row comes back with its similarity.
            var rows = table.Above(vectors[i], -1).ToDictionary(h => h.Row, h => h.Similarity);
            Assert.Equal(vectors.Length, rows.Count);
            for (var j = 0; j < vectors.Length; j++)
                worst = Math.Max(worst, Math.Abs(rows[j] - DecisionMatcher.Cosine(vectors[i], vectors[j])));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest difference from the float32 cosine: {worst:0.00000}"));
        Assert.True(worst < 0.005, $"largest difference {worst}");
        Assert.Equal(vectors.Length * (vectors[0].Length + 4L), table.Bytes);
    }

    [Fact]
    public void ARowIsFoundAboveTheThresholdOnlyWhenItsCosineIs()
    {
        var table = new EmbeddingTable(3, 4);
        table.Set(0, [1f, 0f, 0f, 0f]);
        table.Set(1, [10f, 10f, 0f, 0f]); // cosine 0.7071 to the query below
        table.Set(2, [0f, 0f, 0f, 0f]); // a zero vector is similar to nothing
        var hits = table.Above([2f, 0f, 0f, 0f], 0.7);
        Assert.Equal([0, 1], hits.Select(h => h.Row));
        Assert.Equal(1f, hits[0].Similarity, 1e-3f);
        Assert.Equal(0.7071f, hits[1].Similarity, 1e-3f);
        Assert.DoesNotContain(table.Above([2f, 0f, 0f, 0f], 0.71), h => h.Row == 1);
        Assert.Empty(table.Above([1f, 2f, 3f], 0)); // another size matches nothing
    }
}
