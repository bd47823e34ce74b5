using DeepRoad.Benchmarks.Pipelines;

// Sub-commands, one per benchmark family; each writes a markdown table (see README.md).
return args.FirstOrDefault() switch
{
    "load" => LoadBenchmark.Run(args[1..]),
    "load-one" => LoadBenchmark.RunOne(args[1..]),
    "tuning" => await DeepRoad.Benchmarks.Tuning.TuningBenchmark.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("DeepRoad benchmarks (see DeepRoad.Benchmarks/README.md):");
    Console.WriteLine("  load [--file PATH] [--repeats N] [--out FILE]   CSV loading speed and peak memory vs pandas.read_csv");
    Console.WriteLine("  tuning [...]                                    GP vs random vs grid vs Optuna on synthetic functions");
    return 1;
}
