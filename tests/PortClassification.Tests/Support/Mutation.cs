using FsCheck;
using FsCheck.Fluent;

namespace PortClassification.Tests.Listeners;

/// <summary>One random edit of a fixture, for parser robustness properties.</summary>
internal readonly record struct Mutation(int Kind, int Position, byte Value)
{
    public static Gen<Mutation> Generator { get; } =
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Elements<byte>(0, 0xFF, 0x7F, (byte)' ', (byte)'\n', (byte)':', (byte)'0', (byte)'A', (byte)'g', 1, 2, 3, 0x10, 20, 72)
        select new Mutation(kind, position, value);

    /// <summary>Applies edits: 0 overwrite a byte, 1 insert a byte, 2 delete a byte, 3 truncate.</summary>
    public static byte[] Apply(byte[] input, IEnumerable<Mutation> mutations)
    {
        var bytes = new List<byte>(input);
        foreach (Mutation m in mutations)
        {
            if (bytes.Count == 0)
            {
                bytes.Add(m.Value);
                continue;
            }

            int at = m.Position % bytes.Count;
            switch (m.Kind)
            {
                case 0: bytes[at] = m.Value; break;
                case 1: bytes.Insert(at, m.Value); break;
                case 2: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}
