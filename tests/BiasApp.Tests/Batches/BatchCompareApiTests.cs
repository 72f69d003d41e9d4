using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Core.Batches;

namespace BiasApp.Tests.Batches;

/// <summary>Compare sources and .xlsx uploads through the API, on the real app: the committed model, a SQLite file, an API key.</summary>
public sealed class BatchCompareApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    // model-a writes stereotypes, model-b plain statements; "All nurses are women." scores 0.96 and "Mr. Smith is our new
    // nurse." 0.002 with the shipped model (docs/api.md).
    private static readonly string[] Stereotypes =
        ["All nurses are women.", "Women are too emotional to lead.", "All men are strong and never cry.", "Girls are bad at math.", "Old people are useless with technology.", "All nurses are women, as everyone knows."];

    private static readonly string[] Plain =
        ["Mr. Smith is our new nurse.", "The weather is nice today.", "The meeting starts at nine tomorrow.", "She bought bread at the bakery.", "The train to Leeds was on time.", "He painted the fence green last weekend."];

    private static string LlmCsv() =>
        "text,group,llm\n"
        + string.Join("\n", Stereotypes.Select((t, i) => $"\"{t}\",{(i % 2 == 0 ? "gender" : "age")},model-a"))
        + "\n" + string.Join("\n", Plain.Select((t, i) => $"\"{t}\",{(i % 2 == 0 ? "gender" : "age")},model-b")) + "\n";

    private static MultipartFormDataContent Form(byte[] file, string fileName, string contentType, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private async Task<(string Id, JsonElement Done)> RunAsync(HttpClient client, HttpContent content)
    {
        var created = await BatchApiTests.CreateAsync(client, content);
        var id = created.GetProperty("id").GetString()!;
        var done = await Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}"),
            s => BatchApiTests.Status(s) is "done" or "failed", TimeSpan.FromSeconds(60), $"batch {id} finishes");
        Assert.Equal("done", BatchApiTests.Status(done));
        return (id, done);
    }

    [Fact]
    public async Task ACsvComparedByLlmGivesRatesPerModelAChiSquareTestAndHolmPairs()
    {
        var client = factory.CreateClient();
        var (id, done) = await RunAsync(client, Form(Encoding.UTF8.GetBytes(LlmCsv()), "llm.csv", "text/csv", ("textColumn", "text"), ("compareColumn", "llm")));
        Assert.Equal("llm", done.GetProperty("compareColumn").GetString());

        var rows = (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.Equal(r.GetProperty("columns").GetProperty("llm").GetString(), r.GetProperty("compare").GetString()));
        int Flagged(string llm) => rows.Count(r => r.GetProperty("compare").GetString() == llm && r.GetProperty("flagged").GetBoolean());

        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/summary");
        Assert.Equal("llm", summary.GetProperty("compareColumn").GetString());
        var compare = summary.GetProperty("compare").EnumerateArray().ToList();
        Assert.Equal(["model-a", "model-b"], compare.Select(c => c.GetProperty("value").GetString()));
        foreach (var c in compare)
        {
            var value = c.GetProperty("value").GetString()!;
            Assert.Equal(6, c.GetProperty("rows").GetInt32());
            Assert.Equal(Flagged(value), c.GetProperty("flagged").GetInt32());
            var wilson = BatchStatistics.Wilson(Flagged(value), 6);
            Assert.Equal(Flagged(value) / 6.0, c.GetProperty("rate").GetDouble(), 12);
            Assert.Equal(wilson.Lower, c.GetProperty("ciLow").GetDouble(), 12);
            Assert.Equal(wilson.Upper, c.GetProperty("ciHigh").GetDouble(), 12);
        }
        // The model flags the stereotypes and passes the plain statements.
        Assert.True(Flagged("model-a") >= 5, $"model-a: {Flagged("model-a")} of 6 flagged");
        Assert.Equal(0, Flagged("model-b"));

        var test = summary.GetProperty("compareTest");
        var expected = CompareStatistics.ChiSquareIndependence(new[,] { { Flagged("model-a"), 6 - Flagged("model-a") }, { 0, 6 } })!;
        Assert.Equal(expected.ChiSquare, test.GetProperty("chiSquare").GetDouble(), 9);
        Assert.Equal(1, test.GetProperty("df").GetInt32());
        Assert.Equal(expected.PValue, test.GetProperty("pValue").GetDouble(), 12);
        Assert.True(test.GetProperty("pValue").GetDouble() < 0.01);

        var pair = Assert.Single(summary.GetProperty("comparePairs").EnumerateArray());
        Assert.Equal(("model-a", "model-b", true), (pair.GetProperty("higher").GetString(), pair.GetProperty("lower").GetString(), pair.GetProperty("significant").GetBoolean()));
        // One pair: Holm changes nothing, and the z-test agrees with the 2 × 2 chi-square.
        Assert.Equal(pair.GetProperty("pValue").GetDouble(), pair.GetProperty("pHolm").GetDouble());
        Assert.Equal(expected.PValue, pair.GetProperty("pValue").GetDouble(), 12);

        var cells = summary.GetProperty("compareMatrix").EnumerateArray()
            .Select(c => (c.GetProperty("value").GetString(), c.GetProperty("group").GetString(), c.GetProperty("rows").GetInt32())).ToList();
        Assert.Equal([("model-a", "age", 3), ("model-a", "gender", 3), ("model-b", "age", 3), ("model-b", "gender", 3)], cells);

        // Exports keep the compare column, and the JSON export carries the comparison.
        var csv = await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv");
        Assert.EndsWith(",row_review,sentence_review,row_kind,kind,model_kind,decision_kind,input_group,llm", csv.Split("\r\n")[0]);
        Assert.Contains(",model-b", csv);
        var json = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/results?format=json");
        Assert.Equal(2, json.GetProperty("summary").GetProperty("compare").GetArrayLength());
    }

    [Fact]
    public async Task ACompareColumnThatIsNotAColumnIs400NamingTheColumns()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/batches",
            Form(Encoding.UTF8.GetBytes(LlmCsv()), "llm.csv", "text/csv", ("compareColumn", "model")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("compareColumn")[0].GetString();
        Assert.Equal("Column 'model' is not in the CSV; its header has: text, group, llm.", message);
    }

    [Fact]
    public async Task ACompareColumnOnATextFileIs400()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/batches",
            Form("All nurses are women.\n"u8.ToArray(), "lines.txt", "text/plain", ("compareColumn", "llm")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("has no columns", (await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnXlsxSheetIsChosenByNameAndKeepsItsRowNumbersColumnsAndComparison()
    {
        var workbook = XlsxFile.Create(
            ("Readme", [(1, ["This workbook holds answers."])]),
            ("Answers", [
                (1, ["id", "text", "llm"]),
                (2, [1, "All nurses are women.", "model-a"]),
                (3, [2, "The weather is nice today.", "model-b"]),
                (5, [3, "Mr. Smith is our new nurse.", "model-b"]),
                (6, [4, "", "model-a"]),
            ]));
        var client = factory.CreateClient();

        var (id, done) = await RunAsync(client, Form(workbook, "answers.xlsx", XlsxContentType, ("sheet", "Answers"), ("compareColumn", "llm")));

        Assert.Equal(3, done.GetProperty("rowsTotal").GetInt32());
        Assert.Equal([4, 6], done.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("row").GetInt32()));
        Assert.Equal(["id", "llm"], done.GetProperty("passThroughColumns").EnumerateArray().Select(c => c.GetString()));
        var rows = (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2, 3, 5], rows.Select(r => r.GetProperty("sourceRow").GetInt32()));
        Assert.Equal(["1", "2", "3"], rows.Select(r => r.GetProperty("columns").GetProperty("id").GetString()));
        Assert.Equal([true, false, false], rows.Select(r => r.GetProperty("flagged").GetBoolean()));
        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/summary");
        Assert.Equal([("model-a", 1, 1), ("model-b", 2, 0)],
            summary.GetProperty("compare").EnumerateArray().Select(c => (c.GetProperty("value").GetString(), c.GetProperty("rows").GetInt32(), c.GetProperty("flagged").GetInt32())));
    }

    [Fact]
    public async Task WithoutASheetFieldTheFirstSheetIsRead()
    {
        var workbook = XlsxFile.Create(("First", [(1, ["text"]), (2, ["The weather is nice today."])]), ("Second", [(1, ["text"]), (2, ["a"]), (3, ["b"])]));

        var (_, done) = await RunAsync(factory.CreateClient(), Form(workbook, "book.xlsx", XlsxContentType));

        Assert.Equal(1, done.GetProperty("rowsTotal").GetInt32());
    }

    [Fact]
    public async Task ACorruptXlsxIs422AndAnUnknownSheetIs400NamingTheSheets()
    {
        var client = factory.CreateClient();
        var workbook = XlsxFile.Create(("Answers", [(1, ["text"]), (2, ["All nurses are women."])]));

        var corrupt = await client.PostAsync("/api/v1/batches", Form(workbook[..200], "broken.xlsx", XlsxContentType));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, corrupt.StatusCode);
        var problem = await corrupt.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unreadable file", problem.GetProperty("title").GetString());
        Assert.Contains("not a readable .xlsx workbook", problem.GetProperty("detail").GetString());

        var unknown = await client.PostAsync("/api/v1/batches", Form(workbook, "book.xlsx", XlsxContentType, ("sheet", "Results")));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("The workbook has no sheet 'Results'; its sheets are: Answers.",
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("sheet")[0].GetString());
    }

    [Fact]
    public async Task JsonLinesAreComparedByAFieldNamedInTheQuery()
    {
        var body = string.Join("\n", Stereotypes.Take(2).Select(t => JsonSerializer.Serialize(new { text = t, llm = "model-a" }))
            .Concat(Plain.Take(2).Select(t => JsonSerializer.Serialize(new { text = t, llm = "model-b" }))));
        var client = factory.CreateClient();

        var missing = await client.PostAsync("/api/v1/batches?compareColumn=model", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("No line has a field 'model' to compare; the fields besides text and group are: llm.",
            (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("compareColumn")[0].GetString());

        var (id, _) = await RunAsync(client, new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        var plain = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/summary");
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("compare").ValueKind);

        var created = await client.PostAsync("/api/v1/batches?compareColumn=LLM", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var compared = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{compared}"),
            s => BatchApiTests.Status(s) == "done", TimeSpan.FromSeconds(60), "the compared batch finishes");
        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{compared}/summary");
        Assert.Equal("llm", summary.GetProperty("compareColumn").GetString());
        Assert.Equal(["model-a", "model-b"], summary.GetProperty("compare").EnumerateArray().Select(c => c.GetProperty("value").GetString()));
    }

    private const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
