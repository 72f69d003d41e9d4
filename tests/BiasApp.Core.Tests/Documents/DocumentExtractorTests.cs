using BiasApp.Core.Documents;
using Microsoft.Extensions.Options;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Core.Tests.Documents;

public sealed class DocumentExtractorTests
{
    private static DocumentExtractor Extractor(DocumentsOptions? options = null) => new(Options.Create(options ?? new DocumentsOptions()));

    private static string TextOf(ExtractedDocument document, DocumentParagraph paragraph) => document.Text.Substring(paragraph.Start, paragraph.Length);

    [Fact]
    public void DocxParagraphsCarryTheirHeadingsIncludingALocalisedHeadingStyle()
    {
        var bytes = Docx(P("Preface text comes first."), H("Hiring"), P("We want young and energetic people."), P("Apply by Friday."),
            H("Benefits"), P("Free lunch on Mondays."));

        var document = Extractor().Extract(bytes, "advert.docx");

        Assert.Equal(DocumentFormats.Docx, document.Format);
        Assert.Null(document.Pages);
        Assert.Equal(
            [(1, (string?)null, "Preface text comes first."), (2, "Hiring", "Hiring"), (3, "Hiring", "We want young and energetic people."),
             (4, "Hiring", "Apply by Friday."), (5, "Benefits", "Benefits"), (6, "Benefits", "Free lunch on Mondays.")],
            document.Paragraphs.Select(p => (p.Number, p.Heading, TextOf(document, p))));
        Assert.All(document.Paragraphs, p => Assert.Null(p.Page));
    }

    [Fact]
    public void PdfParagraphsAreNumberedPerPageAndLargeOneLineBlocksAreHeadings()
    {
        var bytes = Pdf(
            [H("Policy"), P("Our staff come from many places and we value that greatly in every team we build."), P("Second paragraph on page one.")],
            [P("Page two starts without a heading and keeps the section."), H("Appendix"), P("Last words of the policy.")]);

        var document = Extractor().Extract(bytes, "policy.pdf");

        Assert.Equal(2, document.Pages);
        Assert.Equal(
            [(1, 1, "Policy", "Policy"),
             (1, 2, "Policy", "Our staff come from many places and we value that greatly in every team we build."),
             (1, 3, "Policy", "Second paragraph on page one."),
             (2, 1, "Policy", "Page two starts without a heading and keeps the section."),
             (2, 2, "Appendix", "Appendix"), (2, 3, "Appendix", "Last words of the policy.")],
            document.Paragraphs.Select(p => (p.Page ?? 0, p.Number, p.Heading, TextOf(document, p))));
    }

    [Fact]
    public void MarkdownHeadingsParagraphsAndListItemsKeepTheirTextWithoutMarkupOrCode()
    {
        const string markdown = "Intro line one\nand line two.\n\n# Team *culture*\n\nWe hire **only** the best.\n\n- First item\n- Second [link](http://x.test)\n\n```\ncode is skipped\n```\n";

        var document = Extractor().Extract(Utf8(markdown), "notes.md");

        Assert.Equal(
            [(null, "Intro line one and line two."), ("Team culture", "Team culture"), ("Team culture", "We hire only the best."),
             ("Team culture", "First item"), ("Team culture", "Second link")],
            document.Paragraphs.Select(p => (p.Heading, TextOf(document, p))));
    }

    [Fact]
    public void HtmlReadsHeadingsParagraphsAndListItemsAndSkipsScriptsStylesAndNavigation()
    {
        const string html = """
            <html><head><title>T</title><style>p { color: red }</style><script>var x = "Nope.";</script></head>
            <body><nav><p>Home | About</p></nav>
            <h1>About us</h1><p>We are a <b>small</b> team.<br>Based in Leeds.</p>
            <ul><li>Fast</li><li><p>Friendly people.</p></li></ul>
            <h2>Jobs</h2><p>None open.</p></body></html>
            """;

        var document = Extractor().Extract(Utf8(html), "page.html");

        Assert.Equal(
            [("About us", "About us"), ("About us", "We are a small team. Based in Leeds."), ("About us", "Fast"),
             ("About us", "Friendly people."), ("Jobs", "Jobs"), ("Jobs", "None open.")],
            document.Paragraphs.Select(p => (p.Heading, TextOf(document, p))));
    }

    [Fact]
    public void PlainTextParagraphsAreSplitAtBlankLines()
    {
        var document = Extractor().Extract(Utf8("\uFEFFFirst paragraph\nwraps here.\r\n\r\n\r\nSecond one."), "a.txt");

        Assert.Equal(["First paragraph wraps here.", "Second one."], document.Paragraphs.Select(p => TextOf(document, p)));
        Assert.Equal([1, 2], document.Paragraphs.Select(p => p.Number));
        Assert.Equal(new DocumentInfo("a.txt", "txt", null, 2, 38), document.Info);
    }

