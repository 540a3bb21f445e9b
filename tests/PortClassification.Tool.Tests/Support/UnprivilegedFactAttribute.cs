using System.Diagnostics;
using Xunit;

namespace PortClassification.Tool.Tests.Support;

/// <summary>
/// A fact that runs a child process as the unprivileged user <c>nobody</c> (65534) through <c>setpriv</c>:
/// Linux, running as root (as CI does), with the <c>dotnet</c> host reachable by other users.
/// Elsewhere it is skipped, saying which condition is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(FindMissing);

    public UnprivilegedFactAttribute()
    {
        Skip = Missing.Value;
    }

    /// <summary>Gets the arguments that run a program as <c>nobody</c>: <c>setpriv</c> and its options.</summary>
    public static string[] AsNobody { get; } = ["--reuid=65534", "--regid=65534", "--clear-groups"];

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Linux only.";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "Needs root, to switch to the user nobody.";
        }

        if (!File.Exists("/usr/bin/setpriv"))
        {
            return "setpriv (util-linux) is not installed.";
        }

        var start = new ProcessStartInfo("/usr/bin/setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in (string[])[.. AsNobody, BuiltTool.DotNet, "--list-runtimes"])
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"The dotnet host {BuiltTool.DotNet} cannot be run by the user nobody.";
    }
}
