using System;
using System.Runtime.InteropServices;

namespace PortClassification.Tool.Processes;

/// <summary>
/// kernel32 calls for ending a process on Windows, which has no signals: <c>OpenProcess</c> with
/// <c>PROCESS_TERMINATE</c>, <c>TerminateProcess</c>, <c>CloseHandle</c> (processthreadsapi.h, handleapi.h).
/// Written against the documented signatures; not run on Windows here.
/// </summary>
internal static partial class WindowsInterop
{
    /// <summary>The access right <c>TerminateProcess</c> needs.</summary>
    internal const uint ProcessTerminate = 0x0001;

    /// <summary><c>ERROR_ACCESS_DENIED</c>.</summary>
    internal const int ErrorAccessDenied = 5;

    /// <summary><c>ERROR_INVALID_PARAMETER</c>: <c>OpenProcess</c> on a process id that does not exist.</summary>
    internal const int ErrorInvalidParameter = 87;

    private const string Kernel32 = "kernel32.dll";

    [LibraryImport(Kernel32, EntryPoint = "OpenProcess", SetLastError = true)]
    internal static partial IntPtr OpenProcess(uint desiredAccess, int inheritHandle, uint processId);

    [LibraryImport(Kernel32, EntryPoint = "TerminateProcess", SetLastError = true)]
    internal static partial int TerminateProcess(IntPtr process, uint exitCode);

    [LibraryImport(Kernel32, EntryPoint = "CloseHandle", SetLastError = true)]
    internal static partial int CloseHandle(IntPtr handle);
}