    [Theory]
    [InlineData("report.exe", null)]
    [InlineData("sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("noextension", "application/octet-stream")]
    public void AnUnsupportedFormatIsRefusedByName(string name, string? contentType)
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract([1, 2, 3], name, contentType));

        Assert.Equal(DocumentProblem.Unsupported, ex.Problem);
        Assert.Contains(".docx, .pdf, .txt, .md, .html", ex.Message);
    }

    [Fact]
    public void AFileWithoutAnExtensionIsReadByItsContentType()
    {
        var document = Extractor().Extract(Utf8("<p>Hello there.</p>"), "upload", "text/html; charset=utf-8");

        Assert.Equal(DocumentFormats.Html, document.Format);
    }

    [Fact]
    public void APasswordProtectedPdfIsReportedAsSuch()
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(EncryptedPdf(), "secret.pdf"));

        Assert.Equal(DocumentProblem.Encrypted, ex.Problem);
        Assert.Contains("password-protected PDF", ex.Message);
    }

    [Fact]
    public void APasswordProtectedWordFileIsReportedAsSuch()
    {
        // The start of an encrypted Office container: the compound-file signature, and its EncryptionInfo stream named in UTF-16.
        byte[] bytes = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504], .. System.Text.Encoding.Unicode.GetBytes("EncryptionInfo"), .. new byte[64]];

        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(bytes, "secret.docx"));

        Assert.Equal(DocumentProblem.Encrypted, ex.Problem);
        Assert.Contains("password-protected Word document", ex.Message);
    }

    [Fact]
    public void ATruncatedPdfIsCorrupt()
    {
        var whole = Pdf([P("Some words on a page that will be cut off in the middle of the file.")]);

        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(whole[..(whole.Length / 3)], "cut.pdf"));

        Assert.Equal(DocumentProblem.Corrupt, ex.Problem);
        Assert.Contains("damaged", ex.Message);
    }

    [Fact]
    public void ADocxNamedPdfIsNotTakenForAPdf()
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(Docx(P("Hello.")), "disguised.pdf"));

        Assert.Equal(DocumentProblem.Corrupt, ex.Problem);
        Assert.Contains("is not a PDF: it is a ZIP package", ex.Message);
    }

    [Fact]
    public void CorruptWordBytesAreReportedAsDamaged()
    {
        var docx = Docx(P("Hello there."));
        var broken = docx[..(docx.Length / 2)];

        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(broken, "broken.docx"));

        Assert.Equal(DocumentProblem.Corrupt, ex.Problem);
    }

    [Theory]
    [InlineData("empty.txt", "")]
    [InlineData("blank.md", "   \n\n  ")]
    [InlineData("bare.html", "<html><body><script>x()</script></body></html>")]
    public void ADocumentWithoutTextIsEmpty(string name, string content)
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(Utf8(content), name));

        Assert.Equal(DocumentProblem.Empty, ex.Problem);
    }

    [Fact]
    public void APdfWithoutTextIsEmptyAndTheMessageMentionsOcr()
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract(Pdf([]), "scan.pdf"));

        Assert.Equal(DocumentProblem.Empty, ex.Problem);
        Assert.Contains("OCR", ex.Message);
    }

    [Fact]
    public void TextOverTheCharacterLimitIsTooLargeAndTheMessageNamesTheLimit()
    {
        var text = string.Join("\n\n", Enumerable.Repeat("A paragraph of about fifty characters in length.", 40));

        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor(new DocumentsOptions { MaxCharacters = 1000 }).Extract(Utf8(text), "long.txt"));

        Assert.Equal(DocumentProblem.TooLarge, ex.Problem);
        Assert.Contains("1,000 characters", ex.Message);
    }

    [Fact]
    public void APdfOverThePageLimitIsTooLarge()
    {
        var bytes = Pdf([P("One.")], [P("Two.")], [P("Three.")]);

        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor(new DocumentsOptions { MaxPages = 2 }).Extract(bytes, "three.pdf"));

        Assert.Equal(DocumentProblem.TooLarge, ex.Problem);
        Assert.Contains("has 3 pages", ex.Message);
    }

    [Fact]
    public void BinaryDataNamedTxtIsNotText()
    {
        var ex = Assert.Throws<DocumentExtractionException>(() => Extractor().Extract([0x47, 0x00, 0x01, 0x02], "data.txt"));

        Assert.Equal(DocumentProblem.Corrupt, ex.Problem);
    }
}
