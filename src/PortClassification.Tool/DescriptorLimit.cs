using System;
using System.Globalization;
using System.IO;

namespace PortClassification.Tool;

/// <summary>
/// Tells "this process ran out of file descriptors" (<c>EMFILE</c>) from "the system did" (<c>ENFILE</c>) and from
/// everything else. .NET blurs them: a socket fails with <c>SocketError.TooManyOpenSockets</c>, whose text is
/// <c>ENFILE</c>'s, and an assembly or native library that cannot be opened is reported as missing.
/// </summary>
/// <remarks>Uses <c>System.Private.CoreLib</c> only, so it still works when no other assembly can be loaded.</remarks>
internal static class DescriptorLimit
{
    /// <summary><c>EMFILE</c> from <c>&lt;asm-generic/errno-base.h&gt;</c> (the same number on macOS and FreeBSD).</summary>
    public const int EMFILE = 24;

    /// <summary><c>ENFILE</c> from <c>&lt;asm-generic/errno-base.h&gt;</c> (the same number on macOS and FreeBSD).</summary>
    public const int ENFILE = 23;

    /// <summary>The text for <c>EMFILE</c>.</summary>
    public const string ProcessLimit = "too many open files in this process: it reached its open-file limit; raise it with 'ulimit -n'";

    /// <summary>The text for <c>ENFILE</c>.</summary>
    public const string SystemLimit = "too many open files in the system: the kernel's file table is full (see fs.file-max)";

    /// <summary>Below this many descriptors, an assembly that "cannot be found" most likely could not be opened.</summary>
    private const long LowLimit = 1024;

    /// <summary>Gets the exception that says what happened: the inner one of a type initializer's failure or of a single-task aggregate.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>The cause.</returns>
    public static Exception Cause(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        while (e is TypeInitializationException { InnerException: { } } || (e is AggregateException { InnerExceptions.Count: 1 } && e.InnerException is { }))
        {
            e = e.InnerException!;
        }

        return e;
    }

    /// <summary>
    /// Describes a failure that running out of descriptors explains: an assembly, a native library or a file that could not
    /// be opened, or a runtime component that could not start; otherwise returns <see langword="null"/>.
    /// </summary>
    /// <param name="e">The exception, as thrown (a type initializer's failure names the component).</param>
    /// <returns>One line without a trailing period, or <see langword="null"/>.</returns>
    public static string? TryDescribe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Exception cause = Cause(e);
        string? what = cause switch
        {
            FileNotFoundException or FileLoadException or BadImageFormatException when cause.Message.Contains("assembly", StringComparison.Ordinal) =>
                $"could not load {AssemblyName(cause)}",
            DllNotFoundException => "could not load a native library of the runtime",
            OutOfMemoryException when e is TypeInitializationException t => $"could not start {t.TypeName}",
            IOException => null,
            _ => string.Empty,
        };
        if (what is { Length: 0 })
        {
            return null; // not something descriptors explain
        }

        int errno = what is null ? cause.HResult
            : cause.Message.Contains("Too many open files in system", StringComparison.Ordinal) ? ENFILE
            : cause.Message.Contains("Too many open files", StringComparison.Ordinal) ? EMFILE
            : Probe();
        string prefix = what is null ? string.Empty : what + ": ";
        long? limit = SoftLimit();
        string now = limit is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (now {limit})");
        switch (errno)
        {
            case EMFILE:
                return $"{prefix}{ProcessLimit}{now}";
            case ENFILE:
                return $"{prefix}{SystemLimit}";
        }

        // The failed open released its descriptor, so the probe succeeds; a low limit still explains it.
        return what is not null && limit is < LowLimit
            ? string.Create(CultureInfo.InvariantCulture, $"{what}, most likely because this process may open only {limit} files; raise the limit with 'ulimit -n'")
            : null;
    }

    private static string AssemblyName(Exception e)
    {
        // "System.Linq, Version=10.0.0.0, Culture=neutral, PublicKeyToken=…" → "System.Linq"
        string? fileName = e switch
        {
            FileNotFoundException f => f.FileName,
            FileLoadException l => l.FileName,
            BadImageFormatException b => b.FileName,
            _ => null,
        };
        if (string.IsNullOrEmpty(fileName))
        {
            return "an assembly";
        }

        int comma = fileName.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? fileName : fileName[..comma];
    }

    /// <summary>Opens and closes <c>/dev/null</c>: 0 when that works, else the <c>errno</c> it failed with (or -1).</summary>
    /// <returns>0, <see cref="EMFILE"/>, <see cref="ENFILE"/> or another error.</returns>
    public static int Probe()
    {
        if (OperatingSystem.IsWindows())
        {
            return -1;
        }

        try
        {
            using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle("/dev/null");
            return 0;
        }
        catch (IOException io)
        {
            return io.HResult;
        }
        catch (UnauthorizedAccessException)
        {
            return -1;
        }
    }

    /// <summary>Reads this process's soft open-file limit from <c>/proc/self/limits</c> (Linux).</summary>
    /// <returns>The limit, or <see langword="null"/> when unknown or unlimited.</returns>
    public static long? SoftLimit()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            // "Max open files            1024                 1048576              files"
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    string[] fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out long soft) ? soft : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <summary>Gets the first line of a message, without a trailing period, at most 160 characters.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The line.</returns>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int end = message.AsSpan().IndexOfAny('\r', '\n');
        string line = (end < 0 ? message : message[..end]).Trim().TrimEnd('.');
        return line.Length <= 160 ? line : string.Concat(line.AsSpan(0, 160), "…");
    }
}
