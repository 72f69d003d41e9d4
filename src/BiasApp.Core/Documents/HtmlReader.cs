using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace BiasApp.Core.Documents;

/// <summary>
/// HTML through AngleSharp: h1–h6 open sections; p, li, blockquote, dd, dt, td, th and figcaption are paragraphs, in document
/// order; script, style, nav, noscript, template and form controls are dropped. A page with none of those blocks gives its
/// body's text, split at blank lines.
/// </summary>
internal static class HtmlReader
{
    private const string Blocks = "h1, h2, h3, h4, h5, h6, p, li, blockquote, dd, dt, td, th, figcaption, pre";
    private const string Skipped = "script, style, nav, noscript, template, select, button, svg, iframe, object";

    public static void Read(byte[] bytes, DocumentTextBuilder builder, string name)
    {
        if (bytes.AsSpan().Contains((byte)0))
            throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is not an HTML file: it holds binary data.");
        var parser = new HtmlParser();
        // The parser reads the charset from a byte-order mark or a <meta charset>, else takes UTF-8.
        using var document = parser.ParseDocument(new MemoryStream(bytes));
        foreach (var skipped in document.QuerySelectorAll(Skipped).ToArray()) skipped.Remove();

        var blocks = document.QuerySelectorAll(Blocks);
        if (blocks.Length == 0)
        {
            foreach (var paragraph in PlainTextReader.Paragraphs(document.Body?.TextContent ?? "")) builder.AddParagraph(paragraph);
            return;
        }
        foreach (var block in blocks)
        {
            // A block inside another (a p in an li, an li in a nested list) is its own paragraph, so its parent's text leaves it out.
            var text = OwnText(block);
            if (block.LocalName is ['h', >= '1' and <= '6']) builder.AddHeading(text);
            else builder.AddParagraph(text);
        }
    }

    private static string OwnText(IElement block)
    {
        var text = new StringBuilder();
        Append(block, text);
        return text.ToString();
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t) text.Append(t.Data);
            else if (child is IElement e && !e.Matches(Blocks))
            {
                // <br> and block-ish inline containers separate words.
                if (e.LocalName is "br" or "div" or "section" or "article") text.Append(' ');
                Append(e, text);
            }
        }
    }
}
