namespace DeepRoad.AutoML.Tests;

/// <summary>A fact that is skipped, with the reason, only when /usr/bin/chromium is absent (CI installs Debian's chromium).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} not found: install Debian's chromium (apt-get install -y chromium) to render the report headless.";
    }
}
