using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// Starts PortClassification.AllocatorChild processes that share one network namespace. As root
/// (CI), the namespace is a fresh one made with <c>unshare -n</c> whose ephemeral range and reserved
/// ports this class sets; otherwise the children run in the test's own namespace.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AllocatorChildren : IDisposable
{
    /// <summary>The ephemeral range set in the private namespace.</summary>
    public static readonly PortInterval NamespaceEphemeral = PortInterval.Parse("50000-55000");

    /// <summary>The reserved ports set in the private namespace: one inside the candidates' band, one single port.</summary>
    public static readonly PortInterval[] NamespaceReserved = [PortInterval.Parse("61000-61099"), PortInterval.Parse("64000")];

    private readonly List<Process> _processes = [];
    private readonly Process? _keeper;
    private string? _stagedChildPath;

    public AllocatorChildren(bool privateNamespace = true)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("allocator-children-").FullName;

        // Children may run as another user (see StartChild): let them write their files here.
        File.SetUnixFileMode(Directory, (UnixFileMode)0x1FF);
        ChildPath = typeof(AllocatorChildren).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AllocatorChildPath").Value!;
        Assert.True(File.Exists(ChildPath), $"The allocator child was not built at {ChildPath}.");

        if (privateNamespace && IsRoot && File.Exists("/usr/bin/unshare") && File.Exists("/usr/bin/nsenter"))
        {
            string reserved = string.Join(',', NamespaceReserved.Select(r => r.ToString()));
            string script =
                "ip link set lo up && " +
                $"echo '{NamespaceEphemeral.First} {NamespaceEphemeral.Last}' > /proc/sys/net/ipv4/ip_local_port_range && " +
                $"echo '{reserved}' > /proc/sys/net/ipv4/ip_local_reserved_ports && " +
                $"touch '{Directory}/namespace-ready' && exec sleep 600";
            Process keeper = Start("/usr/bin/unshare", ["-n", "sh", "-c", script]);
            string ready = Path.Combine(Directory, "namespace-ready");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(ready) && !keeper.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(10);
            }

            // Root without CAP_SYS_ADMIN (some containers) cannot unshare: run in this namespace instead.
            if (File.Exists(ready))
            {
                _keeper = keeper;
                InPrivateNamespace = true;
            }
            else if (!keeper.HasExited)
            {
                keeper.Kill();
            }
        }
    }

    public string Directory { get; }

    public string ChildPath { get; }

    /// <summary>Gets a value indicating whether the children run in a private namespace with the ranges above.</summary>
    public bool InPrivateNamespace { get; }

    /// <summary>Gets a value indicating whether this process runs as root (and so may start children as other users).</summary>
    public static bool IsRoot =>
        File.ReadLines("/proc/self/status").Any(line => line.StartsWith("Uid:", StringComparison.Ordinal) && line.Split('\t')[2] == "0");

    /// <summary>Starts a child with the given mode and arguments (after the directory and name).</summary>
    public Process StartChild(string mode, string name, params string[] rest) => StartChildAs(null, mode, name, rest);

    /// <summary>Starts a child as another user (root only), or as this user when <paramref name="userId"/> is null.</summary>
    /// <remarks>
    /// Another user may not be able to enter the clone (a home directory with mode 0700), so such a child runs
    /// from a world-readable copy of the child's build output inside <see cref="Directory"/>, removed on dispose.
    /// </remarks>
    public Process StartChildAs(int? userId, string mode, string name, params string[] rest)
    {
        string[] command = ["dotnet", userId is null ? ChildPath : StageChildForOtherUsers(), mode, Directory, name, .. rest];
        if (userId is int uid)
        {
            string id = uid.ToString(CultureInfo.InvariantCulture);
            command = ["/usr/bin/setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "env", "HOME=" + Directory, "DOTNET_CLI_HOME=" + Directory, .. command];
        }

        // Children in a private namespace meet only each other on ports, so they also get claims of their own: in
        // the user's shared claim directory, tests running beside them (other assemblies' `portclass free`, say)
        // would claim ports that the namespace's children expect to have to themselves.
        string? runtime = _keeper is not null && userId is null ? PrivateRuntimeDirectory() : null;
        return _keeper is null
            ? Start(command[0], command[1..])
            : Start("/usr/bin/nsenter", [$"--net=/proc/{_keeper.Id}/ns/net", .. command], runtime);
    }

    /// <summary>A mode-0700 folder of <see cref="Directory"/> for the children's <c>XDG_RUNTIME_DIR</c> (made once).</summary>
    private string PrivateRuntimeDirectory()
    {
        string runtime = Path.Combine(Directory, "runtime");
        if (!System.IO.Directory.Exists(runtime))
        {
            System.IO.Directory.CreateDirectory(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return runtime;
    }

    /// <summary>Copies the child's build output into a world-readable folder of <see cref="Directory"/> (once); returns the copy's path.</summary>
    private string StageChildForOtherUsers()
    {
        if (_stagedChildPath is null)
        {
            const UnixFileMode WorldReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            string staged = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "child-bin")).FullName;
            File.SetUnixFileMode(staged, WorldReadable);
            CopyWorldReadable(Path.GetDirectoryName(ChildPath)!, staged, WorldReadable);
            _stagedChildPath = Path.Combine(staged, Path.GetFileName(ChildPath));
        }

        return _stagedChildPath;
    }

    private static void CopyWorldReadable(string source, string destination, UnixFileMode directoryMode)
    {
        foreach (string file in System.IO.Directory.EnumerateFiles(source))
        {
            string copy = Path.Combine(destination, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        foreach (string directory in System.IO.Directory.EnumerateDirectories(source))
        {
            string copy = System.IO.Directory.CreateDirectory(Path.Combine(destination, Path.GetFileName(directory))).FullName;
            File.SetUnixFileMode(copy, directoryMode);
            CopyWorldReadable(directory, copy, directoryMode);
        }
    }

    public void Signal(string file) => File.WriteAllText(Path.Combine(Directory, file), "");

    public string WaitForFile(string file, TimeSpan timeout)
    {
        string path = Path.Combine(Directory, file);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            foreach (Process process in _processes.Where(p => p != _keeper && p.HasExited && p.ExitCode != 0 && p.ExitCode != 137))
            {
                Assert.Fail($"A child exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
            }

            Assert.True(clock.Elapsed < timeout, $"Timed out waiting for {file}.");
            Thread.Sleep(20);
        }

        return File.ReadAllText(path);
    }

    public PortNumber[] ReadPorts(string name, TimeSpan timeout) =>
        [.. WaitForFile(name + ".ports", timeout).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(PortNumber.Parse)];

    public int ReadPid(string name) => int.Parse(WaitForFile(name + ".pid", TimeSpan.FromSeconds(120)), CultureInfo.InvariantCulture);

    /// <summary>Waits for every child (not the namespace keeper) to exit and checks they exited cleanly.</summary>
    public void WaitForChildren(TimeSpan timeout, params Process[] killed)
    {
        foreach (Process process in _processes.Where(p => p != _keeper && !killed.Contains(p)))
        {
            Assert.True(process.WaitForExit(timeout), "A child did not exit.");
            Assert.True(process.ExitCode == 0, $"A child exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        }
    }

    public void Dispose()
    {
        Signal("release");
        foreach (Process process in _processes)
        {
            if (process != _keeper && !process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        if (_keeper is { HasExited: false })
        {
            _keeper.Kill();
            _keeper.WaitForExit();
        }

        foreach (Process process in _processes)
        {
            process.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private Process Start(string fileName, IEnumerable<string> arguments, string? runtimeDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        if (runtimeDirectory is not null)
        {
            info.Environment["XDG_RUNTIME_DIR"] = runtimeDirectory;
        }

        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        _processes.Add(process);
        return process;
    }
}
