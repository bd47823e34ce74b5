using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Featurization;

public sealed class DefaultFeaturizerTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static float[][] Features(IDataView view) => ViewReader.Vectors(view, "Features");

    [Fact]
    public void Build_Sacramento_OneHotLowCardinalityHashesHighCardinality()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("sacramento/train.csv"), new DataLoadOptions { Label = "price" });
        var options = new FeaturizerOptions { OneHotMaxCardinality = 10, HashingBits = 6, Normalizer = NormalizerKind.None };
        var described = DefaultFeaturizer.Describe(data.Schema, options).ToDictionary(d => d.Column, d => d.Encoding);
        Assert.StartsWith("one-hot", described["type"]);
        Assert.StartsWith("hashed", described["city"]);
        Assert.StartsWith("hashed", described["zip"]);

        var model = DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data);
        var output = model.Transform(data.Data);
        var type = Assert.IsType<VectorDataViewType>(output.Schema["Features"].Type);
        int typeCount = data.Schema["type"].DistinctCount;
        // 5 numeric + one-hot(type) + 2 hashed columns of 2^6 slots.
        Assert.Equal(5 + typeCount + 2 * 64, type.Size);
        var first = Features(output)[0];
        Assert.Equal(ViewReader.Singles(data.Data, "beds")[0], first[0]);
        // Categoricals follow the schema's column order: city (hashed), zip (hashed), type (one-hot).
        Assert.Equal(1f, first.Skip(5).Take(64).Sum());
        Assert.Equal(1f, first.Skip(5 + 64).Take(64).Sum());
        Assert.Equal(1f, first.Skip(5 + 128).Take(typeCount).Sum());
    }

    [Fact]
    public void Build_UnseenCategoryAtPrediction_GivesZeroOneHotNotAnError()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var options = new FeaturizerOptions { Normalizer = NormalizerKind.None, AddMissingIndicators = false };
        var model = DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data);
        var path = _files.Write("p.csv", "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nAtlantis,40,18,190,3800,female\nDream,40,18,190,3800,female\n");
        var test = DataLoader.LoadFile(_ml, path, data.Schema);
        var rows = Features(model.Transform(test.Data));
        int islands = data.Schema["island"].DistinctCount;
        Assert.Equal(0f, rows[0].Skip(4).Take(islands).Sum());
        Assert.Equal(1f, rows[1].Skip(4).Take(islands).Sum());
        Assert.Equal(rows[0][..4], rows[1][..4]);
    }

    [Fact]
    public void Build_Penguins_ImputesPerFitAndMinMaxScales()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var model = DefaultFeaturizer.Build(_ml, data.Schema, new FeaturizerOptions { Normalizer = NormalizerKind.MinMax }).Fit(data.Data);
        var rows = Features(model.Transform(data.Data));
        Assert.All(rows, r => Assert.All(r, v => Assert.InRange(v, 0f, 1f)));
        Assert.DoesNotContain(rows.SelectMany(r => r), float.IsNaN);
        // Indicator slots for the columns with missing values exist.
        int withMissing = data.Schema.FeatureColumns.Count(c => c.MissingCount > 0);
        int expected = 4 + withMissing + data.Schema["island"].DistinctCount + data.Schema["sex"].DistinctCount;
        Assert.Equal(expected, rows[0].Length);
    }

    [Fact]
    public void Build_AfterCleaning_DoesNotDuplicateIndicators()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var cleaned = DataCleaner.Fit(_ml, data.Data, data.Schema);
        var model = DefaultFeaturizer.Build(_ml, cleaned.Schema).Fit(cleaned.Train);
        var size = Assert.IsType<VectorDataViewType>(model.Transform(cleaned.Train).Schema["Features"].Type).Size;
        int withMissing = data.Schema.FeatureColumns.Count(c => c.MissingCount > 0);
        Assert.Equal(4 + withMissing + data.Schema["island"].DistinctCount + data.Schema["sex"].DistinctCount, size);
    }

    [Fact]
    public void Build_TextColumn_NgramTfIdfIsL2Normalised()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shared("wiki_detox_250/train.csv"), new DataLoadOptions { Label = "label" });
        Assert.Equal(["text"], data.Schema.ColumnsWithRole(ColumnRole.Text));
        var options = new FeaturizerOptions { Normalizer = NormalizerKind.None, TextCharNgramLength = 0, TextWordNgramLength = 1 };
        var model = DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data);
        var rows = Features(model.Transform(data.Data));
        var texts = ViewReader.Text(data.Data, "text");
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.All(rows[i], v => Assert.True(v >= 0 && float.IsFinite(v)));
            if (texts[i].Any(char.IsLetter)) Assert.Contains(rows[i], v => v > 0);
        }
        var bigrams = DefaultFeaturizer.Build(_ml, data.Schema, options with { TextWordNgramLength = 2 }).Fit(data.Data).Transform(data.Data);
        Assert.True(Assert.IsType<VectorDataViewType>(bigrams.Schema["Features"].Type).Size > Assert.IsType<VectorDataViewType>(model.Transform(data.Data).Schema["Features"].Type).Size);
    }

    [Fact]
    public void Build_NumericAndText_NormaliserRescalesNumbersButLeavesTfIdfAlone()
    {
        var wiki = DataLoader.LoadFile(_ml, DataPaths.Shared("wiki_detox_250/train.csv"), new DataLoadOptions { Label = "label" });
        var texts = ViewReader.Text(wiki.Data, "text");
        var csv = new System.Text.StringBuilder("chars,text,label\n");
        for (int i = 0; i < texts.Length; i++)
            csv.Append(texts[i].Length * 10).Append(",\"").Append(texts[i].Replace("\"", "\"\"")).Append("\",").Append(i % 2).Append('\n');
        var data = DataLoader.LoadFile(_ml, _files.Write("mixed.csv", csv.ToString()), new DataLoadOptions { Label = "label" });
        Assert.Equal(ColumnRole.Text, data.Schema["text"].Role);
        var options = new FeaturizerOptions { TextCharNgramLength = 0, TextWordNgramLength = 1 };
        var raw = Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { Normalizer = NormalizerKind.None }).Fit(data.Data).Transform(data.Data));
        foreach (var kind in new[] { NormalizerKind.MinMax, NormalizerKind.MeanVariance })
        {
            var scaled = Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { Normalizer = kind }).Fit(data.Data).Transform(data.Data));
            Assert.Equal(raw[0].Length, scaled[0].Length);
            // The number is rescaled (raw lengths run into the thousands) ...
            Assert.True(raw.Max(r => r[0]) > 100f);
            Assert.True(scaled.Max(r => r[0]) < 10f, $"{kind}: chars slot not rescaled");
            // ... and every TF-IDF slot keeps its value, so each row's text block stays L2-normalised.
            for (int i = 0; i < raw.Length; i++)
            {
                Assert.Equal(raw[i][1..], scaled[i][1..]);
                float norm = MathF.Sqrt(scaled[i][1..].Sum(v => v * v));
                if (texts[i].Any(char.IsLetter)) Assert.InRange(norm, 0.999f, 1.001f);
            }
        }
        Assert.EndsWith("not rescaled", DefaultFeaturizer.Describe(data.Schema, options).Single(d => d.Column == "text").Encoding);
    }

    [Fact]
    public void Build_TextColumn_WordsIgnorePunctuationUnlessAskedCharactersKeepIt()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shared("wiki_detox_250/train.csv"), new DataLoadOptions { Label = "label" });
        var path = _files.Write("t.csv", "text,label\n\"Please stop your edits, thanks!\",0\nplease stop your edits thanks,0\n");
        var test = DataLoader.LoadFile(_ml, path, data.Schema);
        var options = new FeaturizerOptions { TextCharNgramLength = 0, TextWordNgramLength = 2 };
        var words = Features(DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data).Transform(test.Data));
        Assert.Contains(words[0], v => v > 0);
        Assert.Equal(words[0], words[1]);
        var kept = Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { TextWordsKeepPunctuation = true }).Fit(data.Data).Transform(test.Data));
        Assert.NotEqual(kept[0], kept[1]);
        var both = Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { TextCharNgramLength = 3 }).Fit(data.Data).Transform(test.Data));
        Assert.NotEqual(both[0], both[1]);
        // Two blocks, each L2-normalised.
        Assert.InRange(both[0].Sum(v => v * v), 1.99f, 2.01f);
    }

    [Fact]
    public void Build_TextWordWeighting_BinaryIdfCountsARepeatedWordOnce()
    {
        // Training rows where "stop" and "edits" occur in the same documents, so they have the same IDF.
        var train = _files.Write("w.csv", "text,label\nstop edits,0\nstop edits now,1\nplease read,0\nread more,1\n");
        var data = DataLoader.LoadFile(_ml, train, new DataLoadOptions { Label = "label", TextMinAverageWords = 1 });
        var test = DataLoader.LoadFile(_ml, _files.Write("wt.csv", "text,label\nstop stop stop edits,0\n"), data.Schema);
        var options = new FeaturizerOptions { TextCharNgramLength = 0, TextWordNgramLength = 1, Normalizer = NormalizerKind.None };
        float[] Row(TextWeighting w) => Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { TextWordWeighting = w }).Fit(data.Data).Transform(test.Data))[0];
        var tfidf = Row(TextWeighting.TfIdf).Where(v => v > 0).OrderDescending().ToArray();
        var binary = Row(TextWeighting.BinaryIdf).Where(v => v > 0).OrderDescending().ToArray();
        // TF-IDF: "stop" three times weighs three times "edits"; binary IDF: the same. Both L2-normalised.
        Assert.Equal(2, tfidf.Length);
        Assert.Equal(3f, tfidf[0] / tfidf[1], 3);
        Assert.Equal(2, binary.Length);
        Assert.Equal(binary[0], binary[1], 5);
        Assert.Equal(1f, binary.Sum(v => v * v), 3);
        Assert.Contains("binary IDF", DefaultFeaturizer.Describe(data.Schema, options with { TextWordWeighting = TextWeighting.BinaryIdf }).Single(d => d.Column == "text").Encoding);
        // Sublinear: "stop" three times weighs 1 + ln 3 times "edits", L2-normalised.
        var sublinear = Row(TextWeighting.SublinearTfIdf).Where(v => v > 0).OrderDescending().ToArray();
        Assert.Equal(2, sublinear.Length);
        Assert.Equal(1 + MathF.Log(3), sublinear[0] / sublinear[1], 3);
        Assert.Equal(1f, sublinear.Sum(v => v * v), 3);
    }

    [Fact]
    public void Build_TextCharWeighting_SublinearDampsARepeatedCharacterGram()
    {
        var train = _files.Write("c.csv", "text,label\naaaa b,0\nb c,1\nc a,0\nd,1\n");
        var data = DataLoader.LoadFile(_ml, train, new DataLoadOptions { Label = "label", TextMinAverageWords = 1 });
        var test = DataLoader.LoadFile(_ml, _files.Write("ct.csv", "text,label\naab,0\n"), data.Schema);
        var options = new FeaturizerOptions { TextCharNgramLength = 1, TextWordNgramLength = 1, Normalizer = NormalizerKind.None };
        float[] Row(TextWeighting w) => Features(DefaultFeaturizer.Build(_ml, data.Schema, options with { TextCharWeighting = w }).Fit(data.Data).Transform(test.Data))[0];
        // The word "aab" was never seen, so only the character block is non-zero: "a" twice and "b" once, both in two of
        // the four training rows (the same IDF); the start and end markers are in every row (IDF 0).
        var tfidf = Row(TextWeighting.TfIdf).Where(v => v > 0).OrderDescending().ToArray();
        var sublinear = Row(TextWeighting.SublinearTfIdf).Where(v => v > 0).OrderDescending().ToArray();
        Assert.Equal(2, tfidf.Length);
        Assert.Equal(2f, tfidf[0] / tfidf[1], 3);
        Assert.Equal(2, sublinear.Length);
        Assert.Equal(1 + MathF.Log(2), sublinear[0] / sublinear[1], 3);
        Assert.Equal(1f, sublinear.Sum(v => v * v), 3);
        var bad = Assert.Throws<ArgumentException>(() => (options with { TextCharWeighting = (TextWeighting)7 }).Validate());
        Assert.Equal(nameof(FeaturizerOptions.TextCharWeighting), bad.ParamName);
        Assert.Contains("char 1..1-gram sublinear TF-IDF", DefaultFeaturizer.Describe(data.Schema, options with { TextCharWeighting = TextWeighting.SublinearTfIdf }).Single(d => d.Column == "text").Encoding);
    }

    [Fact]
    public void Build_TextMaxNgramsPerLength_CapsEachDictionary()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shared("wiki_detox_250/train.csv"), new DataLoadOptions { Label = "label" });
        var options = new FeaturizerOptions { Normalizer = NormalizerKind.None, TextWordNgramLength = 2, TextCharNgramLength = 3 };
        int Width(FeaturizerOptions o) => Assert.IsType<VectorDataViewType>(
            DefaultFeaturizer.Build(_ml, data.Schema, o).Fit(data.Data).Transform(data.Data).Schema["Features"].Type).Size;
        int full = Width(options);
        int capped = Width(options with { TextMaxNgramsPerLength = 300 });
        // 2 word lengths + 3 character lengths, each at most 300 (character unigrams are fewer than 300).
        Assert.InRange(capped, 2 * 300 + 2, 5 * 300);
        Assert.True(full > 5 * 300, $"uncapped width {full}");
        Assert.Contains("at most 300 per length", DefaultFeaturizer.Describe(data.Schema, options with { TextMaxNgramsPerLength = 300 }).Single(d => d.Column == "text").Encoding);
        var ex = Assert.Throws<ArgumentException>(() => DefaultFeaturizer.Build(_ml, data.Schema, options with { TextMaxNgramsPerLength = -1 }));
        Assert.Equal("TextMaxNgramsPerLength", ex.ParamName);
    }

    [Fact]
    public void Build_TrainsWithSdcaOnAttrition_BeatsMajorityClass()
    {
        var train = DataLoader.LoadFile(_ml, DataPaths.Shipped("attrition/train.csv"), new DataLoadOptions { Label = "Attrition" });
        var test = DataLoader.LoadFile(_ml, DataPaths.Shipped("attrition/test.csv"), train.Schema);
        var pipeline = DefaultFeaturizer.Build(_ml, train.Schema, new FeaturizerOptions { Normalizer = NormalizerKind.MeanVariance })
            .Append(_ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20));
        var model = pipeline.Fit(train.WithPreparedLabel(_ml));
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(test.WithPreparedLabel(_ml)));
        Assert.InRange(metrics.AreaUnderRocCurve, 0.75, 1.0);
    }

    [Fact]
    public void Options_InvalidHashingBits_NamesOption()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("iris/train.csv"), new DataLoadOptions { Label = "species" });
        var ex = Assert.Throws<ArgumentException>(() => DefaultFeaturizer.Build(_ml, data.Schema, new FeaturizerOptions { HashingBits = 40 }));
        Assert.Equal("HashingBits", ex.ParamName);
    }

    [Fact]
    public void Build_ImagePixelSide_AddsGrayscalePixelsOfImagePathColumns()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train.csv"), new DataLoadOptions { Label = "Label" });
        Assert.Throws<DeepRoadDataException>(() => DefaultFeaturizer.Build(_ml, data.Schema)); // image paths alone: nothing by default
        var options = new FeaturizerOptions { ImagePixelSide = 8, Normalizer = NormalizerKind.None };
        Assert.StartsWith("pixels 8x8", DefaultFeaturizer.Describe(data.Schema, options).Single().Encoding);
        var first = Features(DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data).Transform(data.Data))[0];
        Assert.Equal(64, first.Length);
        // The PNGs are the 8x8 digits upscaled 4x: resizing back to 8x8 gives values in 0..1 with ink and background.
        Assert.All(first, v => Assert.InRange(v, 0f, 1f));
        Assert.True(first.Max() > 0.5f && first.Min() < 0.1f);
    }

    [Fact]
    public void FromDataView_WithTrainingSchema_TypesColumnsAndNamesMissingOnes()
    {
        var train = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var names = new[] { "island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "sex" };
        var cells = new[] { "Dream", "40.5", "", "190", "3800", "female" };
        var view = new InMemoryDataView(names.Select((n, i) => (n, (Array)new[] { cells[i].AsMemory() })).ToList(), 1);
        var typed = DataLoader.FromDataView(_ml, view, "rows", train.Schema);
        Assert.Equal(40.5f, ViewReader.Singles(typed.Data, "bill_length_mm")[0]);
        Assert.True(float.IsNaN(ViewReader.Singles(typed.Data, "bill_depth_mm")[0]));
        Assert.Null(typed.Data.Schema.GetColumnOrNull("species"));
        var partial = new InMemoryDataView([("island", (Array)new[] { "Dream".AsMemory() })], 1);
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.FromDataView(_ml, partial, "rows", train.Schema));
        Assert.Contains("bill_length_mm", ex.Message);
    }
}
