using Xunit;

namespace PortClassification.Tests.Support;

/// <summary>
/// Tests that release a port and need it free again at once, or count this process's descriptors: they run one at
/// a time, after the parallel tests.
/// </summary>
/// <remarks>
/// A test elsewhere that starts a process forks this one, and until the child calls exec it holds a copy of every
/// descriptor of this process: a socket just closed stays bound, and a claim file just closed stays locked, for as
/// long as that takes (tens of milliseconds on a loaded machine). Run beside such tests, "free at the start" or
/// "free again after dispose" would be a race; run alone, it is certain. The tests here start no process of their
/// own while they hold a port, or wait for the ones they start.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PortReuse
{
    public const string Name = "Port reuse";
}
