using System.Text;
using BiasApp.Batches;
using Microsoft.AspNetCore.Http;

namespace BiasApp.Tests.Batches;

public class BatchInputTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void CsvWithBomAndQuotedNewlinesKeepsTheTextWhole()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8("text,group\n\"Line one\nline two, still\",women\nPlain,men\n")).ToArray();

        var rows = BatchInput.Parse(bytes, BatchInputFormat.Csv, "text", "group", 100).Rows;

        Assert.Equal(2, rows.Count);
        Assert.Equal("Line one\nline two, still", rows[0].Text);
        Assert.Equal("women", rows[0].Group);
        Assert.Equal((1, "Plain", "men"), (rows[1].Index, rows[1].Text, rows[1].Group));
    }

    [Fact]
    public void HeaderIsReadWithoutTheBomAndColumnsMatchIgnoringCase()
    {
        var text = BatchInput.Decode([0xEF, 0xBB, 0xBF, .. Utf8("Text;Group\na;b\n")]);
        Assert.Equal(["Text", "Group"], BatchInput.ReadHeader(text));
        Assert.Equal("a", BatchInput.ParseCsv(text, "text", null, 10).Rows.Single().Text);
    }

    [Fact]
    public void BlankAndTooLongTextsAreSkippedAndReportedWithTheirRowNumbers()
    {
        var upload = BatchInput.ParseCsv("text,group\n\nfirst,a\n  ,b\n\nsecond,\n" + new string('x', 21) + ",c\n", "text", "group", 10, maxTextLength: 20);
        Assert.Equal(["first", "second"], upload.Rows.Select(r => r.Text));
        Assert.Null(upload.Rows[1].Group);
        // Header = row 1, as a spreadsheet numbers it; the blank line is row 2.
        Assert.Equal([3, 6], upload.Rows.Select(r => r.SourceRow));
        Assert.Equal([0, 1], upload.Rows.Select(r => r.Index));
        Assert.Equal(4, upload.SkippedCount);
        Assert.Equal(
            [new SkippedRow(2, SkipReasons.Blank), new SkippedRow(4, SkipReasons.Blank), new SkippedRow(5, SkipReasons.Blank), new SkippedRow(7, SkipReasons.TooLong)],
            upload.Skipped);

        // In a text file blank lines separate texts; rows keep their line numbers.
        var lines = BatchInput.ParseLines("one\r\n\r\n   \ntwo\n", 10);
        Assert.Equal(["one", "two"], lines.Rows.Select(r => r.Text));
        Assert.Equal([0, 1], lines.Rows.Select(r => r.Index));
        Assert.Equal([1, 4], lines.Rows.Select(r => r.SourceRow));
        Assert.Equal(0, lines.SkippedCount);
    }

    [Fact]
    public void EveryColumnButTheTextIsCarriedUnlessOthersAreChosen()
    {
        const string csv = "id,Text,date,group\n7,\"All cats nap, often.\",2026-01-02,cats\n8,Dogs bark.,,dogs\n";

        var all = BatchInput.ParseCsv(csv, "text", "group", 10);
        Assert.Equal(["id", "date", "group"], all.PassThroughColumns);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "7", ["date"] = "2026-01-02", ["group"] = "cats" }, all.Rows[0].Columns);
        Assert.Equal("", all.Rows[1].Columns!["date"]);

        var chosen = BatchInput.ParseCsv(csv, "text", null, 10, passThrough: ["DATE", "id"]);
        Assert.Equal(["id", "date"], chosen.PassThroughColumns);
        Assert.Equal(["id", "date"], chosen.Rows[0].Columns!.Keys);

        var none = BatchInput.ParseCsv(csv, "text", null, 10, passThrough: []);
        Assert.Empty(none.PassThroughColumns);
        Assert.Null(none.Rows[0].Columns);

        var unknown = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv(csv, "text", null, 10, passThrough: ["nope"]));
        Assert.Equal("passThrough", unknown.Field);
    }

    [Fact]
    public void PreviewShowsTheFirstRowsAndPicksTheTextColumnByNameOrLength()
    {
        var named = BatchInput.Preview("id,text,notes\n1,Short.,A much longer note than the text itself.\n2,Also short.,Another long note here.\n", firstRows: 1);
        Assert.Equal(["id", "text", "notes"], named.Header);
        Assert.Equal([["1", "Short.", "A much longer note than the text itself."]], named.FirstRows);
        Assert.Equal(2, named.Rows);
        Assert.Equal("text", named.DefaultTextColumn);

        var unnamed = BatchInput.Preview("id,comment,label\n1,The bus was late again today.,x\n2,Everyone liked the new office.,y\n");
        Assert.Equal("comment", unnamed.DefaultTextColumn);
        Assert.Null(unnamed.LabelWarning("comment"));
    }

    [Fact]
    public void AOneWordOrFewValuedTextColumnLooksLikeALabel()
    {
        var oneWord = BatchInput.Preview("label,text\npositive,Fine.\nnegative,Bad.\nneutral,It was okay I guess.\n");
        Assert.Contains("single word", oneWord.LabelWarning("label"));
        Assert.Contains("2 of its 3 values are a single word", oneWord.LabelWarning("text"));

        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i % 3 == 0 ? "very good" : i % 3 == 1 ? "quite bad" : "so so")},Sentence number {i} is here.\n"));
        var fewValues = BatchInput.Preview("id,rating,comment\n" + rows);
        Assert.Equal("comment", fewValues.DefaultTextColumn);
        Assert.Contains("only 3 distinct values in 40 rows", fewValues.LabelWarning("rating"));
        Assert.Null(fewValues.LabelWarning("comment"));
    }

    [Fact]
    public void MissingColumnNamesTheColumnsThereAre()
    {
        var ex = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv("sentence,group\na,b\n", "text", null, 10));
        Assert.Equal("textColumn", ex.Field);
        Assert.Contains("sentence, group", ex.Message);

        var group = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv("text\na\n", "text", "group", 10));
        Assert.Equal("groupColumn", group.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    public void EmptyInputIsRejected(string text)
    {
        Assert.Contains("empty", Assert.Throws<BatchInputException>(() => BatchInput.ParseLines(text, 10)).Message);
        Assert.Contains("empty", Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv(text, "text", null, 10)).Message);
    }

    [Fact]
    public void HeaderOnlyCsvHasNoTexts() =>
        Assert.Contains("no texts", Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv("text,group\n", "text", null, 10)).Message);

    [Fact]
    public void InvalidUtf8IsRejectedWithTheOffset()
    {
        var ex = Assert.Throws<BatchInputException>(() => BatchInput.Decode([.. Utf8("text\ncaf"), 0xE9, .. Utf8("\n")]));
        Assert.Contains("not valid UTF-8", ex.Message);
        Assert.Contains("offset 8", ex.Message);
    }

    [Fact]
    public void Utf16IsRejected() =>
        Assert.Contains("UTF-16", Assert.Throws<BatchInputException>(() => BatchInput.Decode([0xFF, 0xFE, 0x74, 0x00])).Message);

    [Fact]
    public void MalformedCsvIsReportedAsSuch()
    {
        var ex = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv("text,group\n\"unterminated,a\nb\"x\"y,c\n", "text", "group", 10));
        Assert.Equal("file", ex.Field);
    }

    [Fact]
    public void ShortRowIsReportedWithItsLine()
    {
        var ex = Assert.Throws<BatchInputException>(() => BatchInput.ParseCsv("group,text\na,one\nb\n", "text", "group", 10));
        Assert.Contains("Line 3", ex.Message);
    }

    [Fact]
    public void TooManyRowsIsA413()
    {
        var ex = Assert.Throws<BatchInputException>(() => BatchInput.ParseLines("a\nb\nc\n", 2));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, ex.Status);
    }

    private static string WideCsv(int columns, int rows) =>
        string.Join(",", Enumerable.Range(1, columns - 1).Select(c => $"c{c}").Prepend("text")) + "\n"
        + string.Concat(Enumerable.Range(1, rows).Select(r => string.Join(",", Enumerable.Range(1, columns - 1).Select(c => $"{r}.{c}").Prepend($"Row {r} text")) + "\n"));

    [Fact]
    public void ACsvWithMoreThanAThousandColumnsIsRefusedNamingTheLimit()
    {
        var csv = WideCsv(1_001, 1);

        foreach (var parse in new Action[] { () => BatchInput.ParseCsv(csv, "text", null, 10), () => BatchInput.Preview(csv) })
        {
            var ex = Assert.Throws<BatchInputException>(parse);
            Assert.Equal(("file", StatusCodes.Status400BadRequest), (ex.Field, ex.Status));
            Assert.Contains("1,001 columns", ex.Message);
            Assert.Contains("limit is 1,000", ex.Message);
        }
    }

    [Fact]
    public void AThousandColumnHeaderCarriesEveryOtherColumnThrough()
    {
        var csv = WideCsv(1_000, 30);
        var others = Enumerable.Range(1, 999).Select(c => $"c{c}").ToList();

        // Every column but the text (the API's default), and the same columns named one by one (the page's choice).
        foreach (var passThrough in new[] { null, others.Select(c => c.ToUpperInvariant()).Reverse().ToList() })
        {
            var upload = BatchInput.ParseCsv(csv, "TEXT", "c999", 100, passThrough: passThrough);
            Assert.Equal(30, upload.Rows.Count);
            Assert.Equal(others, upload.PassThroughColumns);
            Assert.Equal("Row 30 text", upload.Rows[29].Text);
            Assert.Equal("30.999", upload.Rows[29].Group);
            Assert.Equal(999, upload.Rows[29].Columns!.Count);
            Assert.Equal("30.1", upload.Rows[29].Columns!["c1"]);
            Assert.Equal("30.998", upload.Rows[29].Columns!["c998"]);
        }
    }

    [Fact]
    public void ParsingStopsWhenTheCallerCancels()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var csv = WideCsv(3, 10);

        Assert.ThrowsAny<OperationCanceledException>(() => BatchInput.ParseCsv(csv, "text", null, 100, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => BatchInput.Preview(csv, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => BatchInput.ParseLines("a\nb\n", 100, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => BatchInput.Parse(Utf8(csv), BatchInputFormat.Csv, "text", null, 100, cancellationToken: cancelled.Token));
    }
}
