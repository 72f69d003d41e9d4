using System.Text;

namespace BiasApp.Core.Documents;

/// <summary>Plain text: paragraphs are separated by blank lines; no headings.</summary>
internal static class PlainTextReader
{
    public static void Read(byte[] bytes, DocumentTextBuilder builder, string name)
    {
        var text = Decode(bytes, name);
        foreach (var paragraph in Paragraphs(text)) builder.AddParagraph(paragraph);
    }

    /// <summary>UTF-8 (or UTF-16 with a byte-order mark); a file with NUL characters is binary, not text.</summary>
    public static string Decode(byte[] bytes, string name)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();
        if (text.Contains('\0'))
            throw new DocumentExtractionException(DocumentProblem.Corrupt, $"'{name}' is not a text file: it holds binary data.");
        return text;
    }

    /// <summary>The blocks of <paramref name="text"/> between blank lines.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        var current = new StringBuilder();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                continue;
            }
            current.Append(line).Append(' ');
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
