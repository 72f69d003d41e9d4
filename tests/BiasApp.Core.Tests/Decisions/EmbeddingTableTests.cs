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
            var rows = table.Above(SentenceEmbedding.From(vectors[i]), -1).ToDictionary(h => h.Row, h => h.Similarity);
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
        var query = SentenceEmbedding.From([2f, 0f, 0f, 0f]);
        var hits = table.Above(query, 0.7);
        Assert.Equal([0, 1], hits.Select(h => h.Row));
        Assert.Equal(1f, hits[0].Similarity, 1e-3f);
        Assert.Equal(0.7071f, hits[1].Similarity, 1e-3f);
        Assert.DoesNotContain(table.Above(query, 0.71), h => h.Row == 1);
        Assert.Empty(table.Above(SentenceEmbedding.From([1f, 2f, 3f]), 0)); // another size matches nothing
    }

    [Theory]
    [InlineData(384)]
    [InlineData(45)]
    [InlineData(3)]
    public void EveryDotProductPathGivesTheExactIntegerSum(int size)
    {
        var random = new Random(size);
        for (var round = 0; round < 20; round++)
        {
            // The extremes included: every product at ±16,129.
            var query = Enumerable.Range(0, size).Select(_ => (short)(round == 0 ? 127 : random.Next(-127, 128))).ToArray();
            var codes = Enumerable.Range(0, size).Select(_ => (sbyte)(round == 0 ? -127 : random.Next(-127, 128))).ToArray();
            var expected = query.Zip(codes, (q, c) => q * c).Sum();
            Assert.Equal(expected, EmbeddingTable.DotPortable(query, codes));
            if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) Assert.Equal(expected, EmbeddingTable.DotAvx2(query, codes));
            Assert.Equal(expected, EmbeddingTable.Dot(query, codes));
        }
    }
}
