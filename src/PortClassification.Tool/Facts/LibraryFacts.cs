using System;
using System.Collections.Generic;
using System.Linq;
using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Facts;

/// <summary>The facts as the PortClassification library reads them from its registry and the OS.</summary>
internal sealed class LibraryFacts : IPortFacts
{
    // One allocator per process: leases of one 'portclass free' run must not repeat.
    private readonly Lazy<PortAllocator> _guarded = new(() => PortAllocator.Default);
    private readonly Lazy<PortAllocator> _unguarded = new(() => new PortAllocator(new PortAllocatorOptions { GuardSocket = false }));

    /// <inheritdoc/>
    public DateOnly RegistryDate => ServiceRegistry.Default.RegistryDate;

    /// <inheritdoc/>
    public bool IsPrivilegedProcess => System.Environment.IsPrivilegedProcess;

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> Lookup(PortNumber port, Transport? transport) => Convert(ServiceRegistry.Default.Lookup(port, transport));

    /// <inheritdoc/>
    public IanaStatus GetStatus(PortNumber port, Transport transport) => ServiceRegistry.Default.GetStatus(port, transport) switch
    {
        RegistrationStatus.Assigned => IanaStatus.Assigned,
        RegistrationStatus.Reserved => IanaStatus.Reserved,
        RegistrationStatus.Dynamic => IanaStatus.Dynamic,
        _ => IanaStatus.Unassigned,
    };

    private readonly Lazy<IReadOnlyList<ServiceEntry>> _hostServices = new(() => HostServicesFile.Read(HostServicesFile.DefaultPath));

