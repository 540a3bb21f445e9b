using System;
using System.Collections.Generic;

namespace PortClassification;

/// <summary>How IANA's registry holds a port range that names no service.</summary>
internal enum HoldKind : byte
{
    /// <summary>The range is listed as "Unassigned".</summary>
    Unassigned = 0,

    /// <summary>The range is reserved, de-assigned, removed or set aside for private use.</summary>
    Reserved = 1,
}

/// <summary>A registry record that names no service: it only decides the status of its ports.</summary>
internal readonly record struct PortHold(PortInterval Ports, Transport? Transport, HoldKind Kind);

/// <summary>
/// The content of one IANA registry, whatever it was read from (XML, CSV or the embedded table):
/// named services with a port, and unnamed records that only decide port status.
/// </summary>
internal sealed class RegistryData
{
    internal RegistryData(DateOnly date, List<ServiceEntry> services, List<PortHold> holds, int recordsRead, int recordsWithoutPort)
    {
        Date = date;
        Services = services;
        Holds = holds;
        RecordsRead = recordsRead;
        RecordsWithoutPort = recordsWithoutPort;
    }

    /// <summary>Gets the registry's "last updated" date.</summary>
    internal DateOnly Date { get; }

    /// <summary>Gets the named services with a port, in the registry's order.</summary>
    internal List<ServiceEntry> Services { get; }

    /// <summary>Gets the unnamed records (Reserved, Unassigned …), in the registry's order.</summary>
    internal List<PortHold> Holds { get; }

    /// <summary>Gets the curated known uses (<see cref="ServiceOrigin.KnownUse"/>) that go with the registry; empty for IANA's own files.</summary>
    internal List<ServiceEntry> KnownUses { get; } = [];

    /// <summary>Gets the number of records read from the source.</summary>
    internal int RecordsRead { get; }

    /// <summary>Gets the number of records skipped because they register a service name without a port.</summary>
    internal int RecordsWithoutPort { get; }
}

/// <summary>Turns one raw IANA record (from XML or CSV) into a service or a hold, the same way for both formats.</summary>
internal static class RegistryRecord
{
    internal static void Add(
        RegistryData data, string? name, PortInterval ports, Transport? transport, string description,
        string? reference, string? unauthorized, string? note)
    {
        if (!string.IsNullOrEmpty(name))
        {
            data.Services.Add(new ServiceEntry(name, ports, transport, description, ServiceOrigin.Iana)
            {
                Reference = reference,
                UnauthorizedUse = unauthorized,
                Note = note,
            });
            return;
        }

        // IANA writes both "Unassigned" and "unassigned"; every other unnamed record (Reserved,
        // De-registered, Removed, "any private mail system" …) keeps the port from being assigned.
        HoldKind kind = description.StartsWith("Unassigned", StringComparison.OrdinalIgnoreCase)
            ? HoldKind.Unassigned
            : HoldKind.Reserved;
        data.Holds.Add(new PortHold(ports, transport, kind));
    }
}
