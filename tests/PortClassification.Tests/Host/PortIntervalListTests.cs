using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Host;

public class PortIntervalListTests
{
    [Fact]
    public void Normalize_TouchingAndOverlapping_MergesIntoOne()
    {
        var intervals = new List<PortInterval> { PortInterval.Parse("10-20"), PortInterval.Parse("5-9"), PortInterval.Parse("15-30"), PortInterval.Parse("32") };

        Assert.Equal([PortInterval.Parse("5-30"), PortInterval.Parse("32")], PortIntervalList.Normalize(intervals));
    }

    [Property]
    public Property Normalize_AnyIntervals_SortedMergedAndSamePorts() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            intervals =>
            {
                PortInterval[] normalized = PortIntervalList.Normalize([.. intervals]);
                return HostArbitraries.IsSortedAndMerged(normalized) &&
                    HostArbitraries.Ports(normalized).SetEquals(HostArbitraries.Ports(intervals));
            });

    [Property]
    public Property Contains_AnyPort_AgreesWithLinearSearch() =>
        Prop.ForAll(
            HostArbitraries.IntervalLists(),
            Gen.Choose(0, 65535).ToArbitrary(),
            (intervals, port) =>
            {
                PortInterval[] normalized = PortIntervalList.Normalize([.. intervals]);
                return PortIntervalList.Contains(normalized, (PortNumber)port) == intervals.Any(i => i.Contains((PortNumber)port));
            });

    [Fact]
    public void Format_Empty_IsEmptyText() => Assert.Equal("", PortIntervalList.Format([]));
}
