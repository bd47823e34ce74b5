using System.Text;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>What a fitted cleaner does, step by step, with counts measured on the training data.</summary>
public sealed class CleaningReport
{
    internal CleaningReport(int rowsBefore, int rowsAfter, IReadOnlyList<CleaningAction> actions)
    {
        RowsBefore = rowsBefore;
        RowsAfter = rowsAfter;
        Actions = actions;
    }

    /// <summary>Training rows before cleaning.</summary>
    public int RowsBefore { get; }

    /// <summary>Training rows after duplicate removal.</summary>
    public int RowsAfter { get; }

    /// <summary>Every action in the order the steps run.</summary>
    public IReadOnlyList<CleaningAction> Actions { get; }

    /// <summary>Total cells changed by a step.</summary>
    public int CellsChanged(CleaningStep step) => Actions.Where(a => a.Step == step).Sum(a => a.Cells);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder($"cleaning: {RowsBefore} rows in, {RowsAfter} rows out");
        sb.AppendLine();
        if (Actions.Count == 0) sb.AppendLine("  nothing to do");
        foreach (var a in Actions)
            sb.AppendLine($"  {a.Step}{(a.Column is null ? "" : $" [{a.Column}]")}: {a.Description}");
        return sb.ToString();
    }
}
