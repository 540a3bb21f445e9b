// Child process for the allocator's multi-process tests. Talks to the test through files in a
// directory (it may run inside another network namespace, so no sockets to the parent):
//   hold <dir> <name> <count> [preferred-file]   lease <count> ports (preferring the ports listed in
//                                                the file, if given), write <name>.ports, wait for <dir>/release
//   lag <dir> <name> <count> <gapMs> <intervalMs> [idiom]
//                                                wait for <dir>/go, then every <intervalMs> lease a port and
//                                                bind a .NET TcpListener on it <gapMs> later; write <name>.ports
//                                                and <name>.failures, wait for <dir>/release. With "idiom", take
//                                                ports the usual way instead (TcpListener(127.0.0.1, 0) + Stop),
//                                                to measure what the allocator is compared with; with "noguard",
//                                                lease without the Linux guard socket ("guard": with it); an
//                                                8th argument overrides the candidate ports
//   churn <dir> <name>                            until <dir>/release: bind(0) the .NET way (TcpListener on
//                                                127.0.0.1:0), keep a window of 100, write <name>.churn
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PortClassification;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: hold|lag|churn <dir> <name> ...");
    return 2;
}

string dir = args[1];
string name = args[2];
string Path(string suffix) => System.IO.Path.Combine(dir, name + suffix);

void WaitFor(string file)
{
    while (!File.Exists(System.IO.Path.Combine(dir, file)))
    {
        Thread.Sleep(10);
    }
}

void WriteAtomically(string path, string text)
{
    File.WriteAllText(path + ".tmp", text);
    File.Move(path + ".tmp", path, overwrite: true);
}

WriteAtomically(Path(".pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
switch (args[0])
{
    case "hold":
    {
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        PortNumber[] preferred = args.Length > 4
            ? [.. File.ReadAllText(args[4]).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(PortNumber.Parse)]
            : [];
        var allocator = new PortAllocator(new PortAllocatorOptions { PreferredPorts = preferred });
        var leases = new List<PortLease>(count);
        for (int i = 0; i < count; i++)
        {
            leases.Add(allocator.Lease());
        }

        WriteAtomically(Path(".ports"), string.Join(',', leases.Select(l => l.Port.Value)));
        WaitFor("release");
        leases.ForEach(l => l.Dispose());
        return 0;
    }

    case "lag":
    {
        int count = int.Parse(args[3], CultureInfo.InvariantCulture);
        int gapMs = int.Parse(args[4], CultureInfo.InvariantCulture);
        int intervalMs = int.Parse(args[5], CultureInfo.InvariantCulture);
        bool idiom = args.Length > 6 && args[6] == "idiom";
        PortInterval? candidates = args.Length > 7 ? PortInterval.Parse(args[7]) : null;
        PortAllocator allocator = args.Length > 6 && args[6] is "noguard" or "guard"
            ? new PortAllocator(new PortAllocatorOptions { GuardSocket = args[6] == "guard", CandidatePorts = candidates })
            : PortAllocator.Default;
        WaitFor("go");
        var servers = new TcpListener?[count];
        var leases = new PortLease?[count];
        var ports = new int[count];
        var starts = new Task[count];
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            int index = i;
            if (idiom)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                ports[i] = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
            }
            else
            {
                leases[i] = allocator.Lease();
                ports[i] = leases[i]!.Port.Value;
            }

            starts[i] = Task.Run(async () =>
            {
                await Task.Delay(gapMs);
                var server = new TcpListener(IPAddress.Loopback, ports[index]);
                try
                {
                    server.Start();
                    servers[index] = server;
                }
                catch (SocketException)
                {
                    server.Dispose();
                    Interlocked.Increment(ref failures);
                }
            });
            Thread.Sleep(intervalMs);
        }

        Task.WaitAll(starts);
        WriteAtomically(Path(".failures"), failures.ToString(CultureInfo.InvariantCulture));
        WriteAtomically(Path(".ports"), string.Join(',', ports));
        WaitFor("release");
        foreach (TcpListener? server in servers)
        {
            server?.Stop();
            server?.Dispose();
        }

        Array.ForEach(leases, l => l?.Dispose());
        return 0;
    }

    case "churn":
    {
        var window = new Queue<TcpListener>();
        long binds = 0;
        string release = System.IO.Path.Combine(dir, "release");
        while (!File.Exists(release))
        {
            for (int i = 0; i < 50; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                window.Enqueue(listener);
                binds++;
                if (window.Count > 100)
                {
                    window.Dequeue().Dispose();
                }
            }
        }

        while (window.Count > 0)
        {
            window.Dequeue().Dispose();
        }

        WriteAtomically(Path(".churn"), binds.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    default:
        Console.Error.WriteLine("unknown mode " + args[0]);
        return 2;
}
