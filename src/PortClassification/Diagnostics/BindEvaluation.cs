using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace PortClassification;

/// <summary>
/// Turns the outcome of a bind (its <see cref="SocketError"/>, or success) into findings, asking the
/// <see cref="BindEnvironment"/> only for the facts that error needs: the socket table for "in use", the privileged
/// limit and this process's privileges for "access denied", the host's addresses for "address not available".
/// </summary>
internal static class BindEvaluation
{
    internal static BindReport Evaluate(BindEnvironment environment, IPEndPoint endPoint, Transport transport, SocketError? error, bool? reuseWorks)
    {
        var warnings = new List<string>();
        var findings = new List<BindFinding>();
        HostPortSettings settings = environment.HostSettings();
        foreach (HostSettingProvenance source in settings.Provenance)
        {
            if (source.Fallback != HostSettingFallback.None && source.Reason is { } reason)
            {
                warnings.Add($"Host setting {source.Setting} is a default: {reason}");
            }
        }

        switch (error)
        {
            case null:
                AddWarnings(environment, settings, endPoint, transport, findings);
                break;
            case SocketError.AddressAlreadyInUse:
                findings.AddRange(InUse(environment, settings, endPoint, transport, reuseWorks, warnings));
                break;
            case SocketError.AccessDenied:
                findings.AddRange(AccessDenied(environment, settings, endPoint, transport, reuseWorks, warnings));
                break;
            case SocketError.AddressNotAvailable:
                findings.Add(NotAvailable(environment, endPoint.Address, warnings));
                break;
            case SocketError.AddressFamilyNotSupported or SocketError.ProtocolFamilyNotSupported:
                findings.Add(FamilyUnavailable(endPoint.Address, "the OS refuses to create a socket of that family"));
                break;
            default:
                findings.Add(Unexplained(endPoint, error.Value));
                break;
        }

        return new BindReport(endPoint, transport, error is null, reuseWorks, error, findings, warnings);
    }

    private static void AddWarnings(BindEnvironment environment, HostPortSettings settings, IPEndPoint endPoint, Transport transport, List<BindFinding> findings)
    {
        var port = new PortNumber(endPoint.Port);
        if (port.Value == 0)
        {
            return;
        }

        if (PrivilegeRule.NeedsPrivilege(environment.Platform, endPoint.Address, port, settings.UnprivilegedPortStart))
        {
            findings.Add(new BindFinding(
                BindFindingKind.PrivilegedPort,
                blocks: false,
                $"Port {port} is privileged here (below {settings.UnprivilegedPortStart}); this process may bind it, but a process without {PrivilegeRule.Privilege(environment.Platform)} may not.",
                PrivilegeRule.Remedy(environment.Platform, settings.UnprivilegedPortStart)));
        }

        bool reserved = environment.Platform != BindPlatform.Windows && settings.IsReserved(port, transport);
        if (reserved)
        {
            PortInterval interval = settings.Reserved(transport).First(r => r.Contains(port));
            findings.Add(new BindFinding(
                BindFindingKind.ReservedPort,
                blocks: false,
                $"Port {port} is reserved on this host (ip_local_reserved_ports {interval}): bind(0) and outgoing connections skip it, so only programs that ask for it by number get it.",
                null));
            return;
        }

        PortInterval ephemeral = settings.EphemeralRange(transport, endPoint.AddressFamily == AddressFamily.InterNetworkV6 && !endPoint.Address.IsIPv4MappedToIPv6
            ? AddressFamily.InterNetworkV6
            : AddressFamily.InterNetwork);
        if (ephemeral.Contains(port))
        {
            findings.Add(new BindFinding(
                BindFindingKind.InsideEphemeralRange,
                blocks: false,
                $"Port {port} is inside the ephemeral range {ephemeral}: outgoing connections and bind(0) may take it at any moment, and the server then fails to start.",
                environment.Platform == BindPlatform.Linux
                    ? $"Use a port outside {ephemeral} ('portclass free' gives one), or reserve it: sysctl -w net.ipv4.ip_local_reserved_ports={port}."
                    : $"Use a port outside {ephemeral} ('portclass free' gives one)."));
        }
    }

