using FsCheck;
using FsCheck.Fluent;

namespace PortClassification.Tests.Support;

/// <summary>What one random edit of a fixture does.</summary>
internal enum EditKind
{
    /// <summary>Replaces the element at the position.</summary>
    Overwrite,

    /// <summary>Inserts the value before the position.</summary>
    Insert,

    /// <summary>Deletes the element at the position.</summary>
    Delete,

    /// <summary>Cuts the input at the position.</summary>
    Truncate,
}

/// <summary>One random edit of a fixture (its bytes or its text), for parser robustness properties.</summary>
/// <param name="Kind">What the edit does.</param>
/// <param name="Position">Where, modulo the current length.</param>
/// <param name="Value">The value written or inserted.</param>
internal readonly record struct Mutation<T>(EditKind Kind, int Position, T Value);

/// <summary>The one fixture-mutation helper of the test projects: generators of random edits, and applying them.</summary>
internal static class Mutation
{
    /// <summary>Byte edits of all four kinds, over values that matter to the parsers (separators, digits, small lengths, extremes).</summary>
    public static Gen<Mutation<byte>> Generator { get; } =
        Of<byte>([0, 0xFF, 0x7F, (byte)' ', (byte)'\n', (byte)':', (byte)'0', (byte)'A', (byte)'g', 1, 2, 3, 0x10, 20, 72]);

    /// <summary>Edits that write one of <paramref name="values"/>; <paramref name="truncate"/> adds cuts to the overwrites, inserts and deletes.</summary>
    public static Gen<Mutation<T>> Of<T>(T[] values, bool truncate = true) =>
        from kind in Gen.Choose(0, truncate ? (int)EditKind.Truncate : (int)EditKind.Delete)
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Elements(values)
        select new Mutation<T>((EditKind)kind, position, value);

    /// <summary>Applies the edits to a copy of <paramref name="input"/>.</summary>
    public static byte[] Apply(byte[] input, IEnumerable<Mutation<byte>> mutations) => [.. Edit(input, mutations)];

    /// <summary>Applies the edits to <paramref name="input"/>.</summary>
    public static string Apply(string input, IEnumerable<Mutation<char>> mutations) => new([.. Edit(input, mutations)]);

    private static List<T> Edit<T>(IEnumerable<T> input, IEnumerable<Mutation<T>> mutations)
    {
        var items = new List<T>(input);
        foreach (Mutation<T> m in mutations)
        {
            if (items.Count == 0)
            {
                items.Add(m.Value);
                continue;
            }

            int at = m.Position % items.Count;
            switch (m.Kind)
            {
                case EditKind.Overwrite: items[at] = m.Value; break;
                case EditKind.Insert: items.Insert(at, m.Value); break;
                case EditKind.Delete: items.RemoveAt(at); break;
                default: items.RemoveRange(at, items.Count - at); break;
            }
        }

        return items;
    }
}
