using System;
using System.Buffers.Binary;

namespace PortClassification;

/// <summary>
/// Builds the <c>INET_DIAG_REQ_BYTECODE</c> filter program that makes the kernel drop, during a sock_diag dump, the
/// sockets whose ports do not match (<c>include/uapi/linux/inet_diag.h</c>; run by <c>inet_diag_bc_run</c> and checked
/// by <c>inet_diag_bc_audit</c> in <c>net/ipv4/inet_diag.c</c>).
/// </summary>
/// <remarks>
/// <para>
/// A program is a sequence of ops <c>{u8 code; u8 yes; u16 no}</c> in host byte order. After an op the kernel moves
/// <c>yes</c> bytes on when the test holds and <c>no</c> bytes otherwise; a socket matches when execution lands exactly
/// on the end, and is rejected when it jumps past it. A port comparison carries its port (host order) in the
/// <c>no</c> field of a second 4-byte op. Every <c>no</c> target inside the program must lie on the chain of
/// <c>yes</c> jumps from the start (the audit's rule), which the layout below keeps by moving through the ops in order.
/// </para>
/// <para>
/// Equality is written as <c>&gt;= p</c> and <c>&lt;= p</c> (<c>S_GE</c>/<c>S_LE</c>, <c>D_GE</c>/<c>D_LE</c>), which every
/// kernel with sock_diag accepts; <c>S_EQ</c>/<c>D_EQ</c> are newer. The clauses are ANDed:
/// </para>
/// <code>
/// local p      S_GE(8, reject) p  S_LE(8, reject) p                                           16 bytes
/// remote p     D_GE(8, reject) p  D_LE(8, reject) p                                           16 bytes
/// either p     S_GE(8, +20) p  S_LE(8, +12) p  JMP(4, +20)  D_GE(8, reject) p  D_LE(8, reject) p   36 bytes
/// explicit     AUTO(4, +8)  JMP(4, reject)                       (port not chosen by the kernel)   8 bytes
/// </code>
/// </remarks>
internal static class SockDiagBytecode
{
    /// <summary>The longest program <see cref="Write"/> produces.</summary>
    internal const int MaxLength = 16 + 16 + 36 + 8;

    internal const byte Nop = 0;
    internal const byte Jmp = 1;
    internal const byte SGe = 2;
    internal const byte SLe = 3;
    internal const byte DGe = 4;
    internal const byte DLe = 5;
    internal const byte Auto = 6;

    /// <summary>Writes the program for a set of port conditions; -1 leaves a condition out.</summary>
    /// <param name="destination">At least <see cref="MaxLength"/> bytes.</param>
    /// <param name="localPort">The local port a socket must have, or -1.</param>
    /// <param name="remotePort">The remote port a socket must have, or -1.</param>
    /// <param name="eitherPort">A port the socket must have at either end, or -1.</param>
    /// <param name="explicitlyBoundOnly">Keep only sockets whose local port was chosen by <c>bind()</c> with a non-zero port (not matching <c>AUTO</c>).</param>
    /// <returns>The program's length; 0 when there is no condition (send no attribute then).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A port is below -1 or above 65535.</exception>
    internal static int Write(Span<byte> destination, int localPort, int remotePort, int eitherPort, bool explicitlyBoundOnly = false)
    {
        CheckPort(localPort, nameof(localPort));
        CheckPort(remotePort, nameof(remotePort));
        CheckPort(eitherPort, nameof(eitherPort));
        int total = (localPort >= 0 ? 16 : 0) + (remotePort >= 0 ? 16 : 0) + (eitherPort >= 0 ? 36 : 0) + (explicitlyBoundOnly ? 8 : 0);
        Span<byte> program = destination[..total];
        int reject = total + 4; // a jump target past the end rejects the socket
        int at = 0;
        if (localPort >= 0)
        {
            at = WriteEquals(program, at, SGe, SLe, (ushort)localPort, reject);
        }

        if (remotePort >= 0)
        {
            at = WriteEquals(program, at, DGe, DLe, (ushort)remotePort, reject);
        }

        if (eitherPort >= 0)
        {
            int start = at;
            at = WriteEquals(program, at, SGe, SLe, (ushort)eitherPort, start + 20);
            WriteOp(program, at, Jmp, 4, (ushort)(start + 36 - at)); // local matched: skip the remote test
            at = WriteEquals(program, at + 4, DGe, DLe, (ushort)eitherPort, reject);
        }

        if (explicitlyBoundOnly)
        {
            WriteOp(program, at, Auto, 4, 8);                         // auto-bound: fall into the rejecting JMP
            WriteOp(program, at + 4, Jmp, 4, (ushort)(reject - (at + 4)));
            at += 8;
        }

        return at;
    }

    /// <summary>Writes <c>GE p; LE p</c> at <paramref name="at"/>; a failed test jumps to <paramref name="failTarget"/>.</summary>
    private static int WriteEquals(Span<byte> program, int at, byte ge, byte le, ushort port, int failTarget)
    {
        WriteOp(program, at, ge, 8, (ushort)(failTarget - at));
        WriteOp(program, at + 4, Nop, 0, port);
        WriteOp(program, at + 8, le, 8, (ushort)(failTarget - (at + 8)));
        WriteOp(program, at + 12, Nop, 0, port);
        return at + 16;
    }

    private static void WriteOp(Span<byte> m, int offset, byte code, byte yes, ushort no)
    {
        m[offset] = code;
        m[offset + 1] = yes;
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(m[(offset + 2)..], no);
        }
        else
        {
            BinaryPrimitives.WriteUInt16BigEndian(m[(offset + 2)..], no);
        }
    }

    private static void CheckPort(int port, string name)
    {
        if (port is < -1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(name, port, "A port is 0 to 65535, or -1 for none.");
        }
    }
}
