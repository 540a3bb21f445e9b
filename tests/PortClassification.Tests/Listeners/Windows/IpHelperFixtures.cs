using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;

namespace PortClassification.Tests.Listeners.Windows;

/// <summary>Generates IP Helper tables byte by byte from the header layouts (independently of the decoder's constants).</summary>
internal static class IpHelperFixtures
{
    public sealed record Kind(Transport Transport, AddressFamily Family);

    public sealed record Table(Transport Transport, AddressFamily Family, byte[] Bytes, IpHelperRow[] Expected)
    {
        public override string ToString() => $"{Transport} {Family}: {Convert.ToHexString(Bytes)}";
    }

    private sealed record RowSpec(byte[] Address, uint ScopeId, ushort Port, ushort PortGarbage, uint State, int Pid);

    public static Gen<Kind> Kinds { get; } = Gen.Elements(
        new Kind(Transport.Tcp, AddressFamily.InterNetwork),
        new Kind(Transport.Tcp, AddressFamily.InterNetworkV6),
        new Kind(Transport.Udp, AddressFamily.InterNetwork),
        new Kind(Transport.Udp, AddressFamily.InterNetworkV6));

    public static Gen<Table> Tables { get; } =
        from kind in Kinds
        from rows in RowSpecs(kind.Family).ListOf()
        from slack in Gen.Choose(0, 8)
        select Encode(kind, [.. rows], slack);

    /// <summary>A valid table with a few bytes overwritten, or cut short, or both.</summary>
    public static Gen<Table> Mutated { get; } =
        from table in Tables
        from edits in Gen.Zip(Gen.Choose(0, 1 << 20), Gen.Choose(0, 255)).ListOf()
        from cut in Gen.Choose(0, 8)
        select Mutate(table, edits, cut);

    private static Gen<RowSpec> RowSpecs(AddressFamily family) =>
        from address in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), family == AddressFamily.InterNetwork ? 4 : 16)
        from scope in Gen.Elements(0u, 4u, 4096u, uint.MaxValue)
        from port in ArbMap.Default.GeneratorFor<ushort>()
        from garbage in ArbMap.Default.GeneratorFor<ushort>()
        from state in Gen.Elements(2u, 2u, 2u, 1u, 5u, 11u)
        from pid in Gen.Choose(0, int.MaxValue)
        select new RowSpec(address, scope, port, garbage, state, pid);

    private static Table Encode(Kind kind, RowSpec[] rows, int slack)
    {
        bool tcp = kind.Transport == Transport.Tcp;
        bool v4 = kind.Family == AddressFamily.InterNetwork;
        int rowSize = (tcp, v4) switch { (true, true) => 24, (true, false) => 56, (false, true) => 12, (false, false) => 28 };
        byte[] bytes = new byte[4 + (rows.Length * rowSize) + slack];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)rows.Length);
        var expected = new List<IpHelperRow>();
        for (int i = 0; i < rows.Length; i++)
        {
            RowSpec r = rows[i];
            Span<byte> row = bytes.AsSpan(4 + (i * rowSize), rowSize);
            int addressAt = (tcp && v4) ? 4 : 0;
            int portAt = v4 ? addressAt + 4 : 20;
            int pidAt = (tcp, v4) switch { (true, true) => 20, (true, false) => 52, (false, true) => 8, (false, false) => 24 };
            r.Address.CopyTo(row[addressAt..]);
            if (!v4)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(row[16..], r.ScopeId);
            }

            BinaryPrimitives.WriteUInt16BigEndian(row[portAt..], r.Port);
            BinaryPrimitives.WriteUInt16LittleEndian(row[(portAt + 2)..], r.PortGarbage);
            BinaryPrimitives.WriteInt32LittleEndian(row[pidAt..], r.Pid);
            if (tcp)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(row[(v4 ? 0 : 48)..], r.State);
            }

            if (!tcp || r.State == 2)
            {
                expected.Add(new IpHelperRow(kind.Transport, new IPEndPoint(ExpectedAddress(r), r.Port), r.Pid, kind.Transport == Transport.Udp ? SocketState.Bound : SocketState.Listen));
            }
        }

        return new Table(kind.Transport, kind.Family, bytes, [.. expected]);
    }

    private static IPAddress ExpectedAddress(RowSpec r)
    {
        var address = new IPAddress(r.Address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        return r.Address.Length == 16 && r.ScopeId != 0 && (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            ? new IPAddress(r.Address, r.ScopeId)
            : address;
    }

    private static Table Mutate(Table table, List<(int Offset, int Value)> edits, int cut)
    {
        byte[] bytes = (byte[])table.Bytes.Clone();
        foreach ((int offset, int value) in edits)
        {
            bytes[offset % bytes.Length] = (byte)value;
        }

        return table with { Bytes = bytes[..Math.Max(0, bytes.Length - cut)], Expected = [] };
    }
}
