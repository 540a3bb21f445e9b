using Xunit;

namespace PortClassification.Tests.Allocation;

public class BrowserBlockedCandidateTests
{
    [Fact]
    public void CreateDefault_UnassignedUserPortsIncludeABadPort_LeavesItOut()
    {
        // Windows' and macOS's ephemeral range is the whole dynamic range, so unassigned user ports above
        // 10000 are added; with every port unassigned that set would include 10080, a Fetch "bad port".
        CandidatePolicy policy = CandidatePolicy.CreateDefault(PortInterval.Parse("49152-65535"), [], _ => true, []);

        Assert.False(policy.Contains(10080));
        Assert.True(policy.Contains(10079));
        Assert.True(policy.Contains(10081));
        for (int i = 0; i < policy.Count; i++)
        {
            Assert.False(BrowserBlockedPorts.Contains(policy[i]));
        }
    }
}
