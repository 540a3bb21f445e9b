using System.Diagnostics;

namespace PortClassification.Tool.Tests.Support;

/// <summary>A python3 process the test starts with a script, reading its standard output line by line and killing it at the end.</summary>
internal sealed class PythonChild : IDisposable
{
    private PythonChild(Process process) => Process = process;

    /// <summary>Gets the process.</summary>
    public Process Process { get; }

    /// <summary>Starts <c>python3 -c script</c> with redirected standard streams.</summary>
    /// <param name="script">The script.</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The child.</returns>
    public static PythonChild Start(string script, params string[] args)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new PythonChild(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start."));
    }

    /// <summary>Reads the next line of the child's standard output.</summary>
    /// <param name="token">Cancels the read.</param>
    /// <returns>The line.</returns>
    public async Task<string> ReadLineAsync(CancellationToken token) =>
        await Process.StandardOutput.ReadLineAsync(token) ?? throw new InvalidOperationException("python3 ended without printing a line.");

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
