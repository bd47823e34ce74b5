using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("DeepRoad.Ensembles.Tests")]
