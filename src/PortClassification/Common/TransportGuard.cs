using System;
using System.Diagnostics.CodeAnalysis;

namespace PortClassification;

/// <summary>The one check, and the one exception, for a <see cref="Transport"/> argument that is not a defined value.</summary>
internal static class TransportGuard
{
    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="transport"/> is Tcp, Udp, Sctp or Dccp.</summary>
    /// <param name="transport">The argument.</param>
    /// <param name="paramName">The parameter's name, reported in the exception.</param>
    internal static void ThrowIfUndefined(Transport transport, string paramName)
    {
        if (!IsDefined(transport))
        {
            ThrowUndefined(transport, paramName);
        }
    }

    /// <summary>Determines whether <paramref name="transport"/> is one of the defined values (0 to 3).</summary>
    internal static bool IsDefined(Transport transport) => unchecked((uint)transport) <= (uint)Transport.Dccp;

    [DoesNotReturn]
    internal static void ThrowUndefined(Transport transport, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, transport, "The transport must be Tcp, Udp, Sctp or Dccp.");
}
