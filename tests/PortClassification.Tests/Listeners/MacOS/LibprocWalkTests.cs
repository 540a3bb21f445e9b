using System.Buffers.Binary;
using System.Net;
using Xunit;

namespace PortClassification.Tests.Listeners.MacOS;

/// <summary>The macOS walk's bookkeeping, driven by a fake libproc (runs on every OS).</summary>
public class LibprocWalkTests
{
    private const int ESrch = 3;
    private const string Source = "macos-libproc";

    [Fact]
    public void Collect_EveryProcessReadable_ListsEachListenerWithItsOwnerAndIsComplete()
    {
        var libproc = new FakeLibproc()
            .Process(100, "sshd", (3, Tcp("0.0.0.0:22", 0xA)), (4, Udp("127.0.0.1:5353", 0xB)))
            .Process(200, "nginx", (7, Tcp("127.0.0.1:8080", 0xC)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.True(snapshot.IsComplete);
        Assert.Empty(snapshot.Warnings);
        Assert.Equal(Source, snapshot.ReaderName);
        Assert.Equal(
            [
                new Listener(Transport.Tcp, IPEndPoint.Parse("0.0.0.0:22"), 100, "sshd"),
                new Listener(Transport.Udp, IPEndPoint.Parse("127.0.0.1:5353"), 100, "sshd"),
                new Listener(Transport.Tcp, IPEndPoint.Parse("127.0.0.1:8080"), 200, "nginx"),
            ],
            snapshot.OrderBy(l => l.ProcessId).ThenBy(l => l.Port.Value));
    }

    [Fact]
    public void Collect_OtherUsersProcesses_AreCountedAndTheSnapshotIsIncomplete()
    {
        var libproc = new FakeLibproc()
            .Process(100, "mine", (3, Tcp("127.0.0.1:9000", 1)))
            .Fails(1, LibprocWalk.EPerm)
            .Fails(300, LibprocWalk.EPerm);

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Equal("2 of 3 processes could not be inspected (permission denied: they belong to other users; run as root to see them), so their listeners are missing.", Assert.Single(snapshot.Warnings));
        Assert.Equal(100, Assert.Single(snapshot).ProcessId);
    }

    [Fact]
    public void Collect_ProcessesExitingDuringTheWalk_AreSkippedWithoutWarning()
    {
        var libproc = new FakeLibproc()
            .Fails(50, ESrch)
            .Process(60, "gone", (3, null))          // descriptor closed, or process gone, before proc_pidfdinfo
            .Process(70, "kept", (5, Tcp("127.0.0.1:7000", 7)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.True(snapshot.IsComplete, string.Join(" ", snapshot.Warnings));
        Assert.Equal(70, Assert.Single(snapshot).ProcessId);
    }

    [Fact]
    public void Collect_SocketSharedByProcesses_IsReportedOnceForTheLowestPid()
    {
        byte[] shared = Tcp("0.0.0.0:80", 0xFEED);
        var libproc = new FakeLibproc()
            .Process(900, "worker", (5, shared))
            .Process(12, "master", (3, shared))
            .Process(450, "worker", (9, shared));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.Equal(new Listener(Transport.Tcp, IPEndPoint.Parse("0.0.0.0:80"), 12, "master"), Assert.Single(snapshot));
    }

    [Fact]
    public void Collect_DescriptorListTruncated_KeepsWhatWasReadAndIsIncomplete()
    {
        var libproc = new FakeLibproc()
            .Process(100, "busy", (3, Tcp("127.0.0.1:9000", 1)))
            .Truncate(100);

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Equal("1 processes had more descriptors than could be read, so some of their listeners may be missing.", Assert.Single(snapshot.Warnings));
        Assert.Single(snapshot);
    }

    [Fact]
    public void Collect_PidListTruncated_InspectsWhatWasReadAndIsIncomplete()
    {
        var libproc = new FakeLibproc { PidsTruncated = true }.Process(100, "a", (3, Tcp("127.0.0.1:9000", 1)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Equal("proc_listpids returned more processes than could be read; only the first 1 were inspected.", Assert.Single(snapshot.Warnings));
        Assert.Single(snapshot);
    }

    [Fact]
    public void Collect_ListPidsFails_SaysWhichErrno()
    {
        var libproc = new FakeLibproc { PidsErrno = 12 };

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Empty(snapshot);
        Assert.Equal("proc_listpids failed (errno 12), so no process could be inspected.", Assert.Single(snapshot.Warnings));
    }

    [Fact]
    public void Collect_PidListMalformed_SaysMalformedNotErrno()
    {
        var libproc = new FakeLibproc { PidListExtraBytes = 3 }.Process(100, "a", (3, Tcp("127.0.0.1:9000", 1)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Empty(snapshot);
        string warning = Assert.Single(snapshot.Warnings);
        Assert.StartsWith("proc_listpids returned a malformed pid list (", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("errno", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Collect_ShortSocketRecord_CountsAsMalformed()
    {
        var libproc = new FakeLibproc()
            .Process(100, "a", (3, Tcp("127.0.0.1:9000", 1)[..400]), (4, Tcp("127.0.0.1:9001", 2)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery(), Source);

        Assert.False(snapshot.IsComplete);
        Assert.Equal("libproc returned 1 malformed records (descriptor lists or socket_fdinfo), so some listeners may be missing.", Assert.Single(snapshot.Warnings));
        Assert.Equal(9001, Assert.Single(snapshot).Port.Value);
    }

    [Fact]
    public void Collect_QueryWithoutProcessNames_FiltersAndNeverAsksForNames()
    {
        var libproc = new FakeLibproc()
            .Process(100, "a", (3, Tcp("127.0.0.1:9000", 1)), (4, Udp("127.0.0.1:9000", 2)), (5, Tcp("127.0.0.1:9001", 3)));

        ListenerSnapshot snapshot = LibprocWalk.Collect(libproc, new ListenerQuery { Transport = Transport.Tcp, Port = new PortNumber(9000), ResolveProcesses = false }, Source);

        Assert.Equal(new Listener(Transport.Tcp, IPEndPoint.Parse("127.0.0.1:9000"), 100, null), Assert.Single(snapshot));
        Assert.Equal(0, libproc.NameLookups);
    }

    private static byte[] Tcp(string endPoint, ulong handle) => LibprocFixtures.Listener(Transport.Tcp, IPEndPoint.Parse(endPoint), handle);

    private static byte[] Udp(string endPoint, ulong handle) => LibprocFixtures.Listener(Transport.Udp, IPEndPoint.Parse(endPoint), handle);

    /// <summary>Processes with socket descriptors (a null record: not described any more), or an errno for their descriptor list.</summary>
    private sealed class FakeLibproc : ILibproc
    {
        private readonly SortedDictionary<int, (string Name, (int Fd, byte[]? Info)[] Sockets)> _processes = [];
        private readonly SortedDictionary<int, int> _failures = [];
        private readonly HashSet<int> _truncated = [];

        public bool PidsTruncated { get; init; }

        public int PidsErrno { get; init; }

        public int PidListExtraBytes { get; init; }

        public int NameLookups { get; private set; }

        public FakeLibproc Process(int pid, string name, params (int Fd, byte[]? Info)[] sockets)
        {
            _processes.Add(pid, (name, sockets));
            return this;
        }

        public FakeLibproc Fails(int pid, int errno)
        {
            _failures.Add(pid, errno);
            return this;
        }

        public FakeLibproc Truncate(int pid)
        {
            _truncated.Add(pid);
            return this;
        }

        public LibprocList ListAllPids(ref byte[] buffer)
        {
            if (PidsErrno != 0)
            {
                return LibprocList.Failure(PidsErrno);
            }

            int[] pids = [0, .. _processes.Keys.Concat(_failures.Keys)];
            buffer = new byte[(pids.Length * 4) + PidListExtraBytes];
            for (int i = 0; i < pids.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(i * 4), pids[i]);
            }

            return new LibprocList(buffer.Length, PidsTruncated, 0);
        }

        public LibprocList ListDescriptors(int pid, ref byte[] buffer)
        {
            if (_failures.TryGetValue(pid, out int errno))
            {
                return LibprocList.Failure(errno);
            }

            (int Fd, byte[]? Info)[] sockets = _processes[pid].Sockets;
            buffer = new byte[(sockets.Length + 1) * 8];
            BinaryPrimitives.WriteInt32LittleEndian(buffer, 0);      // stdin, a vnode: not a socket
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), 1);
            for (int i = 0; i < sockets.Length; i++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan((i + 1) * 8), sockets[i].Fd);
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(((i + 1) * 8) + 4), 2);
            }

            return new LibprocList(buffer.Length, _truncated.Contains(pid), 0);
        }

        public int DescribeSocket(int pid, int fd, Span<byte> info)
        {
            byte[]? bytes = _processes[pid].Sockets.Single(s => s.Fd == fd).Info;
            if (bytes is null)
            {
                return 0;
            }

            bytes.CopyTo(info);
            return bytes.Length;
        }

        public string? ProcessName(int pid)
        {
            NameLookups++;
            return _processes[pid].Name;
        }
    }
}
