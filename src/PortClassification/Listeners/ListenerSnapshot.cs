using System;
using System.Collections;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>
/// The listeners an <see cref="IListenerSource"/> found at one moment, with what it could not see.
/// </summary>
/// <remarks>
/// A snapshot is a read-only list of <see cref="Listener"/>. <see cref="IsComplete"/> is <see langword="false"/>
/// when the source knows it missed something (another user's processes it may not inspect on macOS,
/// for example); <see cref="Warnings"/> then says what and why. An owner that is merely unknown
/// (<see cref="Listener.ProcessId"/> is <see langword="null"/>) does not make a snapshot incomplete.
/// A snapshot never changes once made and is safe to read from several threads. Its listeners'
/// <see cref="Listener.LocalEndPoint"/> values are <see cref="System.Net.IPEndPoint"/> instances, a mutable BCL
/// class, shared rather than copied: treat them as read-only.
/// </remarks>
public sealed class ListenerSnapshot : IReadOnlyList<Listener>
{
    private readonly Listener[] _listeners;

    /// <summary>Initializes a new instance of the <see cref="ListenerSnapshot"/> class.</summary>
    /// <param name="listeners">The listeners found; copied.</param>
    /// <param name="readerName">The name of the reader that found them (<see cref="IListenerSource.Name"/>).</param>
    /// <param name="isComplete"><see langword="true"/> if the source saw every listener it was asked for.</param>
    /// <param name="warnings">What could not be seen and why; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="listeners"/> or <paramref name="readerName"/> is <see langword="null"/>, or <paramref name="listeners"/> or <paramref name="warnings"/> contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="isComplete"/> is <see langword="false"/> but no warning says what was missed.</exception>
    public ListenerSnapshot(IEnumerable<Listener> listeners, string readerName, bool isComplete = true, IEnumerable<string>? warnings = null)
    {
        Warnings = SnapshotParts.Check(listeners, nameof(listeners), readerName, isComplete, warnings, out _listeners);
        ReaderName = readerName;
        IsComplete = isComplete;
    }

    private ListenerSnapshot(Listener[] listeners, string readerName, bool isComplete, IReadOnlyList<string> warnings)
    {
        _listeners = listeners;
        ReaderName = readerName;
        IsComplete = isComplete;
        Warnings = warnings;
    }

    /// <summary>Creates a snapshot that takes ownership of <paramref name="listeners"/> (no copy; no null check): for sources that just built the array.</summary>
    internal static ListenerSnapshot Wrap(Listener[] listeners, string readerName, bool isComplete, IEnumerable<string>? warnings) =>
        new(listeners, readerName, isComplete, SnapshotParts.Warnings(warnings));

    /// <summary>Gets the name of the reader that produced this snapshot: the <see cref="IListenerSource.Name"/> of the source that made it, such as <c>"linux-netlink"</c>.</summary>
    public string ReaderName { get; }

    /// <summary>Gets a value indicating whether the source saw every listener it was asked for.</summary>
    public bool IsComplete { get; }

    /// <summary>Gets what could not be seen and why, one sentence each; empty when nothing was missed.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Gets the number of listeners.</summary>
    public int Count => _listeners.Length;

    /// <summary>Gets the listener at an index.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The listener.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative or not less than <see cref="Count"/>.</exception>
    public Listener this[int index] =>
        SnapshotParts.At(_listeners, index);

    /// <summary>Returns an enumerator over the listeners.</summary>
    /// <returns>An enumerator.</returns>
    public IEnumerator<Listener> GetEnumerator() => ((IEnumerable<Listener>)_listeners).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
