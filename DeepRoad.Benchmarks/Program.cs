Console.WriteLine("DeepRoad benchmarks: see README.md");
