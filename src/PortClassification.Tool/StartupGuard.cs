using System;
using System.IO;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PortClassification.Tool;

/// <summary>
/// What the tool does before and around everything else: refuse to run with standard output closed, and turn a failure
/// to start (no descriptor left for the console, an assembly or a signal handler) into one line on standard error.
/// </summary>
/// <remarks>
/// Only <c>System.Private.CoreLib</c> is used here: when the process is out of descriptors, every other assembly may
/// fail to load, and the console may not open, so the line is written straight to descriptor 2.
/// </remarks>
internal static class StartupGuard
{
    /// <summary>The message when standard output is closed.</summary>
    public const string StdoutClosed = "standard output is closed (for example '>&-'); nothing can be written, so nothing was done.";

    /// <summary>
    /// Determines whether descriptor 1 is closed or not open for writing. With it closed, the next file the process opens
    /// takes descriptor 1, and output would go there (an assembly opened read-only fails with "access denied";
    /// a file opened for writing would be overwritten), so the tool must stop before that happens.
    /// </summary>
    /// <returns><see langword="true"/> when standard output cannot be written on Linux; <see langword="false"/> elsewhere.</returns>
    public static bool IsStandardOutputClosed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // "flags:\t0100002": octal open flags; the low two bits are the access mode (0 = O_RDONLY).
            foreach (string line in File.ReadLines("/proc/self/fdinfo/1"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    string octal = line["flags:".Length..].Trim();
                    return octal.Length > 0 && (octal[^1] - '0') % 4 == 0;
                }
            }

            return false;
        }
        catch (FileNotFoundException)
        {
            return true; // no descriptor 1
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // cannot tell (no procfs): carry on, a write that fails is still reported
        }
    }

    /// <summary>Writes a failure to start as one line on standard error and returns the exit code.</summary>
    /// <param name="e">What failed.</param>
    /// <returns><see cref="ExitCodes.Failure"/>.</returns>
    public static int Report(Exception e)
    {
        string message;
        try
        {
            Exception cause = DescriptorLimit.Cause(e);
            message = "cannot run: " + (DescriptorLimit.TryDescribe(e) ?? cause.GetType().Name + ": " + DescriptorLimit.FirstLine(cause.Message)) + ".";
        }
#pragma warning disable CA1031 // the last resort: whatever describing the failure throws, the line is still written
        catch (Exception)
#pragma warning restore CA1031
        {
            message = "cannot run: " + e.GetType().Name + ".";
        }

        WriteError(message);
        return ExitCodes.Failure;
    }

    // Control characters to spaces: InputText lives in this assembly but is not worth a risk here.
    private static string OneLine(string message) => string.Create(message.Length, message, static (span, text) =>
    {
        for (int i = 0; i < text.Length; i++)
        {
            span[i] = char.IsControl(text[i]) ? ' ' : text[i];
        }
    });

    /// <summary>Writes <c>portclass: message</c> and a newline to descriptor 2, without opening anything.</summary>
    /// <param name="message">The message.</param>
    public static void WriteError(string message)
    {
        try
        {
            byte[] line = Encoding.UTF8.GetBytes("portclass: " + OneLine(message) + "\n");
            using var handle = new SafeFileHandle(2, ownsHandle: false);
            using var stream = new FileStream(handle, FileAccess.Write, bufferSize: 0);
            stream.Write(line);
        }
#pragma warning disable CA1031 // standard error is gone too: nothing is left to tell
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
