using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using PortClassification;

/// <summary>The bind diagnosis on Windows: a port held by this process's listener, and the same port once free.</summary>
internal static class DiagnosticsSmoke
{
    public static void Check(Checks checks)
    {
        int port;
        using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen();
            port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            BindReport held = PortDiagnostics.DiagnoseBind(new IPEndPoint(IPAddress.Loopback, port));
            Console.WriteLine($"     {held.Summary}");
            BindFinding? first = held.Findings.Count > 0 ? held.Findings[0] : null;
            checks.That("DiagnoseBind: a held port cannot be bound", !held.CanBind && held.Error == SocketError.AddressAlreadyInUse, held.Summary);
            // Wine's owner-pid tables may leave the owner out (see the listener checks); then it must say unknown, never guess.
            bool wine = WindowsSmoke.IsWine(out _);
            checks.That(
                "DiagnoseBind: the cause is this process's listener (under Wine, owner unknown)",
                first is { Kind: BindFindingKind.HeldByListener } && first.Sockets.Count == 1 &&
                    (first.Sockets[0].ProcessId == Environment.ProcessId || (wine && first.Sockets[0].ProcessId is null && first.Summary.Contains("owner unknown", StringComparison.Ordinal))),
                string.Join(" | ", held.Findings));
        }

        BindReport free = PortDiagnostics.DiagnoseBind(new IPEndPoint(IPAddress.Loopback, port));
        checks.That("DiagnoseBind: the port binds once the listener is closed", free.CanBind && free.Findings.All(f => !f.Blocks), free.Summary);
    }
}
