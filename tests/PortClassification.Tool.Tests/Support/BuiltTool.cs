using System.Diagnostics;

namespace PortClassification.Tool.Tests.Support;

/// <summary>Runs the tool's build output (<c>portclass.dll</c>, copied next to the tests) as a separate process.</summary>
internal static class BuiltTool
{
    /// <summary>Gets the path of <c>portclass.dll</c>.</summary>
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "portclass.dll");

    /// <summary>Gets the path of the <c>dotnet</c> host that runs the tests.</summary>
    public static string DotNet { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    /// <summary>Starts <c>dotnet portclass.dll args</c> with redirected output and <c>NO_COLOR</c> set.</summary>
    /// <param name="args">The tool's arguments.</param>
    /// <returns>The running process.</returns>
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Runs the tool to its end.</summary>
    /// <param name="args">The tool's arguments.</param>
    /// <returns>The exit code and both outputs.</returns>
    public static async Task<ToolResult> RunAsync(params string[] args)
    {
        using Process process = Start(args);
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a program to its end.</summary>
    /// <param name="program">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The exit code and both outputs.</returns>
    public static async Task<ToolResult> RunProgramAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Copies the tool's files to a new temporary directory that every user may read.</summary>
    /// <returns>The directory; the caller deletes it.</returns>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string CopyForEveryone()
    {
        DirectoryInfo directory = Directory.CreateTempSubdirectory("portclass-");
        const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(directory.FullName, Readable);
        foreach (string name in (string[])["portclass.dll", "portclass.deps.json", "portclass.runtimeconfig.json", "PortClassification.dll", "System.CommandLine.dll"])
        {
            string target = Path.Combine(directory.FullName, name);
            File.Copy(Path.Combine(AppContext.BaseDirectory, name), target);
            File.SetUnixFileMode(target, Readable);
        }

        return directory.FullName;
    }
}
