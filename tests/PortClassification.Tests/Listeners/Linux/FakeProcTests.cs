using System.Net;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

/// <summary>
/// <see cref="LinuxSocketOwners"/> against a hand-built procfs tree (directories, <c>comm</c> files and symlinks whose
/// targets are <c>socket:[inode]</c> strings), so ownership rules are checked exactly, independent of the host.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FakeProcTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fake-proc-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [LinuxFact]
    public void Resolve_SharedSocket_LowestPidWins()
    {
        for (int pid = 900; pid >= 100; pid -= 8)
        {
            AddProcess(pid, $"p{pid}", ("3", "socket:[777]"), ("4", "/dev/null"));
        }

        (int[] pids, string?[] names) = Resolve(new LinuxSocketOwners(_root), 777);

        Assert.Equal(100, pids[0]);
        Assert.Equal("p100", names[0]);
    }

    [LinuxFact]
    public void Resolve_ManySockets_EachFoundInItsProcess()
    {
        for (int pid = 1; pid <= 200; pid++)
        {
            AddProcess(pid, "svc", ("0", "/dev/null"), ("5", $"socket:[{10_000 + pid}]"), ("6", "pipe:[5]"), ("7", "socket:[notanumber]"));
        }

        ulong[] inodes = [.. Enumerable.Range(1, 200).Select(p => (ulong)(10_000 + p))];
        (int[] pids, _) = Resolve(new LinuxSocketOwners(_root), inodes);

        Assert.Equal(Enumerable.Range(1, 200), pids);
    }

    [LinuxFact]
    public void Resolve_UnknownInodeAndMissingComm_AreUnknown()
    {
        AddProcess(10, null, ("3", "socket:[1]"));

        (int[] pids, string?[] names) = Resolve(new LinuxSocketOwners(_root), 1, 2);

        Assert.Equal([10, 0], pids);
        Assert.All(names, Assert.Null);
    }

    [LinuxFact]
    public void Resolve_RememberedOwnerMoved_FindsTheNewOwner()
    {
        var owners = new LinuxSocketOwners(_root);
        AddProcess(10, "old", ("3", "socket:[55]"));
        AddProcess(20, "new", ("4", "anon_inode:[eventfd]"));
        Assert.Equal(10, Resolve(owners, 55).Pids[0]);

        // The socket moves: pid 10 closes fd 3, pid 20 now holds the socket.
        File.Delete(Path.Combine(_root, "10", "fd", "3"));
        File.CreateSymbolicLink(Path.Combine(_root, "20", "fd", "9"), "socket:[55]");

        (int[] pids, string?[] names) = Resolve(owners, 55);

        Assert.Equal(20, pids[0]);
        Assert.Equal("new", names[0]);
    }

    [LinuxFact]
    public void Resolve_MissedSocketAppearsInNewProcess_IsFound()
    {
        var owners = new LinuxSocketOwners(_root);
        AddProcess(10, "a", ("3", "socket:[1]"));
        Assert.Equal([10, 0], Resolve(owners, 1, 2).Pids);

        AddProcess(30, "late", ("3", "socket:[2]")); // a process started after the search that missed inode 2

        Assert.Equal([10, 30], Resolve(owners, 1, 2).Pids);
    }

    [LinuxFact]
    public void Resolve_ProcessWithoutFdDirectory_IsSkipped()
    {
        Directory.CreateDirectory(Path.Combine(_root, "5"));               // exited: no fd directory
        File.WriteAllText(Path.Combine(_root, "6"), "not a directory");    // not even a directory
        Directory.CreateDirectory(Path.Combine(_root, "self"));            // non-numeric entries are ignored
        AddProcess(7, "seven", ("3", "socket:[3]"));

        Assert.Equal(7, Resolve(new LinuxSocketOwners(_root), 3).Pids[0]);
    }

    private void AddProcess(int pid, string? comm, params (string Fd, string Target)[] links)
    {
        string dir = Path.Combine(_root, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(dir, "fd"));
        if (comm is not null)
        {
            File.WriteAllText(Path.Combine(dir, "comm"), comm + "\n");
        }

        foreach ((string fd, string target) in links)
        {
            File.CreateSymbolicLink(Path.Combine(dir, "fd", fd), target);
        }
    }

    private static (int[] Pids, string?[] Names) Resolve(LinuxSocketOwners owners, params ulong[] inodes)
    {
        LinuxSocketRecord[] records = [.. inodes.Select(i => new LinuxSocketRecord(Transport.Tcp, new IPEndPoint(IPAddress.Loopback, 1), 0, i))];
        int[] pids = new int[records.Length];
        string?[] names = new string?[records.Length];
        _ = owners.Resolve(records, pids, names);
        return (pids, names);
    }
}
