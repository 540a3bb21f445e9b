using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace PortClassification;

/// <summary>
/// The lookup structure behind <see cref="ServiceRegistry"/>: every answer is built once, so a
/// lookup is two array reads and allocates nothing.
/// </summary>
/// <remarks>
/// The 65,536 ports are cut into segments at every port where some entry's interval starts or ends;
/// inside a segment every port has the same entries. <c>_segmentOfPort</c> maps a port to its
/// segment, and <c>_lists</c> holds five read-only lists per segment: every entry, then the entries
/// for TCP, UDP, SCTP and DCCP (an entry without a transport is in all four); a transport's list that
/// equals the full list is the same object. Status is two bits per transport per port, painted from
/// IANA's records.
/// </remarks>
internal sealed class PortIndex
{
    internal const int SlotsPerSegment = 5;
    private const int PortCount = ushort.MaxValue + 1;

    private readonly ushort[] _segmentOfPort = new ushort[PortCount];
    private readonly ReadOnlyCollection<ServiceEntry>[] _lists;
    private readonly byte[] _status = new byte[PortCount];

    internal PortIndex(ServiceEntry[] entries, List<PortHold> holds)
    {
        _lists = BuildLists(entries, _segmentOfPort);
        foreach (PortHold hold in holds)
        {
            Paint(hold.Ports, hold.Transport, hold.Kind == HoldKind.Reserved ? StatusCode.Reserved : StatusCode.Unassigned);
        }

        foreach (ServiceEntry entry in entries)
        {
            if (entry.Origin == ServiceOrigin.Iana)
            {
                Paint(entry.Ports, entry.Transport, StatusCode.Assigned);
            }
        }
    }

    private enum StatusCode : byte
    {
        Unassigned = 0,
        Reserved = 1,
        Assigned = 2,
    }

    /// <summary>Gets the entries for a port; <paramref name="slot"/> is 0 for every transport, else 1 + the transport.</summary>
    internal ReadOnlyCollection<ServiceEntry> Lookup(ushort port, int slot) =>
        _lists[(_segmentOfPort[port] * SlotsPerSegment) + slot];

    internal RegistrationStatus GetStatus(ushort port, Transport transport)
    {
        if (port >= PortNumber.FirstDynamicPort)
        {
            return RegistrationStatus.Dynamic;
        }

        return (StatusCode)((_status[port] >> (2 * (int)transport)) & 3) switch
        {
            StatusCode.Assigned => RegistrationStatus.Assigned,
            StatusCode.Reserved => RegistrationStatus.Reserved,
            _ => RegistrationStatus.Unassigned,
        };
    }

    // A port is Assigned if any record names a service on it, else Reserved if any record holds it back.
    private void Paint(PortInterval ports, Transport? transport, StatusCode code)
    {
        if (code == StatusCode.Unassigned)
        {
            return;
        }

        int firstTransport = transport is { } t ? (int)t : 0;
        int lastTransport = transport is { } u ? (int)u : (int)Transport.Dccp;
        for (int port = ports.First.Value; port <= ports.Last.Value; port++)
        {
            byte bits = _status[port];
            for (int i = firstTransport; i <= lastTransport; i++)
            {
                int shift = 2 * i;
                if (((bits >> shift) & 3) < (int)code)
                {
                    bits = (byte)((bits & ~(3 << shift)) | ((int)code << shift));
                }
            }

            _status[port] = bits;
        }
    }

    private static ReadOnlyCollection<ServiceEntry>[] BuildLists(ServiceEntry[] entries, ushort[] segmentOfPort)
    {
        // A segment starts at port 0 and wherever an interval starts or ends.
        bool[] startsSegment = new bool[PortCount];
        startsSegment[0] = true;
        foreach (ServiceEntry entry in entries)
        {
            startsSegment[entry.Ports.First.Value] = true;
            if (entry.Ports.Last.Value < ushort.MaxValue)
            {
                startsSegment[entry.Ports.Last.Value + 1] = true;
            }
        }

        int[] byFirst = new int[entries.Length];
        for (int i = 0; i < byFirst.Length; i++)
        {
            byFirst[i] = i;
        }

        Array.Sort(byFirst, (a, b) => entries[a].Ports.First != entries[b].Ports.First
            ? entries[a].Ports.First.CompareTo(entries[b].Ports.First)
            : a.CompareTo(b));

        int segmentCount = 0;
        foreach (bool starts in startsSegment)
        {
            segmentCount += starts ? 1 : 0;
        }

        // Sized exactly: tens of thousands of segments, so growing a list would copy megabytes.
        var lists = new ReadOnlyCollection<ServiceEntry>[segmentCount * SlotsPerSegment];
        var active = new List<int>(); // indexes into entries, ascending, so lists keep the registry's order
        int next = 0, segment = -1;
        for (int port = 0; port < PortCount; port++)
        {
            if (startsSegment[port])
            {
                RemoveEnded(entries, active, port);
                while (next < byFirst.Length && entries[byFirst[next]].Ports.First.Value == port)
                {
                    int index = active.BinarySearch(byFirst[next]);
                    active.Insert(~index, byFirst[next]);
                    next++;
                }

                segment++;
                AddSegmentLists(entries, active, lists.AsSpan(segment * SlotsPerSegment, SlotsPerSegment));
            }

            segmentOfPort[port] = (ushort)segment;
        }

        return lists;
    }

    // A loop rather than List.RemoveAll: a capturing lambda would allocate a delegate per segment.
    private static void RemoveEnded(ServiceEntry[] entries, List<int> active, int port)
    {
        int kept = 0;
        for (int i = 0; i < active.Count; i++)
        {
            if (entries[active[i]].Ports.Last.Value >= port)
            {
                active[kept++] = active[i];
            }
        }

        active.RemoveRange(kept, active.Count - kept);
    }

    private static void AddSegmentLists(ServiceEntry[] entries, List<int> active, Span<ReadOnlyCollection<ServiceEntry>> lists)
    {
        if (active.Count == 0)
        {
            lists.Fill(ReadOnlyCollection<ServiceEntry>.Empty);
            return;
        }

        var all = new ServiceEntry[active.Count];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = entries[active[i]];
        }

        var allList = new ReadOnlyCollection<ServiceEntry>(all);
        lists[0] = allList;
        for (int t = 0; t <= (int)Transport.Dccp; t++)
        {
            int count = 0;
            foreach (ServiceEntry entry in all)
            {
                count += entry.Transport is null || (int)entry.Transport.Value == t ? 1 : 0;
            }

            if (count == all.Length || count == 0)
            {
                lists[t + 1] = count == 0 ? ReadOnlyCollection<ServiceEntry>.Empty : allList;
                continue;
            }

            var some = new ServiceEntry[count];
            int n = 0;
            foreach (ServiceEntry entry in all)
            {
                if (entry.Transport is null || (int)entry.Transport.Value == t)
                {
                    some[n++] = entry;
                }
            }

            lists[t + 1] = new ReadOnlyCollection<ServiceEntry>(some);
        }
    }
}
