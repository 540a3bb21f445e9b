using System.Runtime.Versioning;
using PortClassification.Tests.Support;

namespace PortClassification.Tests.Firewall;

/// <summary>
/// Loads a ruleset into a fresh network namespace and records the bytes <see cref="NftNetlinkReader"/> receives: the
/// source of the parser fixtures (see <c>Fixtures/Firewall/nftables/README.md</c>) and of the live tests.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NftCapture
{
    /// <summary>Loads <paramref name="ruleset"/> (nft syntax) and runs <paramref name="commands"/> (for example iptables) in a new namespace; returns the raw dump.</summary>
    public static byte[] Capture(string ruleset, params string[][] commands) =>
        NetworkNamespace.Run(() =>
        {
            Load(ruleset, commands);
            int errno = NftNetlinkReader.TryRead(out byte[] messages);
            return errno == 0 ? messages : throw new InvalidOperationException($"Reading nftables failed with errno {errno}.");
        });

    /// <summary>Loads a ruleset and commands into the calling thread's network namespace.</summary>
    public static void Load(string ruleset, params string[][] commands)
    {
        if (ruleset.Length > 0)
        {
            Commands.Run(Commands.Find("nft") ?? throw new InvalidOperationException("nft is not installed (Debian package nftables)."), ["-f", "-"], ruleset);
        }

        foreach (string[] command in commands)
        {
            Commands.Run(Commands.Find(command[0]) ?? throw new InvalidOperationException($"{command[0]} is not installed."), command[1..]);
        }
    }

    /// <summary>
    /// <c>nft-capture &lt;ruleset.nft&gt; &lt;out.bin&gt;</c>: writes the dump of the ruleset (and of iptables commands listed
    /// in the ruleset file as <c># run: iptables …</c> lines) to a fixture file.
    /// </summary>
    public static int CaptureToFile(string input, string output)
    {
        string text = File.ReadAllText(input);
        string[][] commands = [.. text.Split('\n').Where(l => l.StartsWith("# run: ", StringComparison.Ordinal)).Select(l => l["# run: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))];
        File.WriteAllBytes(output, Capture(text, commands));
        return 0;
    }
}
