using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Listeners.Linux;

/// <summary>
/// <c>/proc</c> mounted with <c>hidepid</c>: other users' processes vanish from <c>/proc</c>, so their sockets' owners
/// cannot be found. The listing must stay complete, a hidden owner must come back unknown (never another pid), and
/// the viewer's own sockets must still name the viewer.
/// </summary>
[SupportedOSPlatform("linux")]
public class HidepidTests
{
    [RootMountTheory]
    [InlineData("hidepid=2")]
    [InlineData("hidepid=invisible")]
    public void Default_ProcMountedWithHidepid_RootsListenerListedWithUnknownOwner(string option)
    {
        using var sockets = new LoopbackSockets();
        IPEndPoint ours = sockets.TcpListener(AddressFamily.InterNetwork); // owned by root, this process

        (int exitCode, string output, string errors) = RunProbeAsNobody(option);

        Assert.True(exitCode == 0, $"The probe failed ({exitCode}): {errors}");
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] self = lines.Single(l => l.StartsWith("self ", StringComparison.Ordinal)).Split(' ');
        string probePid = self[1], probePort = self[2];
        // nobody's own listener: its own pid, from its own /proc entry, which hidepid leaves visible to it.
        Assert.Contains($"listener tcp 127.0.0.1:{probePort} {probePid} dotnet", lines);
        Assert.Contains($"found 127.0.0.1:{probePort} {probePid}", lines);
        // root's listener: listed (netlink sees every socket), owner unknown rather than a guess.
        Assert.Equal($"listener tcp {ours} - -", Assert.Single(lines, l => l.StartsWith($"listener tcp {ours} ", StringComparison.Ordinal)));
        // No listener is attributed to a pid other than the probe's: every other process is hidden from nobody.
        Assert.All(
            lines.Where(l => l.StartsWith("listener ", StringComparison.Ordinal)),
            l => Assert.True(l.EndsWith(" - -", StringComparison.Ordinal) || l.Split(' ')[3] == probePid, l));
        Assert.StartsWith("source linux-netlink True", lines.Single(l => l.StartsWith("source ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>Runs <c>listener-probe</c> as nobody in a private mount namespace whose <c>/proc</c> is mounted with <paramref name="option"/>.</summary>
    private static (int ExitCode, string Output, string Errors) RunProbeAsNobody(string option)
    {
        // nobody may not be able to read the checkout, so the probe runs from a world-readable copy of this output directory.
        DirectoryInfo copy = Directory.CreateTempSubdirectory("portclassification-hidepid-");
        try
        {
            copy.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            TestOutput.CopyWithoutFixtures(AppContext.BaseDirectory, copy.FullName);
            string assembly = Path.Combine(copy.FullName, Path.GetFileName(typeof(Program).Assembly.Location));
            string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
            var start = new ProcessStartInfo("/usr/bin/unshare")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            // A private mount namespace: the new /proc mount is the child's alone and disappears with it.
            foreach (string a in (string[])[
                "--mount", "--propagation", "private", "/bin/sh", "-c",
                "mount -t proc -o \"$0\" proc /proc && exec /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups \"$@\"",
                option, dotnet, "exec", assembly, Program.ListenerProbe])
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["HOME"] = "/tmp";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using Process probe = Process.Start(start)!;
            Task<string> errors = probe.StandardError.ReadToEndAsync();
            string output = probe.StandardOutput.ReadToEnd();
            if (!probe.WaitForExit(60_000))
            {
                probe.Kill(entireProcessTree: true);
                throw new TimeoutException("The listener probe did not finish within 60 s.");
            }

            return (probe.ExitCode, output, errors.Result);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}
