using UglyToad.PdfPig;

namespace BiasApp.Core.Tests.Reports;

/// <summary>Reads reports back: the URLs an HTML report would fetch, and the text of a PDF.</summary>
public static class ReportChecks
{
    /// <summary>Every URL the page would fetch or link to (src, href, url(), @import and the like), other than a fragment of the page itself (#id).</summary>
    public static IEnumerable<string> ExternalReferences(AngleSharp.Dom.IDocument dom)
    {
        foreach (var element in dom.All)
        {
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.Name.ToLowerInvariant();
                if (name is "src" or "href" or "xlink:href" or "action" or "formaction" or "poster" or "srcset" or "data" or "background" or "xmlns")
                {
                    if (!attribute.Value.StartsWith('#')) yield return $"{element.LocalName} {name}={attribute.Value}";
                }
                if (name == "style" && attribute.Value.Contains("url(", StringComparison.OrdinalIgnoreCase)) yield return $"{element.LocalName} style url()";
            }
        }
        foreach (var style in dom.QuerySelectorAll("style"))
        {
            if (style.TextContent.Contains("url(", StringComparison.OrdinalIgnoreCase) || style.TextContent.Contains("@import", StringComparison.OrdinalIgnoreCase))
                yield return "style sheet url()/@import";
        }
    }

    /// <summary>The text of every page, whitespace removed (lines and words are placed separately).</summary>
    public static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => Squeeze(p.Text)));
    }

    public static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
