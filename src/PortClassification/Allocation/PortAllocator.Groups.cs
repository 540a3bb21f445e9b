using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;

namespace PortClassification;

public sealed partial class PortAllocator
{
    /// <summary>Leases several free ports at once, released together.</summary>
    /// <param name="count">How many ports, at least 1.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> (the default) or <see cref="Transport.Udp"/>.</param>
    /// <returns>The group of leases, in the order they were taken; dispose it when the servers are done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or more than 65535, or <paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="InvalidOperationException">
    /// Fewer than <paramref name="count"/> ports are free; nothing stays leased, and the message says how many were
    /// obtained and, as for <see cref="Lease"/>, why each other candidate was rejected.
    /// </exception>
    /// <exception cref="System.IO.IOException">A claim file could not be opened or locked for a reason other than contention, such as the process running out of file descriptors.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A test socket could not be created, such as when the process has run out of file descriptors.</exception>
    /// <remarks>
    /// Each port goes through the same checks as a single <see cref="Lease"/> (preferred ports first); the ports need
    /// not be consecutive — use <see cref="LeaseBlock"/> for that.
    /// </remarks>
    public PortLeaseGroup LeaseMany(int count, Transport transport = Transport.Tcp)
    {
        ValidateCount(count);
        ValidateTransport(transport);
        var leases = new List<PortLease>(count);
        bool success = false;
        try
        {
            for (int i = 0; i < count; i++)
            {
                try
                {
                    leases.Add(LeaseCore(transport, CancellationToken.None));
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException(
                        string.Create(CultureInfo.InvariantCulture, $"Leased {i} of {count} ports, then none was left. {e.Message}"), e);
                }
            }

            success = true;
            return new PortLeaseGroup([.. leases], transport);
        }
        finally
        {
            if (!success)
            {
                leases.ForEach(static lease => lease.Dispose());
            }
        }
    }

    /// <summary>
    /// Leases a block of consecutive free ports (an FTP passive range, RTP and RTCP, a broker cluster), released together.
    /// </summary>
    /// <param name="count">How many consecutive ports, at least 1.</param>
    /// <param name="transport"><see cref="Transport.Tcp"/> (the default) or <see cref="Transport.Udp"/>.</param>
    /// <returns>The group, in ascending port order; its <see cref="PortLeaseGroup.Interval"/> is the block.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1 or more than 65535, or <paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="InvalidOperationException">No run of <paramref name="count"/> consecutive candidates is free; the message says why candidates were rejected.</exception>
    /// <exception cref="System.IO.IOException">A claim file could not be opened or locked for a reason other than contention, such as the process running out of file descriptors.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">A test socket could not be created, such as when the process has run out of file descriptors.</exception>
    /// <remarks>
    /// Every port of the block is a candidate of this allocator and passes the same checks as a single
    /// <see cref="Lease"/>. The search starts at a random place among the candidates, like single leases, and
    /// ignores <see cref="PortAllocatorOptions.PreferredPorts"/>.
    /// </remarks>
    public PortLeaseGroup LeaseBlock(int count, Transport transport = Transport.Tcp)
    {
        ValidateCount(count);
        ValidateTransport(transport);
        CandidatePolicy policy = GetPolicy(transport);
        var rejections = new Rejections { Reserved = policy.RemovedReserved, Excluded = policy.RemovedExcluded };
        int candidates = policy.Count;
        var taken = new List<PortLease>(count);
        uint start = unchecked((uint)Interlocked.Increment(ref _cursor));
        // Every start index is visited at most once; a rejected port moves the start past itself.
        for (int step = 0; step < candidates;)
        {
            int first = (int)(unchecked(start + (uint)step) % (uint)candidates);
            int run = ConsecutiveRun(policy, first, count);
            if (run < count)
            {
                // Too few consecutive candidates from here, and from every start up to the gap.
                step += run;
                continue;
            }

            int got = 0;
            for (; got < count; got++)
            {
                rejections.Considered++;
                if (TryTake(policy[first + got], transport, ref rejections) is not PortLease lease)
                {
                    break;
                }

                taken.Add(lease);
            }

            if (got == count)
            {
                Interlocked.Add(ref _cursor, step);
                return new PortLeaseGroup([.. taken], transport);
            }

            taken.ForEach(static lease => lease.Dispose());
            taken.Clear();
            step += got + 1;
        }

        string message = rejections.Describe(transport, _bothTransports, policy);
        message = string.Create(CultureInfo.InvariantCulture, $"No block of {count} consecutive free ports. ") + message + ExhaustionSuffix();
        throw new InvalidOperationException(message);
    }

    /// <summary>Counts consecutive candidates from an index, up to a limit, without wrapping past the highest candidate.</summary>
    /// <param name="policy">The candidates, ascending.</param>
    /// <param name="first">The index of the first port.</param>
    /// <param name="limit">The most to count.</param>
    /// <returns>How many of the candidates from <paramref name="first"/> on are consecutive port numbers (at least 1).</returns>
    internal static int ConsecutiveRun(CandidatePolicy policy, int first, int limit)
    {
        int run = 1;
        while (run < limit && first + run < policy.Count && policy[first + run].Value == policy[first].Value + run)
        {
            run++;
        }

        return run;
    }

    private static void ValidateCount(int count)
    {
        if (count is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "The number of ports must be from 1 to 65535.");
        }
    }

    /// <summary>The end of an exhaustion message: why cross-process claims are missing, if they are.</summary>
    private string ExhaustionSuffix() =>
        Volatile.Read(ref _claimStoreFailure) is string failure ? " Cross-process claims are unavailable: " + failure + "." : string.Empty;
}
