using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Tests;

/// <summary>The high-cardinality encoding and LightGbm's categorical splits in the AutoML search space.</summary>
public sealed class CategoricalSpaceTests
{
    [Fact]
    public void HighCardinalityTable_SearchesTargetEncodingAndCategoricalSplits_HashingAndMlNetsChoiceFirst()
    {
        var ml = new MLContext(0);
        // sacramento: city (37 values) and zip (68) are above the smallest one-hot limit.
        var data = AutoMLData.Load(ml, TestData.Shipped("sacramento", "train.csv"), new AutoMLOptions { LabelColumn = "price" });
        var space = new AutoMLSpace([AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear], data);
        var encoding = Assert.Single(space.Subspaces[AutoMLTrainer.LightGbm].Parameters, p => p.Name == "feat.HighCardinalityEncoding");
        var split = Assert.Single(space.Subspaces[AutoMLTrainer.LightGbm].Parameters, p => p.Name == "LightGbm." + TrainerSpaces.CategoricalSplitParameter);
        Assert.Contains(space.Subspaces[AutoMLTrainer.SdcaLinear].Parameters, p => p.Name == "feat.HighCardinalityEncoding");
        Assert.DoesNotContain(space.Subspaces[AutoMLTrainer.SdcaLinear].Parameters, p => p.Name.EndsWith(TrainerSpaces.CategoricalSplitParameter, StringComparison.Ordinal));

        // The first trial is what it was: hashed slots above the limit, and ML.NET's own choice of splits (off below 50 000 rows).
        var first = space.Default(AutoMLTrainer.LightGbm);
        Assert.Equal(CategoricalEncoding.Hashing, AutoMLSpace.Featurizer(first).HighCardinalityEncoding);
        Assert.Equal(0, first.GetInt("LightGbm." + TrainerSpaces.CategoricalSplitParameter));
        Assert.Contains("one-hot/hash(>64)", space.DescribePipeline(first));

        var target = space.DefaultWith(AutoMLTrainer.LightGbm, ("feat.HighCardinalityEncoding", (double)CategoricalEncoding.Target), (split.Name, 1.0));
        Assert.Equal(CategoricalEncoding.Target, AutoMLSpace.Featurizer(target).HighCardinalityEncoding);
        Assert.Contains("one-hot/target(>64)", space.DescribePipeline(target));

        // The configuration fits and scores the test file (target-encoded city and zip, LightGbm's categorical splits on the one-hot type).
        var model = space.Featurizer(ml, target).Append(space.Trainer(ml, target, 1, 0)).Fit(data.Data);
        var test = AutoMLData.FromFile(ml, data.Schema, TestData.Shipped("sacramento", "test.csv"), requireLabel: true, out var truth);
        var scored = model.Transform(test);
        var scores = scored.GetColumn<float>(scored.Schema["Score"]).ToArray();
        double rmse = Math.Sqrt(scores.Zip(truth!, (s, t) => (double)(s - t) * (s - t)).Average());
        Assert.InRange(rmse, 1, 150_000);

        // Naive Bayes reads counts, and a target encoding is signed: with text and a 40-value category, its configurations keep hashing.
        var sb = new System.Text.StringBuilder("note,shop,label\n");
        for (int i = 0; i < 120; i++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"{(i % 2 == 0 ? "great fast service" : "slow and rude staff")} number {i}\",s{i % 40},{(i % 2 == 0 ? "good" : "bad")}\n");
        string path = Path.Combine(TestData.TempDir(), "reviews.csv");
        File.WriteAllText(path, sb.ToString());
        var reviews = AutoMLData.Load(ml, path, new AutoMLOptions { LabelColumn = "label" });
        var textSpace = new AutoMLSpace([AutoMLTrainer.NaiveBayes, AutoMLTrainer.LbfgsLinear], reviews);
        foreach (var trainer in new[] { AutoMLTrainer.NaiveBayes, AutoMLTrainer.LbfgsLinear })
        {
            var chosen = AutoMLSpace.Featurizer(textSpace.DefaultWith(trainer, (encoding.Name, (double)CategoricalEncoding.Target))).HighCardinalityEncoding;
            Assert.Equal(trainer == AutoMLTrainer.NaiveBayes ? CategoricalEncoding.Hashing : CategoricalEncoding.Target, chosen);
        }

        // A table without a categorical column above the limit has neither dimension.
        var iris = AutoMLData.Load(ml, TestData.Shipped("iris", "train.csv"), new AutoMLOptions { LabelColumn = "species" });
        var irisSpace = new AutoMLSpace([AutoMLTrainer.LightGbm], iris);
        Assert.DoesNotContain(irisSpace.Subspaces[AutoMLTrainer.LightGbm].Parameters, p => p.Name is "feat.HighCardinalityEncoding" or "LightGbm.CategoricalSplit");
    }
}
