using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Common.Linux;

/// <summary>The bounded, regular-file-only reader of small procfs files, against what can be put at such a path.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProcFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("procfile-");

    public void Dispose() => _directory.Delete(recursive: true);

    [LinuxFact]
    public void ReadAllBytes_SysctlFile_ReturnsItsText()
    {
        byte[] bytes = ProcFile.ReadAllBytes("/proc/sys/net/ipv4/ip_local_port_range");

        PortInterval range = LinuxPortSysctls.ParseLocalPortRange(bytes);
        Assert.True(range.First.Value >= 1);
    }

    [LinuxFact]
    public void ReadAllBytes_RegularFileAtTheCap_ReadWhole()
    {
        string path = Write("cap", new string('7', ProcFile.DefaultMaxBytes));

        Assert.Equal(ProcFile.DefaultMaxBytes, ProcFile.ReadAllBytes(path).Length);
    }

    [LinuxFact]
    public void ReadAllBytes_RegularFileOverTheCap_RefusedNotCut()
    {
        string path = Write("big", new string('7', ProcFile.DefaultMaxBytes + 1));

        IOException e = Assert.Throws<IOException>(() => ProcFile.ReadAllBytes(path));
        Assert.Contains("holds more than 4096 bytes", e.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ReadAllBytes_DevZero_RefusedAsADevice()
    {
        IOException e = Assert.Throws<IOException>(() => ProcFile.ReadAllBytes("/dev/zero"));

        Assert.Contains("is a character device, not a regular file", e.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task ReadAllBytes_Fifo_RefusedAtOnceWithoutAWriter()
    {
        string fifo = MakeFifo("fifo");

        Task<Exception?> read = Task.Run<Exception?>(() => Record.Exception(() => ProcFile.ReadAllBytes(fifo)));
        Exception? e = await BoundedAsync(read, fifo);

        Assert.Contains("is a FIFO, not a regular file", Assert.IsType<IOException>(e).Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ReadAllBytes_SymbolicLink_NotFollowed()
    {
        string link = Path.Combine(_directory.FullName, "link");
        File.CreateSymbolicLink(link, "/dev/zero");

        IOException e = Assert.Throws<IOException>(() => ProcFile.ReadAllBytes(link));
        Assert.Contains("is a symbolic link", e.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ReadAllBytes_Directory_Refused() =>
        Assert.Contains("is a directory", Assert.Throws<IOException>(() => ProcFile.ReadAllBytes(_directory.FullName)).Message, StringComparison.Ordinal);

    [LinuxFact]
    public void ReadAllBytes_Missing_FileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => ProcFile.ReadAllBytes(Path.Combine(_directory.FullName, "missing", "file")));

    [LinuxFact]
    public async Task HostSettings_FifoDevZeroAndHugeFile_DefaultsWithReasonsNeverHangs()
    {
        // What a FIFO or /dev/zero bind-mounted over the sysctls looks like to the reader, without a mount namespace.
        string fifo = MakeFifo("ip_local_port_range");
        File.CreateSymbolicLink(Path.Combine(_directory.FullName, "ip_local_reserved_ports"), "/dev/zero");
        Write("ip_unprivileged_port_start", "1024" + new string(' ', 100_000) + "\n");

        Task<HostPortSettings> read = Task.Run(() => LinuxHostPortSettings.Read(_directory.FullName));
        HostPortSettings settings = await BoundedAsync(read, fifo);

        Assert.Equal(LinuxHostPortSettings.DefaultLocalPortRange, settings.EphemeralRange(Transport.Tcp));
        Assert.Empty(settings.Reserved(Transport.Tcp));
        Assert.Equal(LinuxHostPortSettings.DefaultUnprivilegedPortStart, settings.UnprivilegedPortStart);
        Assert.All(settings.Provenance, s => Assert.Equal(HostSettingFallback.Unreadable, s.Fallback));
        Assert.Contains("is a FIFO", settings.Provenance[0].Reason, StringComparison.Ordinal);
        Assert.Contains("is a symbolic link", settings.Provenance[1].Reason, StringComparison.Ordinal);
        Assert.Contains("holds more than", settings.Provenance[2].Reason, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, text, Encoding.ASCII);
        return path;
    }

    private string MakeFifo(string name)
    {
        string path = Path.Combine(_directory.FullName, name);
        using Process mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Waits for a read that must not block; if it does (the old reader), releases it through the FIFO and fails.</summary>
    private static async Task<T> BoundedAsync<T>(Task<T> read, string fifo)
    {
        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(30))) != read)
        {
            // Opening the write end lets a reader blocked in open() go on, and closing it ends its read().
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            await read;
            Assert.Fail("Reading the FIFO blocked until a writer came.");
        }

        return await read;
    }
}
