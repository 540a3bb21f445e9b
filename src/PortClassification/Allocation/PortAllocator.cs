using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace PortClassification;

/// <summary>
/// Hands out free ports for servers — typically test servers — so that no two leases, in this process
/// or in any other process using this library, ever hold the same port at once.
/// </summary>
/// <remarks>
/// <para>
/// Ports come from a policy that stays out of the host's ephemeral range (see
/// <see cref="PortAllocatorOptions.CandidatePorts"/>), so outbound connections and other programs'
/// <c>bind(0)</c> do not take a leased port before its server binds it. Each candidate must pass three
/// checks: it is not leased in this process; it is not claimed by another process (an exclusive lock
/// on a per-port file, dropped by the OS when the holder dies); and a strict bind test succeeds on every
/// address in <see cref="PortAllocatorOptions.Addresses"/>. On Linux a TCP lease also keeps a guard
/// socket on the port (see <see cref="PortAllocatorOptions.GuardSocket"/>).
/// </para>
/// <para>
/// Successive leases walk the candidates from a random starting point, so a port just released is not
/// handed out again straight away. The candidates are computed from <see cref="HostPortSettings.Current"/>
/// and the registry (<see cref="PortAllocatorOptions.Registry"/>) on an instance's first lease for each transport, and kept. Instances are
/// thread-safe; <see cref="Default"/> suits most tests.
/// </para>
/// <para>
/// WSL 2: with mirrored networking, Windows refuses Linux binds inside its own ephemeral range 49152–65535
/// (<c>EACCES</c>), which is where the default candidates lie. When the kernel release
/// (<c>/proc/sys/kernel/osrelease</c>) names Microsoft and the bind test of every default candidate fails with
/// <c>EACCES</c>, the allocator switches, for good, to the ports above 10000 and below 49152 that IANA lists as
/// unassigned (outside the ephemeral range, minus reserved and excluded ports), and an exhaustion message says so.
/// This decision is tested with a simulated kernel release and simulated bind results; it has not been run on WSL.
/// </para>
/// <para>
/// Across users: claim files are private to each user, so two users' allocators exclude each other
/// through the bind test — and, on Linux, through the TCP guard socket, which the kernel enforces for
/// everyone. UDP leases of different users, and leases on Windows and macOS, only see each other's
/// ports once a server has bound them.
/// </para>
/// </remarks>
public sealed partial class PortAllocator
{
    private static readonly Lazy<PortAllocator> DefaultAllocator = new(() => new PortAllocator(new PortAllocatorOptions()));

    private readonly PortInterval? _candidatePorts;
    private readonly IPAddress[] _addresses;
    private readonly bool[] _unavailable;
    private readonly PortInterval[] _excluded;
    private readonly PortNumber[] _preferred;
    private readonly bool _bothTransports;
    private readonly bool _guard;
    private readonly ServiceRegistry? _registry;
    private readonly PortClaimStore? _store;
    private readonly CandidatePolicy?[] _policies = new CandidatePolicy?[2];
    private readonly Func<Transport, CandidatePolicy>? _policyFactory;
    private readonly AllocatorHost _hostSeam;
    private int _cursor = Random.Shared.Next();
    private string? _claimStoreFailure;

    /// <summary>Initializes a new instance of the <see cref="PortAllocator"/> class.</summary>
    /// <param name="options">The settings; see <see cref="PortAllocatorOptions"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> has no address, or a <see langword="null"/> list or address.</exception>
    public PortAllocator(PortAllocatorOptions options)
        : this(options, policyFactory: null, crossProcessClaims: true)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PortAllocator"/> class with test seams.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="policyFactory">Builds the candidate policy per transport instead of the host; for tests.</param>
    /// <param name="crossProcessClaims">Whether to take file claims; off only to measure their cost.</param>
    internal PortAllocator(PortAllocatorOptions options, Func<Transport, CandidatePolicy>? policyFactory, bool crossProcessClaims)
        : this(
            options,
            policyFactory,
            crossProcessClaims ? PortClaimStore.Shared : null,
            crossProcessClaims ? PortClaimStore.SharedFailure : "cross-process claims are turned off")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PortAllocator"/> class with a given claim store; for tests.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="policyFactory">Builds the candidate policy per transport instead of the host; for tests.</param>
    /// <param name="claimStore">The claim store, or <see langword="null"/> for none.</param>
    /// <param name="noStoreReason">Why there is no store, when <paramref name="claimStore"/> is <see langword="null"/>.</param>
    /// <param name="host">What the allocator asks of the host (settings, WSL, bind tests); <see langword="null"/> for the real host.</param>
    internal PortAllocator(PortAllocatorOptions options, Func<Transport, CandidatePolicy>? policyFactory, PortClaimStore? claimStore, string? noStoreReason, AllocatorHost? host = null)
    {
        _hostSeam = host ?? AllocatorHost.Real;
        ArgumentNullException.ThrowIfNull(options);
        _addresses = PortProbe.OrderForProbe(options.ValidatedAddresses());
        _unavailable = new bool[_addresses.Length];
        for (int i = 0; i < _addresses.Length; i++)
        {
            _unavailable[i] = _addresses[i].AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6;
        }

        _candidatePorts = options.CandidatePorts;
        _excluded = [.. options.ExcludedPorts];
        _preferred = [.. options.PreferredPorts];
        _bothTransports = options.RequireBothTransports;
        _guard = options.GuardSocket;
        _registry = options.Registry;
        _store = claimStore;
        _claimStoreFailure = claimStore is null ? noStoreReason ?? "no claim store" : null;
        _policyFactory = policyFactory;
    }

