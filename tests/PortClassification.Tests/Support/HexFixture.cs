using System.Globalization;

namespace PortClassification.Tests.Support;

/// <summary>
/// Loads byte-exact binary fixtures written as commented hex, so each field of a native struct is a reviewable line:
/// <code>
/// size 24                      # total length; bytes not listed are zero
/// 0:  02 00 00 00              # dwState = MIB_TCP_STATE_LISTEN
/// 8:  1f 90 ab cd              # dwLocalPort: 8080 in network order, garbage in the upper 16 bits
/// </code>
/// Offsets are decimal. A line without an offset continues where the previous one ended.
/// </summary>
internal static class HexFixture
{
    public static byte[] Load(string relativePath) =>
        Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath)));

    public static byte[] Parse(string text)
    {
        byte[]? bytes = null;
        int at = 0;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("size ", StringComparison.Ordinal))
            {
                bytes = new byte[int.Parse(line.AsSpan(5), CultureInfo.InvariantCulture)];
                continue;
            }

            if (bytes is null)
            {
                throw new InvalidDataException("A hex fixture starts with a 'size N' line.");
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                at = int.Parse(line.AsSpan(0, colon), CultureInfo.InvariantCulture);
                line = line[(colon + 1)..];
            }

            foreach (string hex in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                bytes[at++] = byte.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return bytes ?? throw new InvalidDataException("A hex fixture starts with a 'size N' line.");
    }
}
