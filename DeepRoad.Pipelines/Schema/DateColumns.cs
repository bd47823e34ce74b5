using System.Globalization;
using System.Text.RegularExpressions;
using DeepRoad.Pipelines.Loading;

namespace DeepRoad.Pipelines.Schema;

/// <summary>How the dates of a column are written (found at inference, kept in the schema for prediction data).</summary>
public enum DateLayout
{
    /// <summary>Year first, ISO 8601 style: 2024-07-17, 2024/07/17, 2024-07, with an optional time and offset.</summary>
    Iso,
    /// <summary>Day, month, year: 17/07/2024, 17.07.2024, 17-07-2024 (a first field above 12 was seen, or dots).</summary>
    DayFirst,
    /// <summary>Month, day, year: 07/17/2024 (a second field above 12 was seen, or neither was and the separator is not a dot).</summary>
    MonthFirst,
    /// <summary>A month name: 17 Jul 2024, 17-Jul-2024, July 17, 2024.</summary>
    MonthName,
}

/// <summary>A number computed from each value of a date column.</summary>
public enum DatePart
{
    /// <summary>The year.</summary>
    Year,
    /// <summary>The month, 1-12.</summary>
    Month,
    /// <summary>The day of the month, 1-31.</summary>
    Day,
    /// <summary>The day of the week, Monday 0 to Sunday 6.</summary>
    DayOfWeek,
    /// <summary>The time of day in hours (14:30 is 14.5); only for columns whose values carry a time.</summary>
    Hour,
    /// <summary>Days since 1970-01-01, with the time of day as a fraction: the trend over time.</summary>
    Days,
}

/// <summary>A numeric column computed from the date column <paramref name="Source"/>: which part, and how its dates are written.</summary>
public sealed record DateFeature(string Source, DatePart Part, DateLayout Layout);

/// <summary>
/// Date columns: recognising them, and the numeric parts they are split into (as AutoGluon's datetime features and
/// pandas' <c>dt</c> accessors do). Only unambiguous written forms are recognised: four-digit years, day and month
/// order decided from the values themselves, month names in English. A column counts as dates only when every
/// non-missing value parses the same way.
/// </summary>
internal static partial class DateColumns
{
    [GeneratedRegex(@"^(\d{4})([-/])(\d{1,2})(?:\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$")]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?:[T ,]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$")]
    private static partial Regex YearLastPattern();

    [GeneratedRegex(@"[A-Za-z]{3}")]
    private static partial Regex HasLetters();

    private static readonly string[] MonthNameFormats =
    [
        "d MMM yyyy", "d MMMM yyyy", "d-MMM-yyyy", "dd-MMM-yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy",
        "ddd, d MMM yyyy", "dddd, MMMM d, yyyy",
        "d MMM yyyy HH:mm", "d MMM yyyy HH:mm:ss", "MMM d, yyyy HH:mm", "MMM d, yyyy HH:mm:ss", "MMMM d, yyyy HH:mm", "MMMM d, yyyy HH:mm:ss",
        "ddd, d MMM yyyy HH:mm:ss", "dd-MMM-yyyy HH:mm:ss",
    ];

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>What inference found: the layout, whether any value carries a time of day, and every value parsed (null where missing).</summary>
    public sealed record Found(DateLayout Layout, bool HasTime, DateTime?[] Values);

