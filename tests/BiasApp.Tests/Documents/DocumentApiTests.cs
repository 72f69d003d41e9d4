using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Tests.Documents;

public sealed class DocumentApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static MultipartFormDataContent Upload(byte[] bytes, string name, string? contentType = null, string? explain = null)
    {
        var file = new ByteArrayContent(bytes);
        if (contentType is not null) file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (explain is not null) form.Add(new StringContent(explain), "explain");
        return form;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task APdfIsAnsweredLikeAnAnalysisWithTheDocumentAndEachSentencesLocation()
    {
        var pdf = Pdf(
            [H("Recruitment"), P("Women are too emotional to lead a team. The office opens at nine every day.")],
            [P("Parking is free for all visitors to the site."), H("Culture"), P("We celebrate every birthday with a cake.")]);

        var response = await factory.CreateClient().PostAsync("/api/v1/documents", Upload(pdf, "policy.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        // The analyze answer's fields, unchanged, plus document.
        foreach (var field in new[] { "sentences", "summary", "model", "mode", "explain" }) Assert.True(body.TryGetProperty(field, out _), field);
        Assert.Equal("none", body.GetProperty("explain").GetString());
        var document = body.GetProperty("document");
        Assert.Equal("policy.pdf", document.GetProperty("name").GetString());
        Assert.Equal("pdf", document.GetProperty("format").GetString());
        Assert.Equal(2, document.GetProperty("pages").GetInt32());
        Assert.Equal(5, document.GetProperty("paragraphs").GetInt32());
        Assert.True(document.GetProperty("characters").GetInt32() > 100);

        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();
        var located = sentences.Select(s => (s.GetProperty("text").GetString(), s.GetProperty("location").GetProperty("page").GetInt32(),
            s.GetProperty("location").GetProperty("paragraph").GetInt32(), s.GetProperty("location").GetProperty("heading").GetString())).ToArray();
        Assert.Equal(
            [("Recruitment", 1, 1, "Recruitment"), ("Women are too emotional to lead a team.", 1, 2, "Recruitment"),
             ("The office opens at nine every day.", 1, 2, "Recruitment"), ("Parking is free for all visitors to the site.", 2, 1, "Recruitment"),
             ("Culture", 2, 2, "Culture"), ("We celebrate every birthday with a cake.", 2, 3, "Culture")],
            located);
        Assert.Equal("stereotype", sentences[1].GetProperty("label").GetString());
        Assert.False(sentences[1].TryGetProperty("explanation", out _));
        Assert.Equal(6, body.GetProperty("summary").GetProperty("sentenceCount").GetInt32());
    }

    [Fact]
    public async Task ADocxWithoutPagesHasNullPagesAndHeadingsFromItsStyles()
    {
        var docx = Docx(P("A note before any heading about the firm."), H("Team"), P("Men are naturally better at maths than women."));

        var response = await factory.CreateClient().PostAsync("/api/v1/documents", Upload(docx, "team.docx"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("document").GetProperty("pages").ValueKind);
        var locations = body.GetProperty("sentences").EnumerateArray().Select(s => s.GetProperty("location")).ToArray();
        Assert.All(locations, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("page").ValueKind));
        Assert.Equal(JsonValueKind.Null, locations[0].GetProperty("heading").ValueKind);
        Assert.Equal([1, 2, 3], locations.Select(l => l.GetProperty("paragraph").GetInt32()));
        Assert.Equal("Team", locations[2].GetProperty("heading").GetString());
    }

    [Fact]
    public async Task ExplanationsAreComputedOnlyWhenAskedFor()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/documents",
            Upload(Utf8("# Note\n\nWomen are too emotional to lead a team."), "note.md", explain: "shap"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("shap", body.GetProperty("explain").GetString());
        Assert.True(body.GetProperty("sentences")[1].TryGetProperty("explanation", out _));
    }

    [Fact]
    public async Task AnUnknownExplainValueIsA400NamingTheChoices()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/documents", Upload(Utf8("Hello there, world."), "a.txt", explain: "why"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("none, shap, lime, both", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AnUnsupportedTypeIs415AndIsNotCounted()
    {
        var key = await factory.CreateKeyAsync("documents-415@example.test");
        var client = factory.CreateClient(key);

        var response = await client.PostAsync("/api/v1/documents", Upload([1, 2, 3, 4], "sheet.xlsx"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not a supported document", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
        Assert.Equal(0, await UsedTodayAsync(client));
    }

    [Fact]
    public async Task AJsonBodyIs415SayingToSendMultipart()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/documents", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("multipart/form-data", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("secret.pdf", "Password-protected document", "password-protected PDF")]
    [InlineData("cut.pdf", "Corrupt document", "damaged")]
    [InlineData("disguised.pdf", "Corrupt document", "is not a PDF")]
    [InlineData("empty.txt", "Empty document", "no text")]
    public async Task AnUnreadableDocumentIs422SayingWhyAndIsNotCounted(string name, string title, string detail)
    {
        var whole = Pdf([P("Some words on a page that will be cut off in the middle of the file.")]);
        var bytes = name switch
        {
            "secret.pdf" => EncryptedPdf(),
            "cut.pdf" => whole[..(whole.Length / 3)],
            "disguised.pdf" => Docx(P("A Word file under a PDF name.")),
            _ => Utf8("   \n\n  "),
        };
        var key = await factory.CreateKeyAsync($"documents-422-{name}@example.test");
        var client = factory.CreateClient(key);

        var response = await client.PostAsync("/api/v1/documents", Upload(bytes, name));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await UsedTodayAsync(client));
    }

    [Fact]
    public async Task AnUploadOverTheLimitIs413NamingTheLimit()
    {
        await using var small = factory.WithWebHostBuilder(builder => builder.UseSetting("Documents:MaxUploadBytes", "2048"));
        var client = small.CreateClient();

        var response = await client.PostAsync("/api/v1/documents", Upload(Utf8(new string('a', 5000)), "big.txt"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("2,048 bytes", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TextOverTheCharacterLimitIs413NamingTheLimit()
    {
        await using var small = factory.WithWebHostBuilder(builder => builder.UseSetting("Documents:MaxCharacters", "1000"));
        var text = string.Join("\n\n", Enumerable.Repeat("A paragraph of about fifty characters in length.", 40));

        var response = await small.CreateClient().PostAsync("/api/v1/documents", Upload(Utf8(text), "long.txt"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("1,000 characters", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ADocumentCountsAsOneAnalysisOnTheApiChannel()
    {
        var key = await factory.CreateKeyAsync("documents-metered@example.test");
        var client = factory.CreateClient(key);

        var response = await client.PostAsync("/api/v1/documents", Upload(Utf8("<h1>Hi</h1><p>Old people cannot learn new software.</p>"), "page.html"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await UsedTodayAsync(client));
    }

    [Fact]
    public async Task WithoutAKeyTheEndpointIs401()
    {
        var response = await factory.CreateClient(apiKey: null).PostAsync("/api/v1/documents", Upload(Utf8("Hello there, world."), "a.txt"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheMultipartUploadAndItsAnswers()
    {
        var openApi = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;

        var post = openApi.GetProperty("paths").GetProperty("/api/v1/documents").GetProperty("post");
        var form = post.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties");
        Assert.Equal("binary", form.GetProperty("file").GetProperty("format").GetString());
        Assert.Equal(["both", "lime", "none", "shap"], form.GetProperty("explain").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Order());
        foreach (var status in new[] { "200", "400", "413", "415", "422", "429", "503" })
            Assert.True(post.GetProperty("responses").TryGetProperty(status, out _), status);
    }

    private static async Task<int> UsedTodayAsync(HttpClient client)
    {
        var usage = JsonDocument.Parse(await client.GetStringAsync("/api/v1/usage")).RootElement;
        var limit = usage.GetProperty("limits").GetProperty("dailyQuota").GetInt32();
        return limit - usage.GetProperty("remainingToday").GetInt32();
    }
}
