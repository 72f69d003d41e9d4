namespace BiasApp.Core.Documents;

/// <summary>Why a document could not be read.</summary>
public enum DocumentProblem
{
    /// <summary>Not one of the formats in <see cref="DocumentFormats"/> (an API answers 415).</summary>
    Unsupported,

    /// <summary>Password-protected or encrypted (422).</summary>
    Encrypted,

    /// <summary>Damaged, or not the format its name says (422).</summary>
    Corrupt,

    /// <summary>Readable but without any text (422).</summary>
    Empty,

    /// <summary>More characters or pages than <see cref="DocumentsOptions"/> allow (413).</summary>
    TooLarge,
}