    /// <summary>The layout when every non-missing value of a text column is a date written one way; otherwise null.</summary>
    public static Found? Infer(RawColumn col, int rows)
    {
        if (col.Kind != RawKind.Text) return null;
        DateLayout? family = null; // Iso, MonthName, or DayFirst standing for "year last" until the order is known
        bool firstOver12 = false, secondOver12 = false, dots = false, any = false;
        for (int r = 0; r < rows; r++)
        {
            if (col.IsMissing(r)) continue;
            string s = col.Text![r]!.Trim();
            DateLayout here;
            if (IsoPattern().IsMatch(s)) here = DateLayout.Iso;
            else if (YearLastPattern().Match(s) is { Success: true } m)
            {
                here = DateLayout.DayFirst;
                int a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), b = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                if (a > 12) firstOver12 = true;
                if (b > 12) secondOver12 = true;
                if (m.Groups[2].Value == ".") dots = true;
            }
            else if (HasLetters().IsMatch(s) && ParseMonthName(s, out _)) here = DateLayout.MonthName;
            else return null;
            if (family is { } f && f != here) return null;
            family = here;
            any = true;
        }
        if (!any) return null;
        var layout = family!.Value;
        if (layout == DateLayout.DayFirst)
        {
            if (firstOver12 && secondOver12) return null;
            layout = firstOver12 || (!secondOver12 && dots) ? DateLayout.DayFirst : DateLayout.MonthFirst;
        }
        bool hasTime = false;
        var values = new DateTime?[rows];
        for (int r = 0; r < rows; r++)
        {
            if (col.IsMissing(r)) continue;
            if (!TryParse(col.Text![r]!, layout, out var d)) return null; // 31/02/2024, month 13, ...
            if (d.TimeOfDay != TimeSpan.Zero) hasTime = true;
            values[r] = d;
        }
        return new Found(layout, hasTime, values);
    }

    /// <summary>
    /// Parses one value written in <paramref name="layout"/>. ISO 8601 is accepted whatever the layout (it is
    /// unambiguous, and it is how .NET writes a DateTime), so typed objects and databases can feed any date column.
    /// The clock time is kept as written; an offset is not applied.
    /// </summary>
    public static bool TryParse(string text, DateLayout layout, out DateTime value)
    {
        string s = text.Trim();
        value = default;
        if (IsoPattern().Match(s) is { Success: true } iso)
            return Make(Int(iso, 1), Int(iso, 3), iso.Groups[4].Success ? Int(iso, 4) : 1, iso, 5, out value);
        if (layout is DateLayout.DayFirst or DateLayout.MonthFirst && YearLastPattern().Match(s) is { Success: true } m)
        {
            int a = Int(m, 1), b = Int(m, 3);
            return layout == DateLayout.DayFirst ? Make(Int(m, 4), b, a, m, 5, out value) : Make(Int(m, 4), a, b, m, 5, out value);
        }
        return layout == DateLayout.MonthName && ParseMonthName(s, out value);
    }

    /// <summary>One part of a date as a float.</summary>
    public static float Part(DateTime d, DatePart part) => part switch
    {
        DatePart.Year => d.Year,
        DatePart.Month => d.Month,
        DatePart.Day => d.Day,
        DatePart.DayOfWeek => ((int)d.DayOfWeek + 6) % 7,
        DatePart.Hour => (float)d.TimeOfDay.TotalHours,
        _ => (float)(d - Epoch).TotalDays,
    };

    /// <summary>The parts a date column is split into: year, month, day, day of week, the hour when times are written, and days since 1970.</summary>
    public static IReadOnlyList<DatePart> Parts(bool hasTime) =>
        hasTime ? [DatePart.Year, DatePart.Month, DatePart.Day, DatePart.DayOfWeek, DatePart.Hour, DatePart.Days]
                : [DatePart.Year, DatePart.Month, DatePart.Day, DatePart.DayOfWeek, DatePart.Days];

    /// <summary>The derived column's name: the date column's name and the part ("Booked_year", "Booked_dayofweek").</summary>
    public static string PartName(string source, DatePart part, ISet<string> taken)
    {
        string name = $"{source}_{part.ToString().ToLowerInvariant()}";
        for (int k = 2; taken.Contains(name); k++) name = $"{source}_{part.ToString().ToLowerInvariant()}_{k}";
        taken.Add(name);
        return name;
    }

    /// <summary>
    /// Every value of a date column parsed (null where missing), for building the derived columns. A value that is not a
    /// date written as in the training data is an error naming the line and column.
    /// </summary>
    public static DateTime?[] ParseColumn(RawTable table, RawColumn raw, DateLayout layout)
    {
        var result = new DateTime?[table.RowCount];
        for (int r = 0; r < result.Length; r++)
        {
            if (raw.IsMissing(r)) continue;
            string s = raw.AsText(r)!;
            if (!TryParse(s, layout, out var d))
                throw new DeepRoadDataException(
                    $"{table.Where(r)}, column '{raw.Name}': '{(s.Length <= 40 ? s : s[..37] + "...")}' is not a date written as the column's dates are " +
                    $"({Describe(layout)}{(layout == DateLayout.Iso ? "" : ", or ISO 8601")}).")
                { File = table.FilePath, Line = table.LineNumbers?[r], Column = raw.Name };
            result[r] = d;
        }
        return result;
    }

    /// <summary>The layout in words, for reasons and errors.</summary>
    public static string Describe(DateLayout layout) => layout switch
    {
        DateLayout.Iso => "year first, e.g. 2024-07-17",
        DateLayout.DayFirst => "day first, e.g. 17/07/2024",
        DateLayout.MonthFirst => "month first, e.g. 07/17/2024",
        _ => "with a month name, e.g. 17 Jul 2024",
    };

    private static int Int(Match m, int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static bool Make(int year, int month, int day, Match m, int timeGroup, out DateTime value)
    {
        value = default;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        int h = 0, min = 0, sec = 0;
        if (m.Groups[timeGroup].Success)
        {
            h = Int(m, timeGroup);
            min = Int(m, timeGroup + 1);
            sec = m.Groups[timeGroup + 2].Success ? Int(m, timeGroup + 2) : 0;
            if (h > 23 || min > 59 || sec > 59) return false;
        }
        value = new DateTime(year, month, day, h, min, sec, DateTimeKind.Unspecified);
        return true;
    }

    private static bool ParseMonthName(string s, out DateTime value) =>
        DateTime.TryParseExact(s.Trim(), MonthNameFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowInnerWhite, out value);
}