    /// <summary>Gets or sets where the next search starts (an index into the candidates, modulo their count); for tests.</summary>
    internal int Cursor
    {
        get => Volatile.Read(ref _cursor);
        set => Volatile.Write(ref _cursor, value);
    }

    /// <summary>Gets a value indicating whether this allocator's leases are protected by cross-process claims.</summary>
    /// <value>
    /// <see langword="true"/> while every lease takes a claim that other processes of this user honour;
    /// <see langword="false"/> when no private claim directory is usable (for example, another user created
    /// the expected one first, or it denies access), in which case leases rely only on the bind test and,
    /// on Linux, the TCP guard socket — and the message of an exhaustion error says why.
    /// </value>
    public bool CrossProcessClaims => _store is not null && Volatile.Read(ref _claimStoreFailure) is null;

    /// <summary>Gets the allocator with default options, shared by the whole process.</summary>
    public static PortAllocator Default => DefaultAllocator.Value;

    /// <summary>Leases a free port.</summary>
    /// <param name="transport"><see cref="Transport.Tcp"/> (the default) or <see cref="Transport.Udp"/>.</param>
    /// <returns>The lease; dispose it when the server is done with the port.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="InvalidOperationException">No candidate port is free; the message says why each was rejected.</exception>
    /// <exception cref="System.IO.IOException">A claim file could not be opened or locked for a reason other than contention, such as the process running out of file descriptors.</exception>
    /// <exception cref="SocketException">A test socket could not be created, such as when the process has run out of file descriptors.</exception>
    /// <remarks>
    /// Keep the lease alive until the server has bound the port (<c>using var lease = allocator.Lease();</c>):
    /// <c>var port = allocator.Lease().Port;</c> leaves the lease to the garbage collector, whose finalizer
    /// may release the port before the server binds it.
    /// </remarks>
    public PortLease Lease(Transport transport = Transport.Tcp)
    {
        ValidateTransport(transport);
        return LeaseCore(transport, CancellationToken.None);
    }

