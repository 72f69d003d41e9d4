using System.Text.Json;
using BiasApp.Core.Analysis;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using BiasApp.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Documents;

// A document's analysis is stored for its report and read back whole, explanations included, only by its owner.
public sealed class DocumentStoreTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    [Fact]
    public async Task AStoredAnalysisComesBackAsItWasForItsOwnerOnly()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var analysis = await scope.ServiceProvider.GetRequiredService<AnalysisService>()
            .AnalyzeAsync(new AnalysisRequest("Women are too emotional to lead a team. The office opens at nine.", ExplanationMode.Both));
        var document = analysis with
        {
            Sentences = [.. analysis.Sentences.Select(s => s with { Location = new SentenceLocation(null, 1, "Hiring") })],
            Document = new DocumentInfo("advert.docx", "docx", null, 1, 66),
        };
        var store = scope.ServiceProvider.GetRequiredService<DocumentStore>();

        var id = await store.SaveAsync("owner-1", document);
        var found = await store.FindAsync("owner-1", id);

        Assert.NotNull(found);
        Assert.Null(await store.FindAsync("owner-2", id));
        Assert.NotNull(found.Value.Analysis.Sentences[0].Explanation?.Shap);
        Assert.Equal(id, found.Value.Analysis.Document!.Id);
        // The stored copy answers as the original did, but for the rule hits and decisions, which are not kept.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        static DocumentAnalysis Comparable(DocumentAnalysis a) => a with
        {
            Sentences = [.. a.Sentences.Select(s => s with { RuleHits = null, Decision = null, ModelKind = null })],
            Document = a.Document! with { Id = null },
        };
        Assert.Equal(JsonSerializer.Serialize(Comparable(document), options), JsonSerializer.Serialize(Comparable(found.Value.Analysis), options));
    }
}
