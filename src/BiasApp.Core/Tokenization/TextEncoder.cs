using Microsoft.ML.Tokenizers;

namespace BiasApp.Core.Tokenization;

/// <summary>
/// The one WordPiece tokenizer of the app and of the training pipeline: a <see cref="BertTokenizer"/>
/// over the shipped, trusted <c>vocab.txt</c> (uncased). Thread-safe once created.
/// </summary>
public sealed class TextEncoder
{
    private readonly BertTokenizer _tokenizer;

    private TextEncoder(BertTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        ClsId = tokenizer.ClassificationTokenId;
        SepId = tokenizer.SeparatorTokenId;
        PadId = tokenizer.PaddingTokenId;
        MaskId = tokenizer.MaskingTokenId;
    }

    /// <summary>Id of <c>[CLS]</c>.</summary>
    public int ClsId { get; }
    /// <summary>Id of <c>[SEP]</c>.</summary>
    public int SepId { get; }
    /// <summary>Id of <c>[PAD]</c>.</summary>
    public int PadId { get; }
    /// <summary>Id of <c>[MASK]</c>, used by the explainers to hide a word.</summary>
    public int MaskId { get; }

    /// <summary>Loads the vocabulary file. Throws <see cref="FileNotFoundException"/> when it is missing.</summary>
    public static TextEncoder FromVocabFile(string vocabPath)
    {
        if (!File.Exists(vocabPath))
            throw new FileNotFoundException($"Vocabulary file not found: {vocabPath}", vocabPath);
        // Accents are stripped (NFD, then non-spacing marks dropped), as the base model's own uncased tokenizer does:
        // without it every accented word ("café", "naïve", "José") was one [UNK]. Decomposition needs ICU, so the app
        // does not run with invariant globalization (see AccentsAreStripped).
        var options = new BertOptions { LowerCaseBeforeTokenization = true, ApplyBasicTokenization = true, RemoveNonSpacingMarks = true };
        return new TextEncoder(BertTokenizer.Create(vocabPath, options));
    }

    /// <summary>
    /// False when this process cannot decompose accented letters (.NET's invariant globalization mode has no Unicode
    /// normalization), so "café" would become [UNK] instead of "cafe" and scores would differ from the training pipeline's.
    /// </summary>
    public static bool AccentsAreStripped { get; } = "\u00e9".Normalize(System.Text.NormalizationForm.FormD).Length == 2;

    /// <summary>
    /// Encodes <paramref name="text"/> as <c>[CLS] pieces… [SEP]</c>, keeping at most
    /// <paramref name="maxTokens"/> ids in all (the text is truncated, never the special tokens).
    /// </summary>
    public int[] Encode(string text, int maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        var pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        return Wrap(pieces, maxTokens);
    }

    /// <summary>Wraps word-piece ids in <c>[CLS]</c>/<c>[SEP]</c>, truncating to <paramref name="maxTokens"/>.</summary>
    public int[] Wrap(IReadOnlyList<int> pieces, int maxTokens)
    {
        var count = Math.Min(pieces.Count, maxTokens - 2);
        var ids = new int[count + 2];
        ids[0] = ClsId;
        for (var i = 0; i < count; i++) ids[i + 1] = pieces[i];
        ids[count + 1] = SepId;
        return ids;
    }

    /// <summary>
    /// Splits text into the words BERT's basic tokenizer sees (runs of letters/digits, or single
    /// punctuation/symbol characters), each with its character span in the original text and its
    /// word-piece ids. Concatenating the pieces gives the same ids as <see cref="Encode"/>.
    /// </summary>
    public IReadOnlyList<EncodedWord> SplitWords(string text)
    {
        var words = new List<EncodedWord>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c) || IsIgnorable(c)) { i++; continue; }
            int start = i;
            if (IsPunctuation(c) || IsCjk(text, i))
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsControl(text[i]) && !IsPunctuation(text[i]) && !IsCjk(text, i))
                    i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }
            var span = text.Substring(start, i - start);
            var ids = _tokenizer.EncodeToIds(span, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
            if (ids.Count > 0) words.Add(new EncodedWord(span, start, i - start, ids.ToArray()));
        }
        return words;
    }

    private static bool IsIgnorable(char c) => c == '\u200B' || c == '\uFEFF' || c == '\u200C' || c == '\u200D' || c == '\uFFFD';

    // BERT's definition: ASCII non-alphanumerics plus every Unicode punctuation category.
    private static bool IsPunctuation(char c)
    {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
        return char.IsPunctuation(c);
    }

    private static bool IsCjk(string text, int index)
    {
        int cp = char.IsSurrogatePair(text, index) ? char.ConvertToUtf32(text, index) : text[index];
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
            || (cp >= 0x2A700 && cp <= 0x2CEAF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
