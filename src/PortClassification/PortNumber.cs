using System;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PortClassification;

/// <summary>
/// A TCP/UDP port number: an integer from 0 to 65535, with its IANA range (RFC 6335).
/// </summary>
/// <remarks>
/// <para>
/// A <see cref="PortNumber"/> wraps a single <see cref="ushort"/>, so every value it can hold is a valid
/// port. The default value, <c>default(PortNumber)</c>, is port 0, which is valid (it is reserved by
/// IANA and, given to <c>bind</c>, asks the operating system for an ephemeral port).
/// </para>
/// <para>
/// Equality and ordering are those of the numeric value. Text is culture-invariant decimal digits
/// only: parsing rejects signs, white space, hex and non-ASCII digits, and formatting writes at most
/// five ASCII digits. Members that take an <see cref="IFormatProvider"/> exist only as explicit
/// interface implementations and ignore it.
/// </para>
/// <para>This type is immutable and thread-safe.</para>
/// </remarks>
public readonly struct PortNumber :
    IEquatable<PortNumber>,
    IComparable<PortNumber>,
    IComparable,
    ISpanFormattable,
    IUtf8SpanFormattable,
    ISpanParsable<PortNumber>,
    IUtf8SpanParsable<PortNumber>,
    IComparisonOperators<PortNumber, PortNumber, bool>,
    IMinMaxValue<PortNumber>
{
    /// <summary>The first port of the <see cref="PortRange.User"/> range.</summary>
    internal const int FirstUserPort = 1024;

    /// <summary>The first port of the <see cref="PortRange.Dynamic"/> range.</summary>
    internal const int FirstDynamicPort = 49152;

    private readonly ushort _value;

    /// <summary>Initializes a new instance of the <see cref="PortNumber"/> struct.</summary>
    /// <param name="value">The port number, from 0 to 65535.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is less than 0 or greater than 65535.</exception>
    public PortNumber(int value)
    {
        if (unchecked((uint)value) > ushort.MaxValue)
        {
            ThrowHelper.ThrowPortOutOfRange(value, nameof(value));
        }

        _value = (ushort)value;
    }

    private PortNumber(ushort value, bool _) => _value = value;

    /// <summary>Gets the smallest port number, 0.</summary>
    public static PortNumber MinValue => default;

    /// <summary>Gets the largest port number, 65535.</summary>
    public static PortNumber MaxValue => new(ushort.MaxValue, false);

    /// <summary>Gets the numeric value of the port.</summary>
    public ushort Value => _value;

    /// <summary>Gets the IANA range this port falls in.</summary>
    /// <value><see cref="PortRange.System"/> for 0–1023, <see cref="PortRange.User"/> for 1024–49151, <see cref="PortRange.Dynamic"/> for 49152–65535.</value>
    public PortRange Range => Classify(_value);

    /// <summary>Gets the IANA range a port number falls in.</summary>
    /// <param name="port">The port number, from 0 to 65535.</param>
    /// <returns><see cref="PortRange.System"/> for 0–1023, <see cref="PortRange.User"/> for 1024–49151, <see cref="PortRange.Dynamic"/> for 49152–65535.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is less than 0 or greater than 65535.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PortRange Classify(int port)
    {
        if (unchecked((uint)port) > ushort.MaxValue)
        {
            ThrowHelper.ThrowPortOutOfRange(port, nameof(port));
        }

        return Classify((ushort)port);
    }

    /// <summary>Gets the IANA range a port number falls in.</summary>
    /// <param name="port">The port number.</param>
    /// <returns>The port's range; the same as <see cref="Range"/>.</returns>
    public static PortRange Classify(PortNumber port) => Classify(port._value);

    // Plain conditionals over constants: the JIT emits conditional moves for them, which measured faster than
    // hand-written branchless arithmetic (see ClassifyBenchmarks).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PortRange Classify(ushort port) =>
        port < FirstUserPort ? PortRange.System : port < FirstDynamicPort ? PortRange.User : PortRange.Dynamic;

    /// <summary>Creates a port number from an integer, without throwing.</summary>
    /// <param name="value">The candidate value.</param>
    /// <param name="port">The port number when <paramref name="value"/> is from 0 to 65535; otherwise port 0.</param>
    /// <returns><see langword="true"/> if <paramref name="value"/> is a valid port number; otherwise, <see langword="false"/>.</returns>
    public static bool TryCreate(int value, out PortNumber port)
    {
        if (unchecked((uint)value) > ushort.MaxValue)
        {
            port = default;
            return false;
        }

        port = new PortNumber((ushort)value, false);
        return true;
    }

    /// <summary>Parses a port number from decimal text.</summary>
    /// <param name="s">One or more ASCII digits with a value from 0 to 65535.</param>
    /// <returns>The port number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="s"/> is not ASCII digits only, or its value is greater than 65535.</exception>
    public static PortNumber Parse(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return Parse(s.AsSpan());
    }

    /// <summary>Parses a port number from decimal text.</summary>
    /// <param name="s">One or more ASCII digits with a value from 0 to 65535.</param>
    /// <returns>The port number.</returns>
    /// <exception cref="FormatException"><paramref name="s"/> is not ASCII digits only, or its value is greater than 65535.</exception>
    public static PortNumber Parse(ReadOnlySpan<char> s)
    {
        if (!PortText.TryParse(s, out ushort value))
        {
            ThrowHelper.ThrowInvalidPortFormat();
        }

        return new PortNumber(value, false);
    }

    /// <summary>Parses a port number from UTF-8 decimal text.</summary>
    /// <param name="utf8Text">One or more ASCII digits with a value from 0 to 65535, as UTF-8 bytes.</param>
    /// <returns>The port number.</returns>
    /// <exception cref="FormatException"><paramref name="utf8Text"/> is not ASCII digits only, or its value is greater than 65535.</exception>
    public static PortNumber Parse(ReadOnlySpan<byte> utf8Text)
    {
        if (!PortText.TryParse(utf8Text, out ushort value))
        {
            ThrowHelper.ThrowInvalidPortFormat();
        }

        return new PortNumber(value, false);
    }

    /// <summary>Tries to parse a port number from decimal text.</summary>
    /// <param name="s">The text; <see langword="null"/> is rejected.</param>
    /// <param name="result">The port number on success; otherwise port 0.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is one or more ASCII digits with a value from 0 to 65535; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? s, out PortNumber result) =>
        TryParse(s.AsSpan(), out result);

    /// <summary>Tries to parse a port number from decimal text.</summary>
    /// <param name="s">The text.</param>
    /// <param name="result">The port number on success; otherwise port 0.</param>
    /// <returns><see langword="true"/> if <paramref name="s"/> is one or more ASCII digits with a value from 0 to 65535; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse(ReadOnlySpan<char> s, out PortNumber result)
    {
        bool ok = PortText.TryParse(s, out ushort value);
        result = new PortNumber(value, false);
        return ok;
    }

    /// <summary>Tries to parse a port number from UTF-8 decimal text.</summary>
    /// <param name="utf8Text">The text, as UTF-8 bytes.</param>
    /// <param name="result">The port number on success; otherwise port 0.</param>
    /// <returns><see langword="true"/> if <paramref name="utf8Text"/> is one or more ASCII digits with a value from 0 to 65535; otherwise, <see langword="false"/>.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Text, out PortNumber result)
    {
        bool ok = PortText.TryParse(utf8Text, out ushort value);
        result = new PortNumber(value, false);
        return ok;
    }

    /// <summary>Tries to write the port number as decimal digits.</summary>
    /// <param name="destination">The buffer to write to; at most five characters are needed.</param>
    /// <param name="charsWritten">The number of characters written, or 0 when <paramref name="destination"/> is too small.</param>
    /// <returns><see langword="true"/> if the digits fit in <paramref name="destination"/>; otherwise, <see langword="false"/>.</returns>
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        PortText.TryFormat(_value, destination, out charsWritten);

    /// <summary>Tries to write the port number as UTF-8 decimal digits.</summary>
    /// <param name="utf8Destination">The buffer to write to; at most five bytes are needed.</param>
    /// <param name="bytesWritten">The number of bytes written, or 0 when <paramref name="utf8Destination"/> is too small.</param>
    /// <returns><see langword="true"/> if the digits fit in <paramref name="utf8Destination"/>; otherwise, <see langword="false"/>.</returns>
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten) =>
        PortText.TryFormat(_value, utf8Destination, out bytesWritten);

    /// <summary>Returns the port number as decimal digits, for example "60400".</summary>
    /// <returns>The decimal text of <see cref="Value"/>.</returns>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Determines whether this port number equals another.</summary>
    /// <param name="other">The port number to compare with.</param>
    /// <returns><see langword="true"/> if both have the same value; otherwise, <see langword="false"/>.</returns>
    public bool Equals(PortNumber other) => _value == other._value;

    /// <summary>Determines whether this port number equals an object.</summary>
    /// <param name="obj">The object to compare with.</param>
    /// <returns><see langword="true"/> if <paramref name="obj"/> is a <see cref="PortNumber"/> with the same value; otherwise, <see langword="false"/>.</returns>
    public override bool Equals(object? obj) => obj is PortNumber other && Equals(other);

    /// <summary>Returns a hash code for this port number.</summary>
    /// <returns>The port's value.</returns>
    public override int GetHashCode() => _value;

    /// <summary>Compares this port number with another by value.</summary>
    /// <param name="other">The port number to compare with.</param>
    /// <returns>A negative number, zero or a positive number as this port is less than, equal to or greater than <paramref name="other"/>.</returns>
    public int CompareTo(PortNumber other) => _value - other._value;

    /// <summary>Compares this port number with an object.</summary>
    /// <param name="obj">A <see cref="PortNumber"/>, or <see langword="null"/> (which every port number follows).</param>
    /// <returns>A negative number, zero or a positive number as this port is less than, equal to or greater than <paramref name="obj"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="obj"/> is neither <see langword="null"/> nor a <see cref="PortNumber"/>.</exception>
    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        PortNumber other => CompareTo(other),
        _ => throw new ArgumentException("The object to compare with must be a PortNumber.", nameof(obj)),
    };

    /// <summary>Converts a <see cref="ushort"/> to a port number; every <see cref="ushort"/> is a valid port.</summary>
    /// <param name="value">The port number.</param>
    public static implicit operator PortNumber(ushort value) => new(value, false);

    /// <summary>Converts an <see cref="int"/> to a port number, checking its range.</summary>
    /// <param name="value">The port number, from 0 to 65535.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is less than 0 or greater than 65535.</exception>
    public static explicit operator PortNumber(int value) => new(value);

    /// <summary>Converts a port number to its <see cref="int"/> value.</summary>
    /// <param name="port">The port number.</param>
    public static implicit operator int(PortNumber port) => port._value;

    /// <summary>Determines whether two port numbers are equal.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if both have the same value; otherwise, <see langword="false"/>.</returns>
    public static bool operator ==(PortNumber left, PortNumber right) => left._value == right._value;

    /// <summary>Determines whether two port numbers differ.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if the values differ; otherwise, <see langword="false"/>.</returns>
    public static bool operator !=(PortNumber left, PortNumber right) => left._value != right._value;

    /// <summary>Determines whether one port number is less than another.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> is less than <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator <(PortNumber left, PortNumber right) => left._value < right._value;

    /// <summary>Determines whether one port number is less than or equal to another.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> is less than or equal to <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator <=(PortNumber left, PortNumber right) => left._value <= right._value;

    /// <summary>Determines whether one port number is greater than another.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> is greater than <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator >(PortNumber left, PortNumber right) => left._value > right._value;

    /// <summary>Determines whether one port number is greater than or equal to another.</summary>
    /// <param name="left">The first port number.</param>
    /// <param name="right">The second port number.</param>
    /// <returns><see langword="true"/> if <paramref name="left"/> is greater than or equal to <paramref name="right"/>; otherwise, <see langword="false"/>.</returns>
    public static bool operator >=(PortNumber left, PortNumber right) => left._value >= right._value;

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
    static PortNumber IParsable<PortNumber>.Parse(string s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc />
    static bool IParsable<PortNumber>.TryParse(string? s, IFormatProvider? provider, out PortNumber result) => TryParse(s, out result);

    /// <inheritdoc />
    static PortNumber ISpanParsable<PortNumber>.Parse(ReadOnlySpan<char> s, IFormatProvider? provider) => Parse(s);

    /// <inheritdoc />
    static bool ISpanParsable<PortNumber>.TryParse(ReadOnlySpan<char> s, IFormatProvider? provider, out PortNumber result) => TryParse(s, out result);

    /// <inheritdoc />
    static PortNumber IUtf8SpanParsable<PortNumber>.Parse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider) => Parse(utf8Text);

    /// <inheritdoc />
    static bool IUtf8SpanParsable<PortNumber>.TryParse(ReadOnlySpan<byte> utf8Text, IFormatProvider? provider, out PortNumber result) => TryParse(utf8Text, out result);
}
