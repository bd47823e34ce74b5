using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Text;

public sealed class TextTokenizerTests
{
    private static string Data(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", relative);
    }

    [Fact]
    public void Split_LowercasesAndSeparatesPunctuation()
    {
        var o = new TextTokenizerOptions();
        Assert.Equal(["free", "entry", "!", "call", "now", ":", "0800", "-", "123"], TextTokenizer.Split("FREE entry! Call now: 0800-123", o));
        Assert.Equal(["FREE", "entry!"], TextTokenizer.Split("FREE entry!", o with { Lowercase = false, SplitPunctuation = false }));
    }

    [Fact]
    public void Vocabulary_MinFrequencyMaxSizeAndDeterministicOrder()
    {
        var docs = new[] { new[] { "b", "a", "c" }, new[] { "a", "b", "d" }, new[] { "a" } };
        var v = Vocabulary.Build(docs, minFrequency: 2, maxSize: 10);
        Assert.Equal(["a", "b"], v.Tokens); // a:3, b:2; c and d once
        Assert.Equal(2, v.IdOf("a"));
        Assert.Equal(Vocabulary.UnknownId, v.IdOf("c"));
        Assert.Equal(4, v.Size);
        Assert.Equal(["a"], Vocabulary.Build(docs, 1, 1).Tokens);
    }

    [Fact]
    public void Encode_PadsAndTruncatesOnChosenSide()
    {
        var v = new Vocabulary(["a", "b", "c"]);
        var o = new TextTokenizerOptions { MaxLength = 3 };
        Assert.Equal([2, 3, 0], TextTokenizer.Encode("a b", v, o));
        Assert.Equal([0, 2, 3], TextTokenizer.Encode("a b", v, o with { Padding = SequenceSide.Pre }));
        Assert.Equal([2, 3, 4], TextTokenizer.Encode("a b c a", v, o));
        Assert.Equal([3, 4, 2], TextTokenizer.Encode("a b c a", v, o with { Truncation = SequenceSide.Pre }));
        Assert.Equal([1, 2, 0], TextTokenizer.Encode("zzz a", v, o));
    }

    [Fact]
    public void Estimator_FineFoods_BuildsVocabularyOnTrainAndEncodes()
    {
        var ml = new MLContext(1);
        var cols = new[] { new TextLoader.Column("text", DataKind.String, 0), new TextLoader.Column("label", DataKind.String, 1) };
        var train = ml.Data.LoadFromTextFile(Data("fine_foods/train.csv"), cols, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var test = ml.Data.LoadFromTextFile(Data("fine_foods/test.csv"), cols, separatorChar: ',', hasHeader: true, allowQuoting: true);
        var tokenizer = ml.DeepRoad().TokenizeText(new TextTokenizerOptions { MaxLength = 32, MinFrequency = 3, MaxVocabularySize = 2000 }).Fit(train);
        Assert.Equal(2000, tokenizer.Vocabulary.Tokens.Count);
        Assert.Contains("the", tokenizer.Vocabulary.Tokens.Take(5)); // the most frequent English word is near the top

        var scored = tokenizer.Transform(test);
        var col = scored.Schema["Tokens"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Int32, 32), col.Type);
        var rows = scored.GetColumn<VBuffer<int>>("Tokens").Select(v => v.DenseValues().ToArray()).ToArray();
        var texts = scored.GetColumn<string>("text").ToArray();
        Assert.Equal(1000, rows.Length);
        Assert.All(rows, r => Assert.All(r, id => Assert.InRange(id, 0, tokenizer.Vocabulary.Size - 1)));
        Assert.Equal(TextTokenizer.Encode(texts[5], tokenizer.Vocabulary, tokenizer.Options), rows[5]);
        Assert.Contains(rows.SelectMany(r => r), id => id == Vocabulary.UnknownId); // unseen words in test

        using var ms = new MemoryStream();
        tokenizer.Save(ms);
        ms.Position = 0;
        var loaded = TextTokenizerTransformer.Load(ml, ms);
        Assert.Equal(tokenizer.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
        Assert.Equal(rows[7], loaded.Transform(test).GetColumn<VBuffer<int>>("Tokens").ElementAt(7).DenseValues().ToArray());
    }

    [Fact]
    public void BadInput_MissingOrNonTextColumn_NamesColumn()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new Numeric { X = 1 } });
        var missing = Assert.Throws<ArgumentException>(() => ml.DeepRoad().TokenizeText("body").Fit(data));
        Assert.Contains("'body'", missing.Message);
        var wrong = Assert.Throws<ArgumentException>(() => ml.DeepRoad().TokenizeText("X").Fit(data));
        Assert.Contains("'X'", wrong.Message);
        Assert.Throws<ArgumentException>(() => new TextTokenizerOptions { MaxLength = 0 }.Validate());
    }

    public sealed class Numeric
    {
        public float X { get; set; }
    }
}
