using System;
using System.Globalization;
using System.Text;

namespace PortClassification.Tool.Output;

/// <summary>
/// Quotes what a user typed for an error message: escaped, so a control character or a terminal escape sequence
/// in an argument can neither break the message over lines nor reach the terminal, and truncated, so a
/// 100,000-character argument does not flood it.
/// </summary>
internal static class InputText
{
    /// <summary>How many characters of the input a message shows before it cuts with an ellipsis.</summary>
    public const int MaxShown = 40;

    /// <summary>Quotes user input for a message: <c>'604\n00'</c>, escaped and cut at <see cref="MaxShown"/> characters.</summary>
    /// <param name="input">What the user typed.</param>
    /// <returns>The input in single quotes, on one line, printable, at most <see cref="MaxShown"/> characters of it.</returns>
    public static string Quote(ReadOnlySpan<char> input) => "'" + Escape(input, MaxShown) + "'";

    /// <summary>
    /// Escapes control characters and invisible formatting characters (<c>\n</c>, <c>\t</c>, <c>\x1b</c>, <c>\u202e</c>, …)
    /// and backslashes, and cuts the input after <paramref name="maxShown"/> characters with an ellipsis.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <param name="maxShown">How many input characters to show at most.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(ReadOnlySpan<char> input, int maxShown)
    {
        var text = new StringBuilder(Math.Min(input.Length, maxShown) + 8);
        int shown = 0;
        for (int i = 0; i < input.Length; i++)
        {
            if (shown == maxShown)
            {
                text.Append('…');
                break;
            }

            char c = input[i];
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                text.Append(c).Append(input[++i]);
            }
            else
            {
                AppendEscaped(text, c, escapeBackslash: true);
            }

            shown++;
        }

        return text.ToString();
    }

    /// <summary>
    /// Escapes control and invisible formatting characters of a whole message (not backslashes, not length): the last
    /// guard before standard error, for text that quotes input the code did not pass through <see cref="Quote"/>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <returns>The message on one line, without control characters.</returns>
    public static string OneLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!NeedsEscape(message))
        {
            return message;
        }

        var text = new StringBuilder(message.Length + 8);
        foreach (char c in message)
        {
            AppendEscaped(text, c, escapeBackslash: false);
        }

        return text.ToString();
    }

    private static bool NeedsEscape(string message)
    {
        foreach (char c in message)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendEscaped(StringBuilder text, char c, bool escapeBackslash)
    {
        switch (c)
        {
            case '\\' when escapeBackslash:
                text.Append(@"\\");
                break;
            case '\n':
                text.Append(@"\n");
                break;
            case '\r':
                text.Append(@"\r");
                break;
            case '\t':
                text.Append(@"\t");
                break;
            case '\0':
                text.Append(@"\0");
                break;
            case < ' ' or '\x7f':
                text.Append(@"\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                break;
            default:
                if (IsUnsafe(c))
                {
                    text.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    text.Append(c);
                }

                break;
        }
    }

    // C0, DEL, C1 (U+0080-U+009F, which terminals may take as CSI and OSC), line and paragraph separators,
    // bidirectional overrides and other invisible format characters, and lone surrogates.
    private static bool IsUnsafe(char c) => c < ' ' || c == '\x7f' || (c >= '\x80' && c <= '\x9f')
        || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse;
}
