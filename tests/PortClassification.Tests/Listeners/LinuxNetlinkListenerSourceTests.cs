using PortClassification.Tests.Support;

namespace PortClassification.Tests.Listeners;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxNetlinkListenerSourceTests
{
    [LinuxFact]
    public void GetListeners_LoopbackSockets_FoundWithOwners() =>
        LiveListeners.AssertFindsOwnAndChildListeners(new LinuxNetlinkListenerSource());

    [LinuxFact]
    public void GetListeners_Query_FiltersInKernel() =>
        LiveListeners.AssertQueriesFilter(new LinuxNetlinkListenerSource());
}
