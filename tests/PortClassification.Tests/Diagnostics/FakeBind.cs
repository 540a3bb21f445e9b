using System.Net;
using System.Net.Sockets;

namespace PortClassification.Tests.Diagnostics;

/// <summary>A socket source that returns fixed sockets, filtered by the query, and records the queries.</summary>
internal sealed class FakeSocketSource(params SocketEntry[] sockets) : ISocketSource
{
    public string Name => "fake";

    public List<SocketQuery?> Queries { get; } = [];

    public Exception? Failure { get; init; }

    public bool Complete { get; init; } = true;

    public SocketSnapshot GetSockets(SocketQuery? query = null)
    {
        Queries.Add(query);
        if (Failure is not null)
        {
            throw Failure;
        }

        return new SocketSnapshot(sockets.Where(s => query?.Matches(s) ?? true), Name, Complete, Complete ? null : ["another user's sockets were not listed"]);
    }
}

/// <summary>Builds <see cref="BindEnvironment"/>s whose every fact is given by the test.</summary>
internal static class FakeBind
{
    internal static readonly IPAddress[] LoopbackOnly = [IPAddress.Loopback, IPAddress.IPv6Loopback];

    internal static BindEnvironment Environment(
        ISocketSource? sockets = null,
        BindPlatform platform = BindPlatform.Linux,
        SocketError? plain = null,
        SocketError? reuse = null,
        bool? mayBindPrivileged = false,
        bool seesEveryOwner = true,
        string ephemeral = "32768-60999",
        string[]? reserved = null,
        int unprivilegedStart = 1024,
        IPAddress[]? addresses = null,
        WindowsExclusion[]? exclusions = null,
        List<bool>? probes = null) => new()
        {
            Sockets = sockets ?? new FakeSocketSource(),
            Platform = platform,
            HostSettings = () => Settings(ephemeral, reserved ?? [], unprivilegedStart),
            LocalAddresses = () => addresses ?? LoopbackOnly,
            MayBindPrivileged = () => mayBindPrivileged,
            SeesEveryOwner = seesEveryOwner,
            WindowsExclusions = _ => exclusions ?? [],
            Probe = (_, _, withReuse) =>
            {
                probes?.Add(withReuse);
                return withReuse ? reuse : plain;
            },
        };

    internal static HostPortSettings Settings(string ephemeral, string[] reserved, int unprivilegedStart)
    {
        PortInterval[] intervals = [.. reserved.Select(PortInterval.Parse)];
        return new HostPortSettings(
            EphemeralRanges.Same(PortInterval.Parse(ephemeral)),
            intervals,
            intervals,
            new PortNumber(unprivilegedStart),
            supportsSctpAndDccp: false,
            []);
    }

    internal static IPEndPoint At(string endPoint) => IPEndPoint.Parse(endPoint);

    internal static SocketEntry Listener(string local, int? pid = 42, string? name = "nginx", int? uid = 0) =>
        new(Transport.Tcp, SocketState.Listen, At(local), null, pid, name, uid, pid is null ? null : 1000UL);

    internal static SocketEntry Bound(string local, Transport transport = Transport.Tcp, int? pid = 43) =>
        new(transport, SocketState.Bound, At(local), null, pid, pid is null ? null : "guard", 0, 1001UL);

    internal static SocketEntry Connection(string local, string remote, SocketState state = SocketState.Established, int? pid = 44) =>
        new(Transport.Tcp, state, At(local), At(remote), pid, pid is null ? null : "client", state == SocketState.TimeWait ? 0 : 1000, pid is null ? 0UL : 1002UL);

    internal static BindReport Diagnose(BindEnvironment environment, string endPoint, Transport transport = Transport.Tcp) =>
        PortDiagnostics.DiagnoseBind(environment, At(endPoint), transport);
}
