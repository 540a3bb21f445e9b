using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace PortClassification.Benchmarks;

/// <summary>
/// Decoding a 10,000-row <c>GetExtendedTcpTable(AF_INET6, TCP_TABLE_OWNER_PID_LISTENER)</c> buffer: the library's
/// span decoder against the per-row <see cref="Marshal.PtrToStructure{T}(IntPtr)"/> loop most hand-written P/Invoke
/// code uses. Runs on any OS: the buffer is built in memory from the documented layout.
/// </summary>
[MemoryDiagnoser]
public class ListenerDecoderBenchmarks
{
    private const int Rows = 10_000;
    private const int RowSize = 56;
    private byte[] _table = [];
    private GCHandle _pin;

    [GlobalSetup]
    public void Setup()
    {
        _table = new byte[4 + (Rows * RowSize)];
        BinaryPrimitives.WriteUInt32LittleEndian(_table, Rows);
        for (int i = 0; i < Rows; i++)
        {
            Span<byte> row = _table.AsSpan(4 + (i * RowSize), RowSize);
            row[15] = 1;                                                          // ::1
            BinaryPrimitives.WriteUInt16BigEndian(row[20..], (ushort)(20000 + i)); // dwLocalPort
            BinaryPrimitives.WriteUInt32LittleEndian(row[48..], 2);              // LISTEN
            BinaryPrimitives.WriteUInt32LittleEndian(row[52..], 1000);           // pid
        }

        _pin = GCHandle.Alloc(_table, GCHandleType.Pinned);
    }

    [GlobalCleanup]
    public void Cleanup() => _pin.Free();

    [Benchmark(Baseline = true)]
    public int PtrToStructurePerRow()
    {
        IntPtr start = _pin.AddrOfPinnedObject();
        int count = Marshal.ReadInt32(start);
        var listeners = new List<(IPEndPoint, int)>(count);
        for (int i = 0; i < count; i++)
        {
            var row = Marshal.PtrToStructure<MibTcp6RowOwnerPid>(IntPtr.Add(start, 4 + (i * RowSize)));
            if (row.State == 2)
            {
                int port = ((int)(row.LocalPort & 0xFF) << 8) | (int)((row.LocalPort >> 8) & 0xFF);
                listeners.Add((new IPEndPoint(new IPAddress(row.LocalAddr, row.LocalScopeId), port), (int)row.OwningPid));
            }
        }

        return listeners.Count;
    }

    [Benchmark]
    public int IpHelperTableDecoder()
    {
        var rows = new List<IpHelperRow>(Rows);
        PortClassification.IpHelperTableDecoder.Decode(_table, Transport.Tcp, AddressFamily.InterNetworkV6, rows);
        return rows.Count;
    }

    /// <summary>The usual hand-written mirror of <c>MIB_TCP6ROW_OWNER_PID</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MibTcp6RowOwnerPid
    {
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)]
        public byte[] LocalAddr;
        public uint LocalScopeId;
        public uint LocalPort;
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)]
        public byte[] RemoteAddr;
        public uint RemoteScopeId;
        public uint RemotePort;
        public uint State;
        public uint OwningPid;
    }
}
