using System.CommandLine;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// <c>deeproad inspect FILE [--label COL] [--task binary|multiclass|regression] [--positive-class NAME]</c>:
/// prints the inferred schema (types, roles, missing and distinct counts), the task, how each feature would
/// be encoded and what cleaning would do when fitted on this file.
/// </summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or TSV file with a header row (separator sniffed)." };
        var label = new Option<string?>("--label") { Description = "Name of the label column; gives the task and classes." };
        var task = new Option<string?>("--task") { Description = "Override the inferred task: binary, multiclass or regression (needs --label)." };
        task.AcceptOnlyFromAmong("binary", "multiclass", "regression");
        var positive = new Option<string?>("--positive-class") { Description = "Positive class of a binary label (default: common positive names, else the minority class)." };
        var missing = new Option<string[]>("--missing") { Description = "Tokens that mean missing (default: \"\" NA N/A ? null NaN).", AllowMultipleArgumentsPerToken = true };

        var cmd = new Command("inspect", "Print the inferred schema, roles, task, missing counts and cleaning plan of a data file.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(label);
        cmd.Options.Add(task);
        cmd.Options.Add(positive);
        cmd.Options.Add(missing);
        cmd.SetAction((parse, ct) =>
        {
            var f = parse.GetValue(file)!;
            string? taskName = parse.GetValue(task);
            string? labelName = parse.GetValue(label);
            if (taskName is not null && labelName is null)
                throw new ArgumentException("--task needs --label: name the label column.");
            if (parse.GetValue(positive) is not null && labelName is null)
                throw new ArgumentException("--positive-class needs --label: name the label column.");
            var options = new DataLoadOptions
            {
                Label = labelName,
                Task = taskName switch
                {
                    "binary" => MLTask.BinaryClassification,
                    "multiclass" => MLTask.MulticlassClassification,
                    "regression" => MLTask.Regression,
                    _ => null,
                },
                PositiveClass = parse.GetValue(positive),
                MissingValueTokens = parse.GetValue(missing) is { Length: > 0 } tokens ? tokens : DataLoadOptions.DefaultMissingValueTokens,
                // As `automl` loads the file: a column with no values at all is shown as constant (dropped), not refused.
                AllMissingColumns = AllMissingColumnPolicy.Drop,
            };
            Run(f.FullName, f.ToString(), options, ct);
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static void Run(string path, string shownPath, DataLoadOptions options, CancellationToken ct)
    {
        var ml = new MLContext(seed: 0);
        var loaded = DataLoader.LoadFile(ml, path, options, ct);
        var schema = loaded.Schema;
        var console = CreateConsole();

        console.Write(new Rule(Markup.Escape($"inspect {shownPath}")).LeftJustified());
        console.WriteLine($"rows: {schema.RowCount}, columns: {schema.Columns.Count}");
        console.WriteLine(schema.Report.TaskLine);

        var table = new Table().Border(TableBorder.Simple);
        foreach (var h in SchemaReport.Headers) table.AddColumn(new TableColumn(h));
        table.Columns[3].RightAligned();
        table.Columns[4].RightAligned();
        foreach (var row in schema.Report.Rows)
            table.AddRow(row.Select(cell => (IRenderable)new Text(Shorten(cell))).ToArray());
        console.Write(table);

        if (schema.FeatureColumns.Count > 0)
        {
            var enc = new Table().Border(TableBorder.Simple).AddColumn("feature").AddColumn("encoding (default featurizer)");
            foreach (var (column, encoding) in DefaultFeaturizer.Describe(schema))
                enc.AddRow(new Text(column), new Text(encoding));
            console.Write(enc);
        }

        var cleaning = DataCleaner.Fit(ml, loaded.Data, schema, new CleaningOptions { Clipping = OutlierClipping.Iqr }, ct);
        // This is the library's DataCleaner, not what `automl` runs (its featurizer removes no rows, clips nothing and imputes
        // inside each fold; its report lists those steps), and a user reading "839 duplicates removed" should know which.
        console.WriteLine($"cleaning plan (DataCleaner's defaults with IQR clipping, fitted on this file): {cleaning.Report.RowsBefore} rows in, {cleaning.Report.RowsAfter} rows out");
        console.WriteLine("(`deeproad automl` does not apply this plan: its featurizer removes no rows, clips nothing and imputes inside each fold)");
        var plan = new Table().Border(TableBorder.Simple).AddColumn("step").AddColumn("column").AddColumn("what it does")
            .AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("cells").RightAligned());
        foreach (var a in cleaning.Report.Actions)
            plan.AddRow(new Text(a.Step.ToString()), new Text(a.Column ?? ""), new Text(a.Description),
                new Text(a.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(a.Cells.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (cleaning.Report.Actions.Count == 0) plan.AddRow(new Text("(none)"), new Text(""), new Text("nothing to clean"), new Text("0"), new Text("0"));
        console.Write(plan);

        foreach (var w in schema.Warnings) console.WriteLine($"warning: {w}");
    }

    private static IAnsiConsole CreateConsole() => CliConsole.Create();

    private static string Shorten(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= 48 ? s : s[..45] + "...";
    }
}
