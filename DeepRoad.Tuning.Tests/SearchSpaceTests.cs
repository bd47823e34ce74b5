using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Tests;

public enum Booster { Gbdt, Dart, Goss }

public sealed record BoosterOptions
{
    public Booster Booster { get; init; } = Booster.Gbdt;
    public int NumberOfLeaves { get; init; } = 31;
    public float LearningRate { get; init; } = 0.1f;
    public double? L2 { get; init; }
    public bool UseCategorical { get; init; }
    public string Name { get; init; } = "default";
    public int Untouched { get; init; } = 7;
}

public sealed record PositionalOptions(int Trees, double Rate, string Kind = "x");

public sealed class SearchSpaceTests
{
    private static SearchSpace Space() => new(
        Parameter.Categorical<Booster>("booster"),
        Parameter.Int("numberOfLeaves", 2, 256, log: true),
        Parameter.Float("learningRate", 1e-3, 0.5, log: true),
        Parameter.Float("l2", 0, 10, step: 0.5).When("booster", Booster.Dart, Booster.Goss),
        Parameter.Categorical("useCategorical", true, false),
        Parameter.Fixed("name", "lgbm"));

    [Fact]
    public void Json_RoundTrip_PreservesSpaceAndParameterSets()
    {
        var space = Space();
        var json = space.ToJson();
        var back = SearchSpace.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(space.Parameters, back.Parameters);
        var rng = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var p = space.FromUnit(Enumerable.Range(0, space.DimensionCount).Select(_ => rng.NextDouble()).ToArray());
            var q = ParameterSet.FromJson(p.ToJson(), back);
            Assert.Equal(p, q);
            Assert.Equal(p.ToJson(), q.ToJson());
            Assert.Null(back.Validate(q));
        }
    }

    [Fact]
    public void Json_HasTypeDiscriminatorsAndConditions()
    {
        var json = Space().ToJson();
        Assert.Contains("\"type\":\"categorical\"", json);
        Assert.Contains("\"type\":\"fixed\"", json);
        Assert.Contains("\"Parent\":\"booster\"", json);
        Assert.Contains("\"Log\":true", json);
    }

    [Fact]
    public void UnitCube_RoundTrip_IsIdentityOnValues()
    {
        var space = Space();
        var rng = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var p = space.FromUnit(Enumerable.Range(0, space.DimensionCount).Select(_ => rng.NextDouble()).ToArray());
            Assert.Equal(p, space.FromUnit(space.ToUnit(p)));
        }
    }

    [Fact]
    public void FromUnit_Conditions_OmitInactiveParameters()
    {
        var space = Space();
        var gbdt = space.FromUnit([0.1, 0.5, 0.5, 0.5, 0.5]);
        Assert.Equal("Gbdt", gbdt["booster"]);
        Assert.False(gbdt.ContainsKey("l2"));
        var dart = space.FromUnit([0.5, 0.5, 0.5, 0.99, 0.5]);
        Assert.Equal("Dart", dart["booster"]);
        Assert.Equal(10.0, dart["l2"]);
        Assert.Equal("lgbm", dart["name"]);
    }

    [Fact]
    public void LogScale_UnitMidpoint_IsGeometricMean()
    {
        var p = Parameter.Float("lr", 1e-4, 1, log: true);
        Assert.Equal(1e-2, (double)p.FromUnit(0.5), 1e-12);
        Assert.Equal(0.5, p.ToUnit(1e-2), 1e-12);
        var i = Parameter.Int("n", 1, 1000, log: true);
        // log-uniform over [0.5, 1000.5], rounded
        var small = Enumerable.Range(0, 10000).Count(k => (int)i.FromUnit((k + 0.5) / 10000) < 10);
        Assert.InRange(small, 3700, 4050); // log(9.5/0.5) / log(1000.5/0.5) = 0.387
    }

    [Fact]
    public void IntAndStep_CoverEveryValueEvenly()
    {
        var p = Parameter.Int("k", 1, 4);
        var counts = Enumerable.Range(0, 4000).GroupBy(k => (int)p.FromUnit((k + 0.5) / 4000)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([1, 2, 3, 4], counts.Keys.Order().ToArray());
        Assert.All(counts.Values, c => Assert.Equal(1000, c));
        var s = Parameter.Float("s", 0, 1, step: 0.25);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 1.0], s.GridValues(10).Cast<double>().ToArray());
        Assert.Equal(0.75, (double)s.FromUnit(s.ToUnit(0.8)));
    }

    [Fact]
    public void Bind_InitRecord_ConvertsTypesAndKeepsDefaults()
    {
        var p = new ParameterSet(new Dictionary<string, object>
        {
            ["booster"] = "Dart", ["numberOfLeaves"] = 64, ["learningRate"] = 0.05, ["l2"] = 2.5, ["useCategorical"] = true, ["name"] = "lgbm",
        });
        var o = p.Bind<BoosterOptions>();
        Assert.Equal(Booster.Dart, o.Booster);
        Assert.Equal(64, o.NumberOfLeaves);
        Assert.Equal(0.05f, o.LearningRate);
        Assert.Equal(2.5, o.L2);
        Assert.True(o.UseCategorical);
        Assert.Equal("lgbm", o.Name);
        Assert.Equal(7, o.Untouched);
        var templated = p.Bind(new BoosterOptions { Untouched = 99 });
        Assert.Equal(99, templated.Untouched);
        Assert.Equal(64, templated.NumberOfLeaves);
    }

    [Fact]
    public void Bind_PositionalRecord_UsesConstructor()
    {
        var p = new ParameterSet(new Dictionary<string, object> { ["trees"] = 100, ["rate"] = 0.3 });
        var o = p.Bind<PositionalOptions>();
        Assert.Equal(new PositionalOptions(100, 0.3, "x"), o);
    }

    [Fact]
    public void Bind_WrongType_NamesTheParameter()
    {
        var p = new ParameterSet(new Dictionary<string, object> { ["numberOfLeaves"] = 2.5 });
        var ex = Assert.Throws<ArgumentException>(() => p.Bind<BoosterOptions>());
        Assert.Contains("numberOfLeaves", ex.Message);
    }

    [Fact]
    public void Constructor_BadDefinitions_Throw()
    {
        Assert.Throws<ArgumentException>(() => Parameter.Float("x", 0, 1, log: true));
        Assert.Throws<ArgumentException>(() => Parameter.Int("x", 5, 1));
        Assert.Throws<ArgumentException>(() => new SearchSpace(Parameter.Float("x", 0, 1), Parameter.Float("x", 0, 2)));
        var ex = Assert.Throws<ArgumentException>(() => new SearchSpace(Parameter.Float("y", 0, 1).When("t", "a"), Parameter.Categorical("t", "a", "b")));
        Assert.Contains("'t'", ex.Message);
    }

    [Fact]
    public void Validate_DetectsMissingInactiveAndOutOfRange()
    {
        var space = Space();
        var ok = space.FromUnit([0.5, 0.5, 0.5, 0.5, 0.5]);
        Assert.Null(space.Validate(ok));
        Assert.Contains("inactive", space.Validate(space.FromUnit([0.1, 0.5, 0.5, 0.5, 0.5]).With("l2", 1.0)));
        Assert.Contains("outside", space.Validate(ok.With("numberOfLeaves", 1000)));
    }

    [Fact]
    public void Cardinality_CountsConditionalTree()
    {
        var space = new SearchSpace(Parameter.Categorical("t", "a", "b"), Parameter.Int("k", 1, 3).When("t", "a"), Parameter.Categorical("c", 1, 2));
        Assert.Equal((3 + 1) * 2, space.Cardinality);
        Assert.Null(Space().Cardinality);
    }
}
