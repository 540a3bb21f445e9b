using System;
using System.Collections;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// The sockets an <see cref="ISocketSource"/> found at one moment, with what it could not see.
/// </summary>
/// <remarks>
/// A snapshot is a read-only list of <see cref="SocketEntry"/>. <see cref="IsComplete"/> is <see langword="false"/>
/// when the source knows it missed something (another user's processes it may not inspect on macOS, or a kernel
/// table that kept changing during the dump); <see cref="Warnings"/> then says what and why. An owner that is merely
/// unknown does not make a snapshot incomplete. A snapshot never changes once made and is safe to read from several threads.
/// </remarks>
public sealed class SocketSnapshot : IReadOnlyList<SocketEntry>
{
    private readonly SocketEntry[] _sockets;

    /// <summary>Initializes a new instance of the <see cref="SocketSnapshot"/> class.</summary>
    /// <param name="sockets">The sockets found; copied.</param>
    /// <param name="readerName">The name of the reader that found them (<see cref="ISocketSource.Name"/>).</param>
    /// <param name="isComplete"><see langword="true"/> if the source saw every socket it was asked for.</param>
    /// <param name="warnings">What could not be seen and why; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sockets"/> or <paramref name="readerName"/> is <see langword="null"/>, or <paramref name="sockets"/> or <paramref name="warnings"/> contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="isComplete"/> is <see langword="false"/> but no warning says what was missed.</exception>
    public SocketSnapshot(IEnumerable<SocketEntry> sockets, string readerName, bool isComplete = true, IEnumerable<string>? warnings = null)
    {
        Warnings = SnapshotParts.Check(sockets, nameof(sockets), readerName, isComplete, warnings, out _sockets);
        ReaderName = readerName;
        IsComplete = isComplete;
    }

    private SocketSnapshot(SocketEntry[] sockets, string readerName, bool isComplete, IReadOnlyList<string> warnings)
    {
        _sockets = sockets;
        ReaderName = readerName;
        IsComplete = isComplete;
        Warnings = warnings;
    }

    /// <summary>Gets the name of the reader that produced this snapshot: the <see cref="ISocketSource.Name"/> of the source that made it, such as <c>"linux-netlink"</c>.</summary>
    public string ReaderName { get; }

    /// <summary>Gets a value indicating whether the source saw every socket it was asked for.</summary>
    public bool IsComplete { get; }

    /// <summary>Gets what could not be seen and why, one sentence each; empty when nothing was missed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets the number of sockets.</summary>
    public int Count => _sockets.Length;

    /// <summary>Gets the socket at an index.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The socket.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public SocketEntry this[int index] =>
        SnapshotParts.At(_sockets, index);

    /// <summary>Creates a snapshot that takes ownership of <paramref name="sockets"/> (no copy; no null check): for sources that just built the array.</summary>
    internal static SocketSnapshot Wrap(SocketEntry[] sockets, string readerName, bool isComplete, IEnumerable<string>? warnings) =>
        new(sockets, readerName, isComplete, SnapshotParts.Warnings(warnings));

    /// <summary>Returns an enumerator over the sockets.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<SocketEntry> GetEnumerator() => ((IEnumerable<SocketEntry>)_sockets).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
