using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace PortClassification;

/// <summary>
/// What <see cref="ListenerSnapshot"/> and <see cref="SocketSnapshot"/> share: one set of rules for the items,
/// the reader's name and the warnings, so the two public types cannot drift apart.
/// </summary>
/// <remarks>
/// A public class cannot derive from an internal one, and a public base class would freeze a third type; the two
/// snapshots therefore stay separate sealed types that delegate here.
/// </remarks>
internal static class SnapshotParts
{
    /// <summary>Copies and checks what a public snapshot constructor was given.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items; copied.</param>
    /// <param name="itemsName">The items parameter's name, for exceptions.</param>
    /// <param name="readerName">The reader's name.</param>
    /// <param name="isComplete">Whether the reader saw everything.</param>
    /// <param name="warnings">What could not be seen; <see langword="null"/> for none.</param>
    /// <param name="copy">The checked copy of <paramref name="items"/>.</param>
    /// <returns>The checked, read-only warnings.</returns>
    /// <exception cref="ArgumentNullException">An argument or an element is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="isComplete"/> is <see langword="false"/> but there is no warning.</exception>
    internal static ReadOnlyCollection<string> Check<T>(IEnumerable<T> items, string itemsName, string readerName, bool isComplete, IEnumerable<string>? warnings, out T[] copy)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(items, itemsName);
        ArgumentNullException.ThrowIfNull(readerName);
        copy = [.. items];
        if (Array.IndexOf(copy, null) >= 0)
        {
            throw new ArgumentNullException(itemsName, "A snapshot cannot hold a null item.");
        }

        string[] notes = warnings is null ? [] : [.. warnings];
        if (Array.IndexOf(notes, null) >= 0)
        {
            throw new ArgumentNullException(nameof(warnings), "A snapshot cannot hold a null warning.");
        }

        if (!isComplete && notes.Length == 0)
        {
            throw new ArgumentException("An incomplete snapshot must say, in a warning, what could not be seen.", nameof(warnings));
        }

        return Array.AsReadOnly(notes);
    }

    /// <summary>Makes the read-only warnings of a snapshot a reader built itself (no checks).</summary>
    /// <param name="warnings">The warnings, or <see langword="null"/>.</param>
    /// <returns>The read-only warnings.</returns>
    internal static IReadOnlyList<string> Warnings(IEnumerable<string>? warnings) => warnings is null ? [] : Array.AsReadOnly(warnings.ToArray());

    /// <summary>Gets an item by index, with the exception the public indexers document.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items.</param>
    /// <param name="index">The index.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the items.</exception>
    internal static T At<T>(T[] items, int index) =>
        unchecked((uint)index) < (uint)items.Length
            ? items[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, "The index must be within the snapshot.");
}
