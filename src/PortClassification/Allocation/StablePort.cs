using System;
using System.Text;

namespace PortClassification;

/// <summary>
/// Where a named lease looks first: a hash of the name and the user that is the same in every process
/// and on every run (unlike <see cref="string.GetHashCode()"/>, which .NET randomizes per process).
/// Pure, so it is tested without sockets.
/// </summary>
internal static class StablePort
{
    /// <summary>How many stable choices a name gets before the allocator falls back to any free port.</summary>
    internal const int Choices = 3;

    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>Computes the 64-bit FNV-1a hash of the UTF-8 bytes of the user, a zero byte, and the name.</summary>
    /// <param name="name">The lease's name.</param>
    /// <param name="user">The user's name.</param>
    /// <returns>The hash.</returns>
    public static ulong Hash(string name, string user)
    {
        ulong hash = FnvOffset;
        hash = Mix(hash, user);
        hash = unchecked((hash ^ 0) * FnvPrime);
        return Mix(hash, name);
    }

    /// <summary>Gets a name's stable choices as indices into a candidate list of a given size.</summary>
    /// <param name="name">The lease's name.</param>
    /// <param name="user">The user's name.</param>
    /// <param name="count">The number of candidates, at least 1.</param>
    /// <param name="choice">Which choice, from 0 to <see cref="Choices"/> − 1.</param>
    /// <returns>An index from 0 to <paramref name="count"/> − 1.</returns>
    public static int Index(string name, string user, int count, int choice)
    {
        ulong hash = Hash(name, user);
        for (int i = 0; i < choice; i++)
        {
            // Later choices: re-hash, so two names whose first choices collide usually part at the second.
            hash = unchecked((hash ^ (hash >> 29)) * FnvPrime);
        }

        return (int)(hash % (ulong)count);
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        int length = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? Encoding.UTF8.GetBytes(text, buffer) : -1;
        ReadOnlySpan<byte> bytes = length >= 0 ? buffer[..length] : Encoding.UTF8.GetBytes(text);
        foreach (byte b in bytes)
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }
}
