using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PortClassification.Tests.Support;

namespace PortClassification.Tests.Host;

/// <summary>Generators for the host-settings property tests: interval lists, and arbitrary or mutated OS text.</summary>
internal static class HostArbitraries
{
    private const string SysctlAlphabet = "0123456789,-\t \n\r";
    private const string NetshAlphabet = "0123456789:\uff1a-* \t\r\nabcPé端";

    private static readonly string[] s_linuxSamples =
    [
        "32768\t60999\n", "41234\t41987\n", "\n", "41300,41400-41410\n", "1024\n", "777\n", "0-65535\n",
    ];

    /// <summary>Lists of up to 20 intervals, clustered so that many overlap or touch.</summary>
    internal static Arbitrary<PortInterval[]> IntervalLists()
    {
        Gen<int> start = Gen.OneOf(Gen.Choose(0, 400), Gen.Choose(65300, 65535), Gen.Choose(0, 65535));
        Gen<PortInterval> interval =
            from first in start
            from length in Gen.OneOf(Gen.Constant(0), Gen.Choose(0, 3), Gen.Choose(0, 200))
            select new PortInterval((PortNumber)first, (PortNumber)Math.Min(first + length, 65535));
        return Gen.Choose(0, 20).SelectMany(count => Gen.ArrayOf(interval, count)).ToArbitrary();
    }

    /// <summary>Random bytes over the sysctl alphabet, random bytes of any value, and kernel texts with random edits.</summary>
    internal static Arbitrary<byte[]> LinuxSysctlText() =>
        Gen.OneOf(
            TextOver(SysctlAlphabet).Select(s => Encoding.ASCII.GetBytes(s)),
            ArbMap.Default.GeneratorFor<byte[]>(),
            Mutated(s_linuxSamples, SysctlAlphabet).Select(s => Encoding.UTF8.GetBytes(s)))
        .ToArbitrary();

    /// <summary>Random text over netsh's alphabet, any string, and netsh outputs with random edits.</summary>
    internal static Arbitrary<string> NetshText(params string[] samples) =>
        Gen.OneOf(
            TextOver(NetshAlphabet),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Mutated(samples, NetshAlphabet))
        .ToArbitrary();

    /// <summary>Runs a parser: success and <see cref="FormatException"/> pass; any other exception fails the property.</summary>
    internal static bool OnlyFormatException(Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException)
        {
        }

        return true;
    }

    internal static HashSet<int> Ports(IEnumerable<PortInterval> intervals)
    {
        var ports = new HashSet<int>();
        foreach (PortInterval interval in intervals)
        {
            for (int port = interval.First; port <= interval.Last; port++)
            {
                ports.Add(port);
            }
        }

        return ports;
    }

    /// <summary>Determines whether every interval starts more than one port after the previous one ends.</summary>
    internal static bool IsSortedAndMerged(IReadOnlyList<PortInterval> intervals)
    {
        for (int i = 1; i < intervals.Count; i++)
        {
            if (intervals[i].First.Value <= intervals[i - 1].Last.Value + 1)
            {
                return false;
            }
        }

        return true;
    }

    private static Gen<string> TextOver(string alphabet) =>
        Gen.Choose(0, 60).SelectMany(length => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)).Select(chars => new string(chars));

    /// <summary>Applies 1–4 random deletions, insertions or replacements to one of <paramref name="samples"/>.</summary>
    private static Gen<string> Mutated(string[] samples, string alphabet)
    {
        Gen<Mutation<char>> edit = Mutation.Of(alphabet.ToCharArray(), truncate: false);
        return
            from sample in Gen.Elements(samples)
            from edits in Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(edit, n))
            select Mutation.Apply(sample, edits);
    }
}
