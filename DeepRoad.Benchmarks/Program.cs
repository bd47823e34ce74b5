if (args.Length > 0 && args[0] == "tuning") return await DeepRoad.Benchmarks.Tuning.TuningBenchmark.RunAsync(args);
Console.WriteLine("DeepRoad benchmarks: see README.md");
return 0;
