using System.CommandLine;

namespace DeepRoad.Cli.Commands;

/// <summary><c>deeproad inspect FILE [--label COL]</c>: placeholder until the Pipelines issue fills it in.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or TSV file with a header row." };
        var label = new Option<string?>("--label") { Description = "Name of the label column." };
        var cmd = new Command("inspect", "Print the inferred schema, roles, task and cleaning plan of a data file.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(label);
        cmd.SetAction((parse, ct) =>
        {
            var f = parse.GetValue(file)!;
            if (!f.Exists) throw new FileNotFoundException($"{f.FullName}: file not found.");
            Console.WriteLine(f.FullName);
            return Task.FromResult(0);
        });
        return cmd;
    }
}
