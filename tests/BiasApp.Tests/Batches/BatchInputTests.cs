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

        var rows = BatchInput.Parse(bytes, BatchInputFormat.Csv, "text", "group", 100);

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
        Assert.Equal("a", BatchInput.ParseCsv(text, "text", null, 10).Single().Text);
    }

    [Fact]
    public void BlankLinesAndBlankTextsAreSkipped()
    {
        var rows = BatchInput.ParseCsv("text,group\n\nfirst,a\n  ,b\n\nsecond,\n", "text", "group", 10);
        Assert.Equal(["first", "second"], rows.Select(r => r.Text));
        Assert.Null(rows[1].Group);

        var lines = BatchInput.ParseLines("one\r\n\r\n   \ntwo\n", 10);
        Assert.Equal(["one", "two"], lines.Select(r => r.Text));
        Assert.Equal([0, 1], lines.Select(r => r.Index));
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
}