    private static List<BindFinding> InUse(
        BindEnvironment environment, HostPortSettings settings, IPEndPoint endPoint, Transport transport, bool? reuseWorks, List<string> warnings)
    {
        SocketSnapshot? snapshot = TryReadSockets(environment, endPoint, transport, warnings);
        if (snapshot is not null)
        {
            List<BindFinding> found = BindConflicts.Find(
                endPoint, transport, snapshot, environment.Platform, environment.SeesEveryOwner, reuseWorks, settings.EphemeralRange(transport));
            if (found.Count > 0)
            {
                return found;
            }
        }

        string why = snapshot is null
            ? "the socket table could not be read"
            : !snapshot.IsComplete
                ? "the socket table is incomplete"
                : environment.Platform switch
                {
                    BindPlatform.Windows => "Windows' tables leave out TCP sockets that are bound but not listening (netstat -q and Get-NetTCPConnection -State Bound show them)",
                    BindPlatform.Linux => "Linux before 6.8 does not report TCP sockets that are bound but not listening, and under WSL mirrored networking Windows may hold the port",
                    BindPlatform.MacOS => "macOS lists only sockets that still have a file descriptor, so TIME_WAIT remnants and other users' sockets may be missing",
                    _ => "this OS's socket list may be incomplete",
                };
        return
        [
            new BindFinding(
                BindFindingKind.HeldByUnseenSocket,
                blocks: true,
                $"The OS says port {endPoint.Port}/{BindText.Transport(transport)} is in use on {endPoint.Address}, but no socket holding it could be seen: {why}.",
                environment.SeesEveryOwner
                    ? "Try again in a minute (a TIME_WAIT remnant expires within 60 s), or use another port."
                    : "Run as root (or an administrator) to see every socket, or use another port."),
        ];
    }

    private static List<BindFinding> AccessDenied(
        BindEnvironment environment, HostPortSettings settings, IPEndPoint endPoint, Transport transport, bool? reuseWorks, List<string> warnings)
    {
        BindFinding? cause = AccessDeniedByHost(environment, settings, endPoint, transport, warnings);
        if (cause is not null)
        {
            return [cause];
        }

        // Windows refuses to share an address with "access denied" too (SO_EXCLUSIVEADDRUSE, or another user's socket).
        if (environment.Platform == BindPlatform.Windows &&
            TryReadSockets(environment, endPoint, transport, warnings) is { } snapshot)
        {
            List<BindFinding> found = BindConflicts.Find(
                endPoint, transport, snapshot, environment.Platform, environment.SeesEveryOwner, reuseWorks, settings.EphemeralRange(transport));
            if (found.Count > 0)
            {
                return found;
            }
        }

        return
        [
            new BindFinding(
                BindFindingKind.PermissionDenied,
                blocks: true,
                $"The OS refused the bind with \"access denied\" although port {endPoint.Port} needs no privilege here.",
                environment.Platform switch
                {
                    BindPlatform.Windows => "Another program's socket on the port may refuse sharing (SO_EXCLUSIVEADDRUSE, or a socket of another user), or security software blocks the bind; 'netstat -ano' shows the port's sockets.",
                    BindPlatform.Linux => "Look for a security module (SELinux: 'ausearch -m avc'; AppArmor: the kernel log), a cgroup BPF bind program or a seccomp filter; under WSL mirrored networking, Windows may refuse the port.",
                    _ => "Look for a sandbox or security policy that restricts this program's binds.",
                }),
        ];
    }

