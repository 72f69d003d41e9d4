using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Tests.Documents;

/// <summary>
/// Every format round trip through the API: a file made with the format's library (or written as the format's text where
/// it has no writer), uploaded to <c>POST /api/v1/documents</c>, and every sentence found at its page, paragraph and heading.
/// </summary>
public sealed class DocumentRoundTripTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    /// <summary>A heading or paragraph of the test document, as its sentences.</summary>
    private sealed record Part(bool IsHeading, params string[] Sentences)
    {
        public string Text => string.Join(' ', Sentences);
    }

    private static Part Heading(string text) => new(true, text);

    private static Part Paragraph(params string[] sentences) => new(false, sentences);

    // Three pages; the heading of page 1 carries over to the start of page 2.
    private static readonly Part[][] Pages =
    [
        [Heading("Recruitment"), Paragraph("Women are too emotional to lead a team.", "The office opens at nine."),
         Paragraph("We review every application within 10 days.")],
        [Paragraph("Parking is free for all visitors to the site."), Heading("Culture"),
         Paragraph("Old people cannot learn new software.", "Lunch is at noon.")],
        [Heading("Benefits"), Paragraph("Staff get 25 days of leave a year.", "Nurses are always women.")],
    ];

    private static byte[] Write(string format) => format switch
    {
        "pdf" => Pdf(Pages.Select(page => page.Select(ToBlock).ToArray()).ToArray()),
        // With explicit page breaks (a break run and pageBreakBefore): still no page numbers, see docs/documents.md.
        "docx" => DocxPages(Pages.Select(page => page.Select(ToBlock).ToArray()).ToArray()),
        "html" => Html(),
        "md" => Markdown(),
        _ => Encoding.UTF8.GetBytes(string.Join("\n\n", Pages.SelectMany(p => p).Select(part => part.Text))),
    };

    private static Block ToBlock(Part part) => part.IsHeading ? H(part.Text) : P(part.Text);

    // Markdig has no writer: Markdown is its text. ATX and setext headings in turn, and inline markup that the reader drops.
    private static byte[] Markdown()
    {
        var blocks = new List<string>();
        var headings = 0;
        foreach (var part in Pages.SelectMany(p => p))
        {
            if (part.IsHeading)
                blocks.Add(headings++ % 2 == 0 ? $"# {part.Text}" : $"{part.Text}\n{new string('-', part.Text.Length)}");
            else
                blocks.Add($"**{part.Sentences[0]}** {string.Join(' ', part.Sentences.Skip(1))}".TrimEnd());
        }
        return Encoding.UTF8.GetBytes(string.Join("\n\n", blocks) + "\n");
    }

    // Built as a DOM with AngleSharp and serialised by it; a nav and a script the reader must leave out.
    private static byte[] Html()
    {
        using var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html lang=\"en\"><head><title>Policy</title></head><body></body></html>");
        var body = document.Body!;
        var nav = document.CreateElement("nav");
        nav.TextContent = "Home About Contact";
        body.AppendChild(nav);
        foreach (var part in Pages.SelectMany(p => p))
        {
            var element = document.CreateElement(part.IsHeading ? "h2" : "p");
            if (part.IsHeading)
            {
                element.TextContent = part.Text;
            }
            else
            {
                var emphasis = document.CreateElement("em");
                emphasis.TextContent = part.Sentences[0];
                element.AppendChild(emphasis);
                element.AppendChild(document.CreateTextNode(" " + string.Join(' ', part.Sentences.Skip(1))));
            }
            body.AppendChild(element);
        }
        var script = document.CreateElement("script");
        script.TextContent = "document.title = 'Women are bad drivers.';";
        body.AppendChild(script);
        return Encoding.UTF8.GetBytes(document.DocumentElement.OuterHtml);
    }

    /// <summary>Where each sentence should be found: pages only for PDF, paragraphs per page there and per document elsewhere.</summary>
    private static List<(string Text, int? Page, int Paragraph, string? Heading)> Expected(string format)
    {
        var expected = new List<(string, int?, int, string?)>();
        string? heading = null;
        var paragraph = 0;
        for (var p = 0; p < Pages.Length; p++)
        {
            if (format == "pdf") paragraph = 0;
            foreach (var part in Pages[p])
            {
                paragraph++;
                // Plain text has no headings: a heading line is a paragraph like any other.
                if (part.IsHeading && format != "txt") heading = part.Text;
                foreach (var sentence in part.Sentences) expected.Add((sentence, format == "pdf" ? p + 1 : null, paragraph, heading));
            }
        }
        return expected;
    }

    [Theory]
    [InlineData("docx")]
    [InlineData("pdf")]
    [InlineData("txt")]
    [InlineData("md")]
    [InlineData("html")]
    public async Task EverySentenceIsFoundAtItsPageParagraphAndHeading(string format)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Write(format)), "file", $"policy.{format}" } };

        var response = await factory.CreateClient().PostAsync("/api/v1/documents", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var found = body.GetProperty("sentences").EnumerateArray().Select(s =>
        {
            var location = s.GetProperty("location");
            var page = location.GetProperty("page");
            return (s.GetProperty("text").GetString()!, page.ValueKind == JsonValueKind.Null ? (int?)null : page.GetInt32(),
                location.GetProperty("paragraph").GetInt32(), location.GetProperty("heading").GetString());
        }).ToList();
        Assert.Equal(Expected(format), found);

        var document = body.GetProperty("document");
        Assert.Equal(format, document.GetProperty("format").GetString());
        Assert.Equal(Pages.Sum(p => p.Length), document.GetProperty("paragraphs").GetInt32());
        if (format == "pdf") Assert.Equal(Pages.Length, document.GetProperty("pages").GetInt32());
        else Assert.Equal(JsonValueKind.Null, document.GetProperty("pages").ValueKind);
        Assert.Equal("stereotype", body.GetProperty("sentences").EnumerateArray()
            .Single(s => s.GetProperty("text").GetString() == "Women are too emotional to lead a team.").GetProperty("label").GetString());
    }
}
