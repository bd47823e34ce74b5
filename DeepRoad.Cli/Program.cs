using DeepRoad.Cli;

return await CliApp.RunAsync(args);
