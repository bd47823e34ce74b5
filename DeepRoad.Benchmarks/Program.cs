// Benchmark modes: `dotnet run --project DeepRoad.Benchmarks -c Release -- <mode> [options]`.
return args.FirstOrDefault() switch
{
    "ensembles" => DeepRoad.Benchmarks.Ensembles.EnsembleBenchmark.Run(args),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("DeepRoad benchmarks. Modes: ensembles. See benchmarks/results/*.md for results and reproduce commands.");
    return 0;
}
