using System;
using System.Runtime.InteropServices;

namespace PortClassification.Tool.Processes;

/// <summary>What happened when a process was signalled.</summary>
internal enum SignalOutcome
{
    /// <summary>The signal was delivered (or, on Windows, the process was terminated).</summary>
    Sent,

    /// <summary>The process no longer exists.</summary>
    NoSuchProcess,

    /// <summary>This user may not signal it; root (an administrator) may.</summary>
    NotPermitted,

    /// <summary>Another error.</summary>
    Failed,
}

/// <summary>Sends signals to processes: <c>kill(2)</c> on Unix, <c>TerminateProcess</c> on Windows.</summary>
internal static class ProcessControl
{
    /// <summary>Gets the id of this process's parent (0 where the OS does not say).</summary>
    public static int ParentProcessId => OperatingSystem.IsWindows() ? 0 : UnixInterop.GetPPid();

    /// <summary>Sends a signal to a process.</summary>
    /// <param name="processId">The process id.</param>
    /// <param name="signal">The signal; on Windows every signal terminates the process (exit code 1), as Windows has no signals.</param>
    /// <param name="error">The OS error code when the outcome is not <see cref="SignalOutcome.Sent"/>.</param>
    /// <returns>The outcome.</returns>
    public static SignalOutcome Send(int processId, ProcessSignal signal, out int error)
    {
        error = 0;
        if (OperatingSystem.IsWindows())
        {
            return TerminateOnWindows(processId, out error);
        }

        if (UnixInterop.Kill(processId, signal.Number) == 0)
        {
            return SignalOutcome.Sent;
        }

        error = Marshal.GetLastPInvokeError();
        // ESRCH is 3 and EPERM is 1 on Linux, macOS and the BSDs.
        return error switch
        {
            3 => SignalOutcome.NoSuchProcess,
            1 => SignalOutcome.NotPermitted,
            _ => SignalOutcome.Failed,
        };
    }

    private static SignalOutcome TerminateOnWindows(int processId, out int error)
    {
        error = 0;
        IntPtr handle = WindowsInterop.OpenProcess(WindowsInterop.ProcessTerminate, 0, (uint)processId);
        if (handle == IntPtr.Zero)
        {
            error = Marshal.GetLastPInvokeError();
            return error switch
            {
                WindowsInterop.ErrorInvalidParameter => SignalOutcome.NoSuchProcess,
                WindowsInterop.ErrorAccessDenied => SignalOutcome.NotPermitted,
                _ => SignalOutcome.Failed,
            };
        }

        try
        {
            if (WindowsInterop.TerminateProcess(handle, 1) != 0)
            {
                return SignalOutcome.Sent;
            }

            error = Marshal.GetLastPInvokeError();
            return error == WindowsInterop.ErrorAccessDenied ? SignalOutcome.NotPermitted : SignalOutcome.Failed;
        }
        finally
        {
            WindowsInterop.CloseHandle(handle);
        }
    }
}
