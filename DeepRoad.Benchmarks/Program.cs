using DeepRoad.Benchmarks;

if (args.Length > 0 && args[0] == "deep") return DeepBenchmark.Run(args[1..]);
Console.WriteLine("DeepRoad benchmarks: see README.md");
return 0;
