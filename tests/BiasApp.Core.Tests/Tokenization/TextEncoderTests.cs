using BiasApp.Core.Tokenization;

namespace BiasApp.Core.Tests.Tokenization;

public sealed class TextEncoderTests : IDisposable
{
    private readonly string _vocab = Path.GetTempFileName();

    public TextEncoderTests()
    {
        // A tiny vocabulary written by the test, as Microsoft.ML.Tokenizers' own BertTokenizer tests do.
        File.WriteAllLines(_vocab, ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "all", "nurse", "##s", "are", "kind", ".", "'", "t", "can", "cafe", "naive", "jose"]);
    }

    public void Dispose() => File.Delete(_vocab);

    [Fact]
    public void EncodeWrapsPiecesInClsAndSep()
    {
        var encoder = TextEncoder.FromVocabFile(_vocab);
        Assert.Equal([2, 5, 6, 7, 8, 9, 10, 3], encoder.Encode("All nurses are kind.", 64));
    }

    [Fact]
    public void EncodeTruncatesTextButKeepsSpecialTokens()
    {
        var encoder = TextEncoder.FromVocabFile(_vocab);
        Assert.Equal([2, 5, 6, 3], encoder.Encode("All nurses are kind.", 4));
    }

    [Fact]
    public void SplitWordsKeepsOriginalOffsetsAndMatchesEncode()
    {
        var encoder = TextEncoder.FromVocabFile(_vocab);
        const string text = "  All NURSES can't be kind.";
        var words = encoder.SplitWords(text);
        Assert.Equal(["All", "NURSES", "can", "'", "t", "be", "kind", "."], words.Select(w => w.Text));
        Assert.All(words, w => Assert.Equal(w.Text, text.Substring(w.Start, w.Length)));
        var pieces = words.SelectMany(w => w.PieceIds).ToArray();
        Assert.Equal(encoder.Encode(text, 64), encoder.Wrap(pieces, 64));
    }

    [Fact]
    public void AccentsAreStrippedAsTheBaseModelsTokenizerDoes()
    {
        Assert.True(TextEncoder.AccentsAreStripped, "this process runs with invariant globalization: no Unicode normalization");
        var encoder = TextEncoder.FromVocabFile(_vocab);
        // Precomposed and decomposed accents alike; before, each accented word was [UNK] (1).
        Assert.Equal(encoder.Encode("Cafe naive Jose.", 64), encoder.Encode("Café naïve Jose\u0301.", 64));
        Assert.DoesNotContain(1, encoder.Encode("Café naïve José.", 64));
        const string text = "Le café de José.";
        var words = encoder.SplitWords(text);
        Assert.All(words, w => Assert.Equal(w.Text, text.Substring(w.Start, w.Length)));
        Assert.Contains(words, w => w.Text == "café" && w.PieceIds.SequenceEqual([14]));
    }

    [Fact]
    public void MissingVocabularyFileIsAClearError()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => TextEncoder.FromVocabFile("/nonexistent/vocab.txt"));
        Assert.Contains("/nonexistent/vocab.txt", ex.Message);
    }
}
