using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>Reads Windows Defender Firewall (<see cref="WindowsFirewallReader"/>) and evaluates it (<see cref="WindowsFirewallEvaluator"/>).</summary>
[SupportedOSPlatform("windows")]
internal static class WindowsFirewall
{
    public static FirewallReport Check(PortNumber port, Transport transport, IPAddress? from)
    {
        WindowsFirewallPolicy policy;
        try
        {
            policy = WindowsFirewallReader.Read();
        }
        catch (Exception e) when (e is InvalidCastException or System.Runtime.InteropServices.COMException or DllNotFoundException or EntryPointNotFoundException)
        {
            return FirewallReport.Unknown(port, transport, from, WindowsFirewallEvaluator.Source, "Windows Firewall could not be read: " + e.Message);
        }

        return WindowsFirewallEvaluator.Evaluate(policy, port, transport, from, ListeningProgram(port, transport));
    }

    /// <summary>Finds the path of the program listening on the port, for rules scoped to a program; <see langword="null"/> when not known.</summary>
    private static string? ListeningProgram(PortNumber port, Transport transport)
    {
        try
        {
            foreach (Listener listener in Listeners.Find(port))
            {
                if (listener.Transport == transport && listener.ProcessId is int pid)
                {
                    using var process = Process.GetProcessById(pid);
                    return process.MainModule?.FileName;
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception or UnauthorizedAccessException or NotSupportedException)
        {
            // Another user's process, or one that ended: program-scoped rules then depend on it.
        }

        return null;
    }
}
