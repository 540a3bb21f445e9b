using System;
using System.Runtime.InteropServices;
using PortClassification.Tool;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;

try
{
    if (StartupGuard.IsStandardOutputClosed())
    {
        StartupGuard.WriteError(StartupGuard.StdoutClosed);
        return ExitCodes.Failure;
    }

    return await Run(args).ConfigureAwait(false);
}
#pragma warning disable CA1031 // anything that escapes is a failure to start (no descriptors, no assembly): one line, no stack trace
catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
{
    return StartupGuard.Report(e);
}

static async System.Threading.Tasks.Task<int> Run(string[] args)
{
    using var stop = new StopSignal();
    using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    return await Cli.RunAsync(args, ToolConsole.FromProcess(), new LibraryFacts(), stop).ConfigureAwait(false);

    void OnSignal(PosixSignalContext signal)
    {
        // Only a command that holds ports waits for a stop; anything else ends the default way.
        if (stop.IsArmed)
        {
            signal.Cancel = true;
            stop.Request(signal.Signal);
        }
    }
}