    /// <summary>Leases a free port, observing a cancellation token.</summary>
    /// <param name="transport"><see cref="Transport.Tcp"/> (the default) or <see cref="Transport.Udp"/>.</param>
    /// <param name="cancellationToken">A token that cancels the search.</param>
    /// <returns>The lease; dispose it when the server is done with the port.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transport"/> is neither TCP nor UDP.</exception>
    /// <exception cref="InvalidOperationException">No candidate port is free; the message says why each was rejected.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="System.IO.IOException">A claim file could not be opened or locked for a reason other than contention, such as the process running out of file descriptors.</exception>
    /// <exception cref="SocketException">A test socket could not be created, such as when the process has run out of file descriptors.</exception>
    /// <remarks>
    /// The search makes only non-blocking system calls, so it completes synchronously; the token is checked
    /// before each candidate. Errors other than argument errors are reported through the returned task.
    /// Keep the lease alive until the server has bound the port, as for <see cref="Lease"/>.
    /// </remarks>
    public ValueTask<PortLease> LeaseAsync(Transport transport = Transport.Tcp, CancellationToken cancellationToken = default)
    {
        ValidateTransport(transport);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<PortLease>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(LeaseCore(transport, cancellationToken));
        }
        catch (OperationCanceledException e) when (e.CancellationToken == cancellationToken)
        {
            return ValueTask.FromCanceled<PortLease>(cancellationToken);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<PortLease>(e);
        }
    }

    private static void ValidateTransport(Transport transport)
    {
        if (transport is not (Transport.Tcp or Transport.Udp))
        {
            throw new ArgumentOutOfRangeException(nameof(transport), transport, "Only TCP and UDP ports can be leased.");
        }
    }

    private static bool InAny(PortInterval[] intervals, PortNumber port)
    {
        foreach (PortInterval interval in intervals)
        {
            if (interval.Contains(port))
            {
                return true;
            }
        }

        return false;
    }

    private PortLease LeaseCore(Transport transport, CancellationToken cancellationToken)
    {
        CandidatePolicy policy = GetPolicy(transport);
        var rejections = new Rejections { Reserved = policy.RemovedReserved, Excluded = policy.RemovedExcluded };

        foreach (PortNumber port in _preferred)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rejections.Considered++;
            if (InAny(_excluded, port))
            {
                rejections.Excluded++;
            }
            else if (port.Value == 0 || policy.IsHostReserved(port))
            {
                rejections.Reserved++;
            }
            else if (TryTake(port, transport, ref rejections) is PortLease preferred)
            {
                return preferred;
            }
        }

        if (Search(policy, transport, ref rejections, cancellationToken) is PortLease lease)
        {
            return lease;
        }

        if (WslPorts.ShouldFallBack(_hostSeam.IsWsl, _candidatePorts is null && policy.Note is null, rejections.Forbidden, rejections.Busy))
        {
            // WSL 2 mirrored networking refused every default candidate: switch this allocator to user ports for good.
            policy = BuildWslFallback(transport);
            Volatile.Write(ref _policies[transport == Transport.Udp ? 1 : 0], policy);
            rejections = new Rejections { Reserved = policy.RemovedReserved, Excluded = policy.RemovedExcluded };
            if (Search(policy, transport, ref rejections, cancellationToken) is PortLease fallback)
            {
                return fallback;
            }
        }

        string message = rejections.Describe(transport, _bothTransports, policy);
        if (Volatile.Read(ref _claimStoreFailure) is string failure)
        {
            message += " Cross-process claims are unavailable: " + failure + ".";
        }

        throw new InvalidOperationException(message);
    }

    /// <summary>Walks the candidates once from the shared cursor; the first port that can be taken is leased.</summary>
    private PortLease? Search(CandidatePolicy policy, Transport transport, ref Rejections rejections, CancellationToken cancellationToken)
    {
        int count = policy.Count;
        // The cursor wraps around int.MaxValue: only its value modulo the candidate count matters.
        uint start = unchecked((uint)Interlocked.Increment(ref _cursor));
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rejections.Considered++;
            int index = (int)(unchecked(start + (uint)i) % (uint)count);
            if (TryTake(policy[index], transport, ref rejections) is PortLease lease)
            {
                // Skip the run of rejected candidates for the next caller.
                Interlocked.Add(ref _cursor, i);
                return lease;
            }
        }

        return null;
    }

    private PortLease? TryTake(PortNumber port, Transport transport, ref Rejections rejections)
    {
        Transport other = transport == Transport.Udp ? Transport.Tcp : Transport.Udp;
        if (!LeaseTable.TryAdd(port, transport))
        {
            rejections.ClaimedHere++;
            return null;
        }

        if (_bothTransports && !LeaseTable.TryAdd(port, other))
        {
            LeaseTable.Remove(port, transport);
            rejections.ClaimedHere++;
            return null;
        }

        IDisposable?[] claims = new IDisposable?[_bothTransports ? 2 : 1];
        var guards = new List<Socket>(2);
        bool success = false;
        try
        {
            if (_store is not null && !TryClaim(_store, port, transport, other, claims))
            {
                rejections.ClaimedElsewhere++;
                return null;
            }

            ProbeOutcome outcome = _hostSeam.Probe(port, transport, _addresses, _unavailable, guards, _guard);
            if (outcome == ProbeOutcome.Free && _bothTransports)
            {
                outcome = _hostSeam.Probe(port, other, _addresses, _unavailable, guards, _guard);
            }

            if (outcome != ProbeOutcome.Free)
            {
                if (outcome == ProbeOutcome.Forbidden)
                {
                    rejections.Forbidden++;
                }
                else
                {
                    rejections.Busy++;
                }

                return null;
            }

            if (Array.TrueForAll(_unavailable, static skipped => skipped))
            {
                throw new InvalidOperationException("None of the allocator's addresses exists on this host: " + string.Join(", ", (object[])_addresses) + ".");
            }

            success = true;
            return new PortLease(port, transport, _bothTransports, claims, guards);
        }
        finally
        {
            if (!success)
            {
                PortLease.ReleaseHeld(port, transport, _bothTransports, claims, guards);
            }
        }
    }

    /// <summary>Takes the claims a lease needs; a store that refuses this user is noted and then left out.</summary>
    private bool TryClaim(PortClaimStore store, PortNumber port, Transport transport, Transport other, IDisposable?[] claims)
    {
        for (int i = 0; i < claims.Length; i++)
        {
            switch (store.TryClaim(port, i == 0 ? transport : other, out claims[i]))
            {
                case ClaimResult.HeldElsewhere:
                    return false;
                case ClaimResult.Unusable:
                    Volatile.Write(ref _claimStoreFailure, "the claim directory " + store.Directory + " denies access");
                    return true;
            }
        }

        return true;
    }
}
