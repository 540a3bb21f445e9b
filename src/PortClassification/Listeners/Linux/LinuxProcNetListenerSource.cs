using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Runtime.Versioning;

namespace PortClassification;

/// <summary>
/// Lists listeners on Linux by reading the text tables <c>/proc/net/{tcp,tcp6,udp,udp6}</c>, the mechanism of
/// <c>netstat</c> and the BCL; used where netlink is refused.
/// </summary>
/// <remarks>
/// <para>
/// These files are world-readable and list every socket of one network namespace, including established
/// connections, so reading them costs time proportional to every socket on the host; prefer
/// <see cref="LinuxNetlinkListenerSource"/> where it works. A missing <c>tcp6</c>/<c>udp6</c> (IPv6 disabled)
/// means "no IPv6 sockets"; an unreadable table makes the snapshot incomplete, with a warning.
/// </para>
/// <para>
/// A listener's address family is that of the address it reports: an IPv6 socket bound to an IPv4-mapped address
/// (<c>::ffff:127.0.0.1</c>, a row of <c>tcp6</c>) is listed as IPv4 (<c>127.0.0.1</c>), so an IPv4 query finds it and
/// an IPv6 query does not.
/// </para>
/// <para>
/// To list another network namespace (a container's, for example), pass the <c>net</c> directory of a process that
/// lives in it: <c>new LinuxProcNetListenerSource("/proc/1234/net")</c>. Reading another process's <c>net</c>
/// directory needs the same permission as reading its other <c>/proc</c> files. Owners are still looked up in this
/// process's <c>/proc</c>, so they are found when that process's pid namespace contains the owners.
/// Instances are thread-safe.
/// </para>
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class LinuxProcNetListenerSource : IListenerSource
{
    private readonly string _netDirectory;
    private readonly LinuxSocketOwners _owners;

    /// <summary>Initializes a new instance of the <see cref="LinuxProcNetListenerSource"/> class that reads <c>/proc/net</c>, this process's network namespace.</summary>
    /// <exception cref="PlatformNotSupportedException">The OS is not Linux.</exception>
    public LinuxProcNetListenerSource()
        : this("/proc/net")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LinuxProcNetListenerSource"/> class that reads the tables in another directory.</summary>
    /// <param name="netDirectory">The directory that holds <c>tcp</c>, <c>tcp6</c>, <c>udp</c> and <c>udp6</c>, such as <c>/proc/1234/net</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="netDirectory"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="netDirectory"/> is <see langword="null"/>.</exception>
    /// <exception cref="PlatformNotSupportedException">The OS is not Linux.</exception>
    public LinuxProcNetListenerSource(string netDirectory)
        : this(netDirectory, LinuxListenerResults.SharedOwners)
    {
    }

    internal LinuxProcNetListenerSource(string netDirectory, LinuxSocketOwners owners)
    {
        ArgumentException.ThrowIfNullOrEmpty(netDirectory);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("/proc/net socket tables exist only on Linux.");
        }

        _netDirectory = netDirectory;
        _owners = owners;
    }

    /// <summary>Gets the mechanism's name, <c>"linux-procfs"</c>.</summary>
    public string Name => "linux-procfs";

    /// <summary>Lists the listening sockets that match a query.</summary>
    /// <param name="query">What to list; <see langword="null"/> lists every TCP and UDP listener and resolves owners.</param>
    /// <returns>The listeners; incomplete, with warnings, when a table could not be read.</returns>
    /// <exception cref="FormatException">A table is malformed.</exception>
    public ListenerSnapshot GetListeners(ListenerQuery? query = null)
    {
        query ??= ListenerQueryDefaults.Everything;
        List<LinuxSocketRecord> records = LinuxListenerResults.RentRecords();
        try
        {
            return List(query, records);
        }
        finally
        {
            LinuxListenerResults.ReturnRecords(records);
        }
    }

    private ListenerSnapshot List(ListenerQuery query, List<LinuxSocketRecord> records)
    {
        List<string>? warnings = null;
        bool complete = ReadTables(_netDirectory, LinuxSocketFilter.From(query), records, ref warnings);
        return LinuxListenerResults.ToSnapshot(records, query, _owners, Name, warnings, complete);
    }

    /// <summary>Reads the tables a filter needs from <paramref name="netDirectory"/>: the one procfs reader behind listeners and sockets.</summary>
    /// <returns><see langword="false"/> when a table could not be read (a warning says which).</returns>
    /// <exception cref="FormatException">A table is malformed.</exception>
    internal static bool ReadTables(string netDirectory, in LinuxSocketFilter filter, List<LinuxSocketRecord> records, ref List<string>? warnings)
    {
        bool complete = true;
        foreach ((string file, Transport transport, bool ipv6) in (ReadOnlySpan<(string, Transport, bool)>)
            [("tcp", Transport.Tcp, false), ("tcp6", Transport.Tcp, true), ("udp", Transport.Udp, false), ("udp6", Transport.Udp, true)])
        {
            // tcp6/udp6 hold the IPv4-mapped sockets, which are listed as IPv4: an IPv4 query reads them too.
            if (filter.StatesFor(transport) == 0
                || (!ipv6 && filter.Family == System.Net.Sockets.AddressFamily.InterNetworkV6))
            {
                continue;
            }

            string path = Path.Combine(netDirectory, file);
            if (!TryRead(path, out byte[]? text, out int length, out string? problem))
            {
                if (problem is not null)
                {
                    complete = false;
                    (warnings ??= []).Add(problem);
                }

                continue;
            }

            try
            {
                ProcNetParser.Parse(text.AsSpan(0, length), transport, ipv6, filter, records, BitConverter.IsLittleEndian);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(text);
            }
        }

        return complete;
    }

    /// <summary>Reads a whole procfs file (whose size procfs reports as 0) into a pooled buffer.</summary>
    /// <returns><see langword="false"/> with a <see langword="null"/> problem when the file does not exist, or with a problem when it cannot be read.</returns>
    private static bool TryRead(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? text, out int length, out string? problem)
    {
        text = null;
        length = 0;
        problem = null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            text = buffer;
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            problem = $"{path} could not be read: {e.Message}";
            return false;
        }
    }
}
