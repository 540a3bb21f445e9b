using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Asks the macOS application firewall's tool for its state (<c>socketfilterfw --getglobalstate</c>,
/// <c>--getstealthmode</c>; fixed absolute path and arguments, 5 s timeout each) and reports with
/// <see cref="SocketFilterFwOutput"/>. Since macOS 15 the tool is the documented way; the old plist is gone.
/// </summary>
[SupportedOSPlatform("macos")]
internal static class MacOSFirewall
{
    private const string Tool = "/usr/libexec/ApplicationFirewall/socketfilterfw";

    public static FirewallReport Check(PortNumber port, Transport transport, IPAddress? from)
    {
        if (Run("--getglobalstate") is not { } global)
        {
            return FirewallReport.Unknown(port, transport, from, "macos-application-firewall", $"{Tool} could not be run or did not answer within 5 s.");
        }

        return SocketFilterFwOutput.Report(global, Run("--getstealthmode") ?? string.Empty, port, transport, from);
    }

    private static string? Run(string argument)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Tool, [argument])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }

            return output.Result;
        }
        catch (Exception e) when (e is Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
