using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class HostTextTests
{
    [Fact]
    public void GroupAlike_SameFactsShareOneLabelInOrder()
    {
        (Transport, int)[] facts = [(Transport.Tcp, 1), (Transport.Udp, 2), (Transport.Sctp, 1)];

        var groups = HostText.GroupAlike(facts, f => f.Item1, (a, b) => a.Item2 == b.Item2, " and ");

        Assert.Equal([("tcp and sctp", (Transport.Tcp, 1)), ("udp", (Transport.Udp, 2))], groups);
    }

    [Fact]
    public void GroupAlike_TableSeparator() =>
        Assert.Equal(
            "tcp,udp",
            Assert.Single(HostText.GroupAlike([Transport.Tcp, Transport.Udp], t => t, (_, _) => true, ",")).Transports);

    // Every transport is named exactly once, in its first group with equal facts, and the groups' facts all differ.
    [Property]
    public Property GroupAlike_NamesEachTransportOnceAndGroupsDiffer() => Prop.ForAll(
        Gen.ListOf(Gen.Choose(0, 3)).Select(values => values.Select((v, i) => ((Transport)(i % 4), v)).ToArray()).ToArbitrary(),
        facts =>
        {
            var groups = HostText.GroupAlike(facts, f => f.Item1, (a, b) => a.Item2 == b.Item2, " and ");
            string[] named = [.. groups.SelectMany(g => g.Transports.Split(" and "))];
            bool eachOnce = named.Length == facts.Length;
            bool distinct = groups.Select(g => g.Facts.Item2).Distinct().Count() == groups.Count;
            bool labelled = facts.All(f => groups.Single(g => g.Facts.Item2 == f.Item2).Transports.Split(" and ").Contains(TransportNames.Format(f.Item1)));
            return eachOnce && distinct && labelled;
        });
}
