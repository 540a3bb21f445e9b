using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace PortClassification;

/// <summary>
/// An inclusive interval of port numbers, <see cref="First"/> to <see cref="Last"/>, such as 49152–65535.
/// </summary>
/// <remarks>
/// <para>
/// An interval always holds at least one port: <see cref="First"/> ≤ <see cref="Last"/>. The default value,
/// <c>default(PortInterval)</c>, is the single port 0 (0–0).
/// </para>
/// <para>
/// Text is <c>first-last</c> (for example <c>"32768-60999"</c>), or a single port number when the interval
/// holds one port, as Linux writes <c>ip_local_reserved_ports</c>. Parsing accepts both forms and nothing
/// else: no spaces, signs or other separators.
/// </para>
/// <para>
/// Equality compares both bounds. Ordering is by <see cref="First"/>, then by <see cref="Last"/>.
/// Enumerating with <c>foreach</c> visits every port in ascending order without allocating.
/// This type is immutable and thread-safe.
/// </para>
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix",
    Justification = "An interval of ports, like System.Range; 'PortIntervalCollection' would misname it.")]
public readonly partial struct PortInterval :
    IEquatable<PortInterval>,
    IComparable<PortInterval>,
    IComparable,
    IReadOnlyCollection<PortNumber>,
    ISpanFormattable,
    IUtf8SpanFormattable,
    ISpanParsable<PortInterval>,
    IUtf8SpanParsable<PortInterval>,
    IComparisonOperators<PortInterval, PortInterval, bool>
{
    /// <summary>The longest text an interval formats to: two five-digit ports and the dash, such as "10000-65535".</summary>
    internal const int MaxFormattedLength = (2 * PortText.MaxFormattedLength) + 1;

    private readonly PortNumber _first;
    private readonly PortNumber _last;

    /// <summary>Initializes a new instance of the <see cref="PortInterval"/> struct.</summary>
    /// <param name="first">The first port of the interval.</param>
    /// <param name="last">The last port of the interval; not less than <paramref name="first"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="first"/> is greater than <paramref name="last"/>.</exception>
    public PortInterval(PortNumber first, PortNumber last)
    {
        if (first > last)
        {
            ThrowFirstGreaterThanLast(first, last);
        }

        _first = first;
        _last = last;
    }

    /// <summary>Initializes a new instance of the <see cref="PortInterval"/> struct that holds one port.</summary>
    /// <param name="port">The only port of the interval.</param>
    public PortInterval(PortNumber port)
    {
        _first = port;
        _last = port;
    }

    /// <summary>Gets the interval of every port, 0–65535.</summary>
    public static PortInterval All => new(PortNumber.MinValue, PortNumber.MaxValue);

    /// <summary>Gets the first port of the interval.</summary>
    public PortNumber First => _first;

    /// <summary>Gets the last port of the interval; never less than <see cref="First"/>.</summary>
    public PortNumber Last => _last;

    /// <summary>Gets the number of ports in the interval, from 1 to 65536.</summary>
    public int Count => _last.Value - _first.Value + 1;

    /// <summary>Gets the interval of an IANA range: 0–1023, 1024–49151 or 49152–65535.</summary>
    /// <param name="range">The range.</param>
    /// <returns>The range's inclusive bounds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="range"/> is not a defined <see cref="PortRange"/>.</exception>
    public static PortInterval FromRange(PortRange range) => range switch
    {
        PortRange.System => new((ushort)0, (ushort)(PortNumber.FirstUserPort - 1)),
        PortRange.User => new((ushort)PortNumber.FirstUserPort, (ushort)(PortNumber.FirstDynamicPort - 1)),
        PortRange.Dynamic => new((ushort)PortNumber.FirstDynamicPort, ushort.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, "Not a defined PortRange."),
    };

    /// <summary>Determines whether a port lies in the interval.</summary>
    /// <param name="port">The port.</param>
    /// <returns><see langword="true"/> if <see cref="First"/> ≤ <paramref name="port"/> ≤ <see cref="Last"/>; otherwise, <see langword="false"/>.</returns>
    public bool Contains(PortNumber port) =>
        unchecked((uint)(port.Value - _first.Value) <= (uint)(_last.Value - _first.Value));

    /// <summary>Determines whether another interval lies wholly inside this one.</summary>
    /// <param name="other">The other interval.</param>
    /// <returns><see langword="true"/> if every port of <paramref name="other"/> is in this interval; otherwise, <see langword="false"/>.</returns>
    public bool Contains(PortInterval other) => _first <= other._first && other._last <= _last;

    /// <summary>Determines whether this interval shares at least one port with another.</summary>
    /// <param name="other">The other interval.</param>
    /// <returns><see langword="true"/> if the intervals overlap; otherwise, <see langword="false"/>.</returns>
    public bool Overlaps(PortInterval other) => _first <= other._last && other._first <= _last;

    /// <summary>Returns an enumerator over the interval's ports in ascending order, without allocating.</summary>
    /// <returns>A struct enumerator.</returns>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<PortNumber> IEnumerable<PortNumber>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Parses an interval from text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="s">A port number, or two joined by <c>'-'</c> with the first not greater than the second.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not in that form, or its first port is greater than its last.</exception>
    public static PortInterval Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <summary>Parses an interval from text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="s">A port number, or two joined by <c>'-'</c> with the first not greater than the second.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not in that form, or its first port is greater than its last.</exception>
    public static PortInterval Parse(ReadOnlySpan<char> s)
    {
        if (!TryParse(s, out PortInterval result))
        {
            ThrowHelper.ThrowInvalidIntervalFormat();
        }

        return result;
    }

    /// <summary>Parses an interval from UTF-8 text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="utf8Text">A port number, or two joined by <c>'-'</c> with the first not greater than the second.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not in that form, or its first port is greater than its last.</exception>
    public static PortInterval Parse(ReadOnlySpan<byte> utf8Text)
    {
        if (!TryParse(utf8Text, out PortInterval result))
        {
            ThrowHelper.ThrowInvalidIntervalFormat();
        }

        return result;
    }

    /// <summary>Tries to parse an interval from text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="s">The text; <see langword="null"/> is rejected.</param>
    /// <param name="result">The interval on success; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid interval; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse([NotNullWhen(true)] string? s, out PortInterval result) => TryParse(s.AsSpan(), out result);

    /// <summary>Tries to parse an interval from text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The interval on success; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is a valid interval; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out PortInterval result) => TryParseCore(s, out result);

    /// <summary>Tries to parse an interval from UTF-8 text such as <c>"49152-65535"</c> or <c>"8080"</c>.</summary>
    /// <param name="utf8Text">The text, as UTF-8 bytes.</param>
    /// <param name="result">The interval on success; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> if <paramref name="utf8Text"/> is a valid interval; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out PortInterval result) => TryParseCore(utf8Text, out result);

    private static bool TryParseCore<TChar>(ReadOnlySpan<TChar> text, out PortInterval result)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        result = default;
        int dash = text.IndexOf(TChar.CreateTruncating('-'));
        if (dash < 0)
        {
            if (!PortText.TryParse(text, out ushort single))
            {
                return false;
            }

            result = new PortInterval(single);
            return true;
        }

        if (!PortText.TryParse(text[..dash], out ushort first) ||
            !PortText.TryParse(text[(dash + 1)..], out ushort last) ||
            first > last)
        {
            return false;
        }

        result = new PortInterval(first, last);
        return true;
    }

    /// <summary>Tries to write the interval as text: <c>first-last</c>, or one port number when the interval holds one port.</summary>
    /// <param name="destination">The buffer to write to; at most 11 characters are needed.</param>
    /// <param name="charsWritten">The number of characters written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> if the text fits in <paramref name="destination"/>; otherwise, <see langword="false"/>.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten) => TryFormatCore(destination, out charsWritten);

    /// <summary>Tries to write the interval as UTF-8 text: <c>first-last</c>, or one port number when the interval holds one port.</summary>
    /// <param name="utf8Destination">The buffer to write to; at most 11 bytes are needed.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="utf8Destination"/> is too small.</param>
    /// <returns><see langword="true"/> if the text fits in <paramref name="utf8Destination"/>; otherwise, <see langword="false"/>.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten) => TryFormatCore(utf8Destination, out bytesWritten);

    private bool TryFormatCore<TChar>(Span<TChar> destination, out int written)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        written = 0;
        if (!PortText.TryFormat(_first.Value, destination, out int firstLength))
        {
            return false;
        }

        if (_first == _last)
        {
            written = firstLength;
            return true;
        }

        if (firstLength >= destination.Length ||
            !PortText.TryFormat(_last.Value, destination[(firstLength + 1)..], out int lastLength))
        {
            return false;
        }

        destination[firstLength] = TChar.CreateTruncating('-');
        written = firstLength + 1 + lastLength;
        return true;
    }

    /// <summary>Returns the interval as text, for example "49152-65535", or "8080" for a single port.</summary>
    /// <returns>The interval's text.</returns>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxFormattedLength];
        TryFormat(buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <summary>Determines whether this interval has the same bounds as another.</summary>
    /// <param name="other">The interval to compare with.</param>
    /// <returns><see langword="true"/> if both bounds are equal; otherwise, <see langword="false"/>.</returns>
    public bool Equals(PortInterval other) => _first == other._first && _last == other._last;

    /// <summary>Determines whether this interval equals an object.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> if <paramref name="obj"/> is a <see cref="PortInterval"/> with the same bounds; otherwise, <see langword="false"/>.</returns>
    public override bool Equals(object? obj) => obj is PortInterval other && Equals(other);

    /// <summary>Returns a hash code for this interval.</summary>
    /// <returns>A hash of both bounds.</returns>
    public override int GetHashCode() => (_first.Value << 16) | _last.Value;

    /// <summary>Compares this interval with another: by <see cref="First"/>, then by <see cref="Last"/>.</summary>
    /// <param name="other">The interval to compare with.</param>
    /// <returns>A negative number, zero or a positive number as this interval sorts before, with or after <paramref name="other"/>.</returns>
    public int CompareTo(PortInterval other)
    {
        int byFirst = _first.CompareTo(other._first);
        return byFirst != 0 ? byFirst : _last.CompareTo(other._last);
    }

    /// <summary>Compares this interval with an object: by <see cref="First"/>, then by <see cref="Last"/>.</summary>
    /// <param name="obj">A <see cref="PortInterval"/>, or <see langword="null"/> (which every interval follows).</param>
    /// <returns>A negative number, zero or a positive number as this interval sorts before, with or after <paramref name="obj"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither <see langword="null"/> nor a <see cref="PortInterval"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PortInterval other => CompareTo(other),
        _ => throw new ArgumentException("The object to compare with must be a PortInterval.", nameof(obj)),
    };

    /// <summary>Determines whether two intervals have the same bounds.</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if both bounds are equal; otherwise, <see langword="false"/>.</returns>
    public static bool operator ==(PortInterval left, PortInterval right) => left.Equals(right);

    /// <summary>Determines whether two intervals differ in either bound.</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if either bound differs; otherwise, <see langword="false"/>.</returns>
    public static bool operator !=(PortInterval left, PortInterval right) => !left.Equals(right);

    /// <summary>Determines whether one interval sorts before another (by <see cref="First"/>, then <see cref="Last"/>).</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts before <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator <(PortInterval left, PortInterval right) => left.CompareTo(right) < 0;

    /// <summary>Determines whether one interval sorts before or with another (by <see cref="First"/>, then <see cref="Last"/>).</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts before or equal to <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator <=(PortInterval left, PortInterval right) => left.CompareTo(right) <= 0;

    /// <summary>Determines whether one interval sorts after another (by <see cref="First"/>, then <see cref="Last"/>).</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts after <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator >(PortInterval left, PortInterval right) => left.CompareTo(right) > 0;

    /// <summary>Determines whether one interval sorts after or with another (by <see cref="First"/>, then <see cref="Last"/>).</summary>
    /// <param name="left">The first interval.</param>
    /// <param name="right">The second interval.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> sorts after or equal to <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator >=(PortInterval left, PortInterval right) => left.CompareTo(right) >= 0;

    // Port text is culture-invariant: the provider-taking members below ignore the provider.

    /// <inheritdoc />
    string IFormattable.ToString(string? format, IFormatProvider? formatProvider)
    {
        PortText.ValidateFormat(format);
        return ToString();
    }

    /// <inheritdoc />
    bool ISpanFormattable.TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        PortText.ValidateFormat(format);
        return TryFormat(destination, out charsWritten);
    }

    /// <inheritdoc />
    bool IUtf8SpanFormattable.TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        PortText.ValidateFormat(format);
        return TryFormat(utf8Destination, out bytesWritten);
    }

    /// <inheritdoc />
    static PortInterval IParsable<PortInterval>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc />
    static bool IParsable<PortInterval>.TryParse(string? s, IFormatProvider? provider, out PortInterval result) => TryParse(s, out result);

    /// <inheritdoc />
    static PortInterval ISpanParsable<PortInterval>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc />
    static bool ISpanParsable<PortInterval>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PortInterval result) => TryParse(s, out result);

    /// <inheritdoc />
    static PortInterval IUtf8SpanParsable<PortInterval>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    /// <inheritdoc />
    static bool IUtf8SpanParsable<PortInterval>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out PortInterval result) => TryParse(utf8Text, out result);

    [DoesNotReturn]
    private static void ThrowFirstGreaterThanLast(PortNumber first, PortNumber last) =>
        throw new ArgumentException($"The first port ({first.Value}) must not be greater than the last ({last.Value}).", nameof(first));
}
