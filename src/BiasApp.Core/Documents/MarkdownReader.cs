using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BiasApp.Core.Documents;

/// <summary>Markdown through Markdig: headings open sections; paragraphs (in lists and quotes too) are paragraphs; code is skipped.</summary>
internal static class MarkdownReader
{
    public static void Read(byte[] bytes, DocumentTextBuilder builder, string name)
    {
        var document = Markdown.Parse(PlainTextReader.Decode(bytes, name));
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block is HeadingBlock heading) builder.AddHeading(InlineText(heading.Inline));
            else if (block is ParagraphBlock paragraph) builder.AddParagraph(InlineText(paragraph.Inline));
        }
    }

    private static string InlineText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        Append(inline, text);
        return text.ToString();
    }

    private static void Append(Inline? inline, StringBuilder text)
    {
        for (var node = inline; node is not null; node = node.NextSibling)
        {
            switch (node)
            {
                case LiteralInline literal: text.Append(literal.Content.AsSpan()); break;
                case CodeInline code: text.Append(code.Content); break;
                case LineBreakInline: text.Append(' '); break;
                case AutolinkInline link: text.Append(link.Url); break;
                case ContainerInline container: Append(container.FirstChild, text); break;
            }
        }
    }
}
