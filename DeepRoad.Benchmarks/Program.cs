using DeepRoad.Benchmarks;

if (args.Length > 0 && args[0] == "automl") return await AutoMLBenchmark.RunAsync(args[1..]);
Console.WriteLine("DeepRoad benchmarks. Modes: automl [--time S] [--jobs N] [--sets a,b]");
return 0;
