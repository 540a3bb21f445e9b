using System;
using System.Collections.Generic;
using System.Text;

namespace PortClassification;

/// <summary>Sorted, merged lists of port intervals, as <see cref="HostPortSettings.Reserved(Transport)"/> returns them.</summary>
internal static class PortIntervalList
{
    /// <summary>Sorts intervals and merges those that overlap or touch, so every port appears once.</summary>
    internal static PortInterval[] Normalize(List<PortInterval> intervals)
    {
        if (intervals.Count == 0)
        {
            return [];
        }

        intervals.Sort();
        var merged = new List<PortInterval>(intervals.Count);
        PortInterval current = intervals[0];
        for (int i = 1; i < intervals.Count; i++)
        {
            PortInterval next = intervals[i];

            // Sorted by First, so next starts at or after current: merge when it starts inside or right after.
            if (next.First.Value <= current.Last.Value + 1)
            {
                if (next.Last > current.Last)
                {
                    current = new PortInterval(current.First, next.Last);
                }
            }
            else
            {
                merged.Add(current);
                current = next;
            }
        }

        merged.Add(current);
        return [.. merged];
    }

    /// <summary>Determines whether a port lies in a sorted, merged list.</summary>
    internal static bool Contains(PortInterval[] sorted, PortNumber port)
    {
        int low = 0;
        int high = sorted.Length - 1;
        while (low <= high)
        {
            int middle = low + ((high - low) >> 1);
            PortInterval interval = sorted[middle];
            if (port < interval.First)
            {
                high = middle - 1;
            }
            else if (port > interval.Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Formats a list the way Linux writes <c>ip_local_reserved_ports</c>: <c>"41300,41400-41410"</c>, empty for none.</summary>
    internal static string Format(ReadOnlySpan<PortInterval> intervals)
    {
        var text = new StringBuilder();
        foreach (PortInterval interval in intervals)
        {
            if (text.Length != 0)
            {
                text.Append(',');
            }

            text.Append(interval.ToString());
        }

        return text.ToString();
    }
}
