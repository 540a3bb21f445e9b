namespace PortClassification.Tool.Output;

/// <summary>Wraps text in ANSI SGR sequences, or leaves it alone when colour is off.</summary>
internal sealed class Styler
{
    private readonly bool _enabled;

    private Styler(bool enabled) => _enabled = enabled;

    /// <summary>Gets a styler that writes ANSI sequences.</summary>
    public static Styler Ansi { get; } = new(true);

    /// <summary>Gets a styler that returns text unchanged.</summary>
    public static Styler Plain { get; } = new(false);

    /// <summary>Styles a section heading.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The styled text.</returns>
    public string Heading(string text) => Wrap(text, "1");

    /// <summary>Styles the subject of the output (a port number).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The styled text.</returns>
    public string Accent(string text) => Wrap(text, "1;36");

    /// <summary>Styles a fact that calls for attention (a port in the ephemeral range).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The styled text.</returns>
    public string Warning(string text) => Wrap(text, "33");

    /// <summary>Styles a positive fact (a live listener).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The styled text.</returns>
    public string Good(string text) => Wrap(text, "32");

    /// <summary>Styles secondary text (sources, placeholders).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The styled text.</returns>
    public string Dim(string text) => Wrap(text, "2");

    /// <summary>Applies a style by kind.</summary>
    /// <param name="text">The text.</param>
    /// <param name="style">The style.</param>
    /// <returns>The styled text.</returns>
    public string Apply(string text, TextStyle style) => style switch
    {
        TextStyle.Heading => Heading(text),
        TextStyle.Accent => Accent(text),
        TextStyle.Warning => Warning(text),
        TextStyle.Good => Good(text),
        TextStyle.Dim => Dim(text),
        _ => text,
    };

    private string Wrap(string text, string sgr) => _enabled && text.Length > 0 ? $"\u001b[{sgr}m{text}\u001b[0m" : text;
}

/// <summary>The kinds of emphasis the tool uses.</summary>
internal enum TextStyle
{
    /// <summary>No emphasis.</summary>
    None,

    /// <summary>A section heading.</summary>
    Heading,

    /// <summary>The subject of the output.</summary>
    Accent,

    /// <summary>A fact that calls for attention.</summary>
    Warning,

    /// <summary>A positive fact.</summary>
    Good,

    /// <summary>Secondary text.</summary>
    Dim,
}
