if (args.Length > 0 && args[0] == "tuning") return await DeepRoad.Benchmarks.Tuning.TuningBenchmark.RunAsync(args);
if (args.Length > 0 && args[0] == "cv") return DeepRoad.Benchmarks.Evaluation.CrossValidationBenchmark.Run(args[1..]);
Console.WriteLine("DeepRoad benchmarks: see README.md");
return 0;
