using System;
using System.Collections.Generic;
using System.IO;

namespace PortClassification.Tool.Facts;

/// <summary>Reads this host's services file, which names ports for getservbyname(3) and netstat.</summary>
internal static class HostServicesFile
{
    /// <summary>Gets the file's path: <c>/etc/services</c> on Unix, <c>%SystemRoot%\System32\drivers\etc\services</c> on Windows.</summary>
    public static string DefaultPath { get; } = OperatingSystem.IsWindows()
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers", "etc", "services")
        : "/etc/services";

    /// <summary>Reads the file's entries.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The entries; empty when the file does not exist, since many hosts (containers) have none.</returns>
    /// <exception cref="IOException">The file exists but cannot be read, or is malformed (the message names the line).</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static IReadOnlyList<ServiceEntry> Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return ServiceRegistry.LoadServicesFile(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (FormatException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
    }
}
