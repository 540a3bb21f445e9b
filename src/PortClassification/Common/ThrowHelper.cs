using System;
using System.Diagnostics.CodeAnalysis;

namespace PortClassification;

/// <summary>Rare throws, kept out of line so the hot paths that call them stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowPortOutOfRange(int value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value,
            $"A port number must be between 0 and 65535 inclusive; {value} is not.");

    [DoesNotReturn]
    internal static void ThrowInvalidPortFormat() =>
        throw new FormatException("A port number must be 1 or more ASCII digits (no sign, spaces or hex) with a value from 0 to 65535.");

    [DoesNotReturn]
    internal static void ThrowInvalidIntervalFormat() =>
        throw new FormatException("A port interval must be a port number, or two port numbers joined by '-' with the first not greater than the second (for example \"49152-65535\").");

    [DoesNotReturn]
    internal static void ThrowUnsupportedFormatString() =>
        throw new FormatException("Port numbers support only the format strings \"\", \"G\" and \"D\" (decimal).");
}
