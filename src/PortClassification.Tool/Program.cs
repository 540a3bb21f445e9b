using System.Runtime.InteropServices;
using PortClassification.Tool;
using PortClassification.Tool.Facts;
using PortClassification.Tool.Output;

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