    /// <inheritdoc/>
    public string HostServicesPath => HostServicesFile.DefaultPath;

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> HostServices(PortNumber port, Transport? transport)
    {
        var found = new List<ServiceInfo>();
        foreach (ServiceEntry entry in _hostServices.Value)
        {
            if (entry.Ports.Contains(port) && (transport is null || entry.Transport == transport))
            {
                found.Add(Convert(entry));
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> FindByName(string name) =>
        Filter(
            entry => string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase) ||
                entry.Aliases.Contains(name, StringComparer.OrdinalIgnoreCase),
            int.MaxValue);

    /// <inheritdoc/>
    public IReadOnlyList<ServiceInfo> Search(string fragment, int limit)
    {
        IReadOnlyList<ServiceEntry> found = ServiceRegistry.Default.Search(fragment);
        var services = new List<ServiceInfo>(Math.Min(found.Count, limit));
        for (int i = 0; i < found.Count && i < limit; i++)
        {
            services.Add(Convert(found[i]));
        }

        return services;
    }

    /// <inheritdoc/>
    public HostFacts ReadHost()
    {
        HostPortSettings settings = HostPortSettings.Current;
        var transports = new List<TransportHostFacts>(2);
        foreach (Transport transport in (ReadOnlySpan<Transport>)[Transport.Tcp, Transport.Udp])
        {
            transports.Add(new TransportHostFacts(transport, settings.EphemeralRange(transport), settings.Reserved(transport)));
        }

        var sources = new List<HostSourceInfo>(settings.Provenance.Count);
        foreach (HostSettingProvenance source in settings.Provenance)
        {
            sources.Add(new HostSourceInfo(
                source.Setting switch
                {
                    HostSetting.EphemeralRange => "ephemeralRange",
                    HostSetting.ReservedPorts => "reservedPorts",
                    _ => "unprivilegedPortStart",
                },
                source.Transport,
                source.AddressFamily,
                source.Origin switch
                {
                    HostSettingOrigin.File => "file",
                    HostSettingOrigin.Sysctl => "sysctl",
                    HostSettingOrigin.Command => "command",
                    HostSettingOrigin.Fixed => "fixed",
                    _ => "default",
                },
                source.Location,
                source.Value,
                source.Fallback switch
                {
                    HostSettingFallback.None => null,
                    HostSettingFallback.UnsupportedPlatform => "unsupportedPlatform",
                    HostSettingFallback.Absent => "absent",
                    HostSettingFallback.Unreadable => "unreadable",
                    _ => "malformed",
                },
                source.Reason));
        }

        return new HostFacts(OperatingSystemName(), transports, settings.UnprivilegedPortStart, sources);
    }

    /// <inheritdoc/>
    public ListenerSnapshot GetListeners(ListenerQuery query) => Listeners.Default.GetListeners(query);

    /// <inheritdoc/>
    public ListenerSnapshot FindListeners(PortNumber port) => Listeners.Find(port);

    /// <inheritdoc />
    public SocketSnapshot FindSockets(PortNumber port) => Sockets.Find(port);

    /// <inheritdoc />
    public SocketSnapshot GetSockets(SocketQuery query) => Sockets.Default.GetSockets(query);

    /// <inheritdoc />
    public EphemeralPortUsage ReadEphemeral(Transport transport) => EphemeralPortUsage.Read(transport);

    /// <inheritdoc/>
    public IFreePortLease Lease(Transport transport, bool guard) =>
        new LeaseAdapter((guard ? _guarded : _unguarded).Value.Lease(transport));

    /// <inheritdoc/>
    public BindReport DiagnoseBind(System.Net.IPEndPoint endPoint, Transport transport) => PortDiagnostics.DiagnoseBind(endPoint, transport);

    /// <inheritdoc/>
    public IFreePortLease LeaseByName(string name, Transport transport, bool guard) =>
        new LeaseAdapter((guard ? _guarded : _unguarded).Value.LeaseByName(name, transport));

    /// <inheritdoc/>
    public int CurrentProcessId => System.Environment.ProcessId;

    /// <inheritdoc/>
    public int ParentProcessId => Processes.ProcessControl.ParentProcessId;

    /// <inheritdoc/>
    public Processes.SignalOutcome Signal(int processId, Processes.ProcessSignal signal) =>
        Processes.ProcessControl.Send(processId, signal, out _);

    private static string OperatingSystemName() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "macos"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : "other";

    private static List<ServiceInfo> Filter(Func<ServiceEntry, bool> predicate, int limit)
    {
        var found = new List<ServiceInfo>();
        foreach (ServiceEntry entry in ServiceRegistry.Default.Entries)
        {
            if (found.Count == limit)
            {
                break;
            }

            if (predicate(entry))
            {
                found.Add(Convert(entry));
            }
        }

        return found;
    }

    private static ServiceInfo[] Convert(IReadOnlyList<ServiceEntry> entries)
    {
        var services = new ServiceInfo[entries.Count];
        for (int i = 0; i < services.Length; i++)
        {
            services[i] = Convert(entries[i]);
        }

        return services;
    }

    private static ServiceInfo Convert(ServiceEntry entry) =>
        new(
            entry.Name,
            entry.Ports,
            entry.Transport,
            entry.Origin switch
            {
                ServiceOrigin.Iana => ServiceKind.Iana,
                ServiceOrigin.KnownUse => ServiceKind.KnownUse,
                ServiceOrigin.Host => ServiceKind.Host,
                _ => ServiceKind.User,
            },
            entry.Description)
        {
            Reference = entry.Reference,
            UnauthorizedUse = entry.UnauthorizedUse,
            Note = entry.Note,
            Source = entry.Citation,
            Category = entry.Category == ServiceCategory.None ? null : Names.Of(entry.Category),
            Platforms = entry.Platforms == ServicePlatforms.All ? null : Names.Of(entry.Platforms),
            Aliases = entry.Aliases,
        };

    /// <inheritdoc/>
    public FirewallFacts CheckFirewall(PortNumber port, Transport transport, System.Net.IPAddress? from) =>
        FirewallFacts.Of(HostFirewall.Check(port, transport, from));

    private sealed class LeaseAdapter(PortLease lease) : IFreePortLease
    {
        public PortNumber Port => lease.Port;

        public void Dispose() => lease.Dispose();
    }
}
