using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Tests.Segmentation;

public sealed class SentenceSegmenterTests
{
    private readonly SentenceSegmenter _segmenter = new();

    private string[] Split(string text)
    {
        var sentences = _segmenter.Split(text);
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Start, s.Length)));
        return sentences.Select(s => s.Text).ToArray();
    }

    [Fact]
    public void SplitsPlainSentencesOnTerminalPunctuation() =>
        Assert.Equal(["Women are kind.", "Men are tall!", "Are they?"], Split("Women are kind. Men are tall! Are they?"));

    [Fact]
    public void OffsetsPointIntoTheOriginalTextAndSkipSurroundingWhitespace()
    {
        var sentences = _segmenter.Split("   First one.   Second one.  ");
        Assert.Equal([(3, 10), (16, 11)], sentences.Select(s => (s.Start, s.Length)));
    }

    [Theory]
    [InlineData("Mr. Smith is a nurse. He is kind.", new[] { "Mr. Smith is a nurse.", "He is kind." })]
    [InlineData("Dr. Jones and Mrs. Lee met Prof. Kay. They talked.", new[] { "Dr. Jones and Mrs. Lee met Prof. Kay.", "They talked." })]
    [InlineData("Some groups, e.g. Teachers, are praised. Others not.", new[] { "Some groups, e.g. Teachers, are praised.", "Others not." })]
    [InlineData("People in the U.S. Army serve. Most are young.", new[] { "People in the U.S. Army serve.", "Most are young." })]
    [InlineData("J. K. Rowling wrote it. It sold.", new[] { "J. K. Rowling wrote it.", "It sold." })]
    [InlineData("She works in the U.K. and likes it.", new[] { "She works in the U.K. and likes it." })]
    public void KeepsAbbreviationsInsideTheirSentence(string text, string[] expected) => Assert.Equal(expected, Split(text));

    [Fact]
    public void DoesNotSplitDecimalsOrNumbers() =>
        Assert.Equal(["Pi is 3.14 and e is 2.718.", "Costs rose 4.5% in 2020."], Split("Pi is 3.14 and e is 2.718. Costs rose 4.5% in 2020."));

    [Theory]
    [InlineData("He said \"Girls can't code.\" Then he left.", new[] { "He said \"Girls can't code.\"", "Then he left." })]
    [InlineData("She shouted “Stop!” Nobody did.", new[] { "She shouted “Stop!”", "Nobody did." })]
    [InlineData("(Old people hate change.) Or do they?", new[] { "(Old people hate change.)", "Or do they?" })]
    [InlineData("\"Really?\" she asked.", new[] { "\"Really?\" she asked." })]
    public void KeepsClosingQuotesAndBracketsWithTheirSentence(string text, string[] expected) => Assert.Equal(expected, Split(text));

    [Fact]
    public void TextWithoutFinalPunctuationIsOneSentence() =>
        Assert.Equal(["all lawyers are liars"], Split("all lawyers are liars"));

    [Fact]
    public void TrailingTextWithoutPunctuationBecomesTheLastSentence() =>
        Assert.Equal(["One.", "And two without end"], Split("One. And two without end"));

    [Fact]
    public void LineBreaksAndBlankLinesEndSentences() =>
        Assert.Equal(["A heading", "First line", "Second line.", "After a blank line"],
            Split("A heading\nFirst line\r\nSecond line.\n\n\nAfter a blank line\n"));

    [Fact]
    public void EmojiStayWithTheSentenceTheyFollowAndOffsetsStayExact()
    {
        const string text = "So good! 😍😍 Next one 👍🏽. Last.";
        Assert.Equal(["So good! 😍😍", "Next one 👍🏽.", "Last."], Split(text));
    }

    [Theory]
    [InlineData("Wait... What happened?", new[] { "Wait...", "What happened?" })]
    [InlineData("Well… maybe not.", new[] { "Well… maybe not." })]
    [InlineData("Really?! Yes.", new[] { "Really?!", "Yes." })]
    public void HandlesEllipsesAndPunctuationRuns(string text, string[] expected) => Assert.Equal(expected, Split(text));

    [Fact]
    public void CutsVeryLongSentencesAtWhitespaceWithinTheLimit()
    {
        var segmenter = new SentenceSegmenter(maxSentenceLength: 50);
        var text = string.Join(' ', Enumerable.Repeat("word", 60)) + ".";
        var sentences = segmenter.Split(text);
        Assert.True(sentences.Count > 1);
        Assert.All(sentences, s =>
        {
            Assert.InRange(s.Length, 1, 50);
            Assert.Equal(s.Text, text.Substring(s.Start, s.Length));
            Assert.DoesNotContain("wor d", s.Text);
            Assert.StartsWith("word", s.Text);
        });
        Assert.Equal(text.Replace(" ", ""), string.Concat(sentences.Select(s => s.Text.Replace(" ", ""))));
    }

    [Fact]
    public void HardCutsALongRunWithoutWhitespaceWithoutSplittingSurrogatePairs()
    {
        var segmenter = new SentenceSegmenter(maxSentenceLength: 21);
        var text = string.Concat(Enumerable.Repeat("😀", 30));
        var sentences = segmenter.Split(text);
        Assert.All(sentences, s => Assert.False(char.IsLowSurrogate(s.Text[0])));
        Assert.Equal(text, string.Concat(sentences.Select(s => s.Text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  \n")]
    public void BlankTextHasNoSentences(string text) => Assert.Empty(_segmenter.Split(text));

    [Fact]
    public void RejectsAMaximumTooSmallToHoldASentence() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SentenceSegmenter(maxSentenceLength: 5));
}