    private static BindFinding? AccessDeniedByHost(BindEnvironment environment, HostPortSettings settings, IPEndPoint endPoint, Transport transport, List<string> warnings)
    {
        var port = new PortNumber(endPoint.Port);
        if (environment.Platform == BindPlatform.Windows)
        {
            IReadOnlyList<WindowsExclusion> exclusions;
            try
            {
                exclusions = environment.WindowsExclusions(transport);
            }
#pragma warning disable CA1031 // Unreadable exclusions leave that cause unknown; say so.
            catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                warnings.Add($"Windows' excluded port ranges could not be read ({e.Message}).");
                exclusions = [];
            }

            foreach (WindowsExclusion exclusion in exclusions)
            {
                if (exclusion.Range.Contains(port))
                {
                    return WindowsExclusions.Finding(exclusion, port, transport);
                }
            }
        }
        else if (PrivilegeRule.NeedsPrivilege(environment.Platform, endPoint.Address, port, settings.UnprivilegedPortStart))
        {
            bool? may = environment.MayBindPrivileged();
            string lacks = may switch
            {
                false => $"this process lacks {PrivilegeRule.Privilege(environment.Platform)}",
                true => $"this process holds {PrivilegeRule.Privilege(environment.Platform)}, but not where the check is made (another user namespace?)",
                null => $"whether this process holds {PrivilegeRule.Privilege(environment.Platform)} could not be read",
            };
            string macNote = environment.Platform == BindPlatform.MacOS ? " on a specific address" : "";
            return new BindFinding(
                BindFindingKind.PrivilegedPort,
                blocks: true,
                $"Port {port} is below {settings.UnprivilegedPortStart}, this host's first unprivileged port{macNote}, and {lacks}.",
                PrivilegeRule.Remedy(environment.Platform, settings.UnprivilegedPortStart));
        }

        return null;
    }

    private static SocketSnapshot? TryReadSockets(BindEnvironment environment, IPEndPoint endPoint, Transport transport, List<string> warnings)
    {
        try
        {
            SocketSnapshot snapshot = environment.Sockets.GetSockets(new SocketQuery { Transport = transport, LocalPort = new PortNumber(endPoint.Port) });
            warnings.AddRange(snapshot.Warnings);
            return snapshot;
        }
#pragma warning disable CA1031 // A source that fails leaves the cause unknown; the diagnosis says so instead of failing.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            warnings.Add($"The sockets could not be listed ({environment.Sockets.Name}: {e.GetType().Name}: {e.Message}).");
            return null;
        }
    }

    private static BindFinding NotAvailable(BindEnvironment environment, IPAddress address, List<string> warnings)
    {
        IReadOnlyList<IPAddress> local;
        try
        {
            local = environment.LocalAddresses();
        }
#pragma warning disable CA1031 // Without the list the finding still stands; it just cannot name the alternatives.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            warnings.Add($"This host's addresses could not be listed ({e.Message}).");
            local = [];
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && !address.IsIPv4MappedToIPv6 &&
            !local.Any(a => a.AddressFamily == AddressFamily.InterNetworkV6))
        {
            return FamilyUnavailable(address, "no interface of this host has an IPv6 address");
        }

        if (address.IsIPv6LinkLocal && address.ScopeId == 0)
        {
            return new BindFinding(
                BindFindingKind.AddressNotOnHost,
                blocks: true,
                $"{address} is a link-local address without an interface (scope id), so the OS cannot tell which interface it is on.",
                $"Add the interface, as in {address}%eth0.");
        }

        string have = local.Count == 0 ? "no addresses could be listed" : "it has " + string.Join(", ", local);
        return new BindFinding(
            BindFindingKind.AddressNotOnHost,
            blocks: true,
            $"{address} is not an address of this host; {have}.",
            "Bind one of this host's addresses or the wildcard address (0.0.0.0 or [::]); on Linux, IP_FREEBIND or net.ipv4.ip_nonlocal_bind let a server bind an address before it exists.");
    }

    private static BindFinding FamilyUnavailable(IPAddress address, string why) =>
        new(
            BindFindingKind.AddressFamilyUnavailable,
            blocks: true,
            $"{(address.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4")} is not available on this host: {why}.",
            address.AddressFamily == AddressFamily.InterNetworkV6
                ? "Bind an IPv4 address, or switch IPv6 on (Linux: sysctl -w net.ipv6.conf.all.disable_ipv6=0, and no ipv6.disable=1 on the kernel command line)."
                : "Bind an IPv6 address.");

    private static BindFinding Unexplained(IPEndPoint endPoint, SocketError error) =>
        new(
            BindFindingKind.UnexplainedError,
            blocks: true,
            string.Create(CultureInfo.InvariantCulture, $"The bind of {endPoint} failed with {error} ({(int)error}), which no known cause explains."),
            null);
}
