using System;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Reads whether this process holds <c>CAP_NET_BIND_SERVICE</c>, from the <c>CapEff</c> line of
/// <c>/proc/self/status</c>: the read is one bounded <c>read</c> into a stack buffer, the parse is pure.
/// </summary>
/// <remarks>
/// <c>CapEff</c> is the effective capability set as 16 hex digits (<c>include/uapi/linux/capability.h</c>:
/// <c>CAP_NET_BIND_SERVICE</c> is capability 10, bit <c>0x400</c>). The kernel checks the capability in the user
/// namespace that owns the network namespace, so inside a container with its own user namespace the bit describes
/// that namespace's root, which is what the bind check sees there too.
/// </remarks>
internal static class LinuxCapabilities
{
    /// <summary>The bit of <c>CAP_NET_BIND_SERVICE</c> (capability 10).</summary>
    internal const ulong NetBindService = 1UL << 10;

    /// <summary>The most of <c>/proc/self/status</c> read: the file is about 1.5 KiB, and <c>CapEff</c> sits in its first half.</summary>
    private const int MaxStatusLength = 8192;

    /// <summary>Reads whether this process may bind privileged ports; <see langword="null"/> when the file cannot be read or parsed.</summary>
    [SupportedOSPlatform("linux")]
    internal static unsafe bool? HasNetBindService()
    {
        int fd = Interop.Libc.Open("/proc/self/status", Interop.OpenFlags.ReadOnly | Interop.OpenFlags.CloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        using var file = new SafeFileDescriptor(fd);
        byte* buffer = stackalloc byte[MaxStatusLength];
        int length = 0;
        while (length < MaxStatusLength)
        {
            nint read = Interop.Libc.Read(fd, buffer + length, (nuint)(MaxStatusLength - length));
            if (read <= 0)
            {
                break;
            }

            length += (int)read;
        }

        return TryParseEffective(new ReadOnlySpan<byte>(buffer, length), out ulong effective)
            ? (effective & NetBindService) != 0
            : null;
    }

    /// <summary>Finds the <c>CapEff:</c> line and parses its hex mask. Pure; never throws.</summary>
    /// <param name="status">The text of <c>/proc/&lt;pid&gt;/status</c>, possibly cut short.</param>
    /// <param name="effective">The effective set when found.</param>
    /// <returns><see langword="true"/> when a complete <c>CapEff:</c> line with 1 to 16 hex digits was found.</returns>
    internal static bool TryParseEffective(ReadOnlySpan<byte> status, out ulong effective)
    {
        effective = 0;
        ReadOnlySpan<byte> key = "CapEff:"u8;
        while (!status.IsEmpty)
        {
            int end = status.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A last line without its newline may have been cut by the bounded read: do not trust it.
                return false;
            }

            ReadOnlySpan<byte> line = status[..end];
            status = status[(end + 1)..];
            if (!line.StartsWith(key))
            {
                continue;
            }

            ReadOnlySpan<byte> digits = line[key.Length..].Trim(" \t"u8);
            if (digits.IsEmpty || digits.Length > 16)
            {
                return false;
            }

            ulong value = 0;
            foreach (byte b in digits)
            {
                int nibble = b switch
                {
                    >= (byte)'0' and <= (byte)'9' => b - '0',
                    >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                    >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                    _ => -1,
                };
                if (nibble < 0)
                {
                    return false;
                }

                value = (value << 4) | (uint)nibble;
            }

            effective = value;
            return true;
        }

        return false;
    }
}
