using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeepRoad.Tuning.Tests")]
[assembly: InternalsVisibleTo("DeepRoad.Benchmarks")]
