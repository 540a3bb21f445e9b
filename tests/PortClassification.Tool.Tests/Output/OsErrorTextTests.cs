using System.Net.Sockets;
using PortClassification.Tool.Output;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class OsErrorTextTests
{
    [Fact]
    public void Describe_EmfileIOException_SaysThisProcessAndUlimit()
    {
        string text = OsErrorText.Describe(new IOException("Too many open files", DescriptorLimit.EMFILE));

        Assert.StartsWith("too many open files in this process", text, StringComparison.Ordinal);
        Assert.Contains("ulimit -n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_EnfileIOException_SaysTheSystem() =>
        Assert.StartsWith("too many open files in the system", OsErrorText.Describe(new IOException("Too many open files in system", DescriptorLimit.ENFILE)), StringComparison.Ordinal);

    [Fact]
    public void Describe_TooManyOpenSockets_NeverClaimsTheSystemWhenItCannotTell()
    {
        // .NET turns EMFILE into TooManyOpenSockets, whose message is ENFILE's "Too many open files in system".
        var e = new SocketException((int)SocketError.TooManyOpenSockets);

        string text = OsErrorText.Describe(e);

        Assert.DoesNotContain("open files in system", text, StringComparison.Ordinal);
        Assert.Contains("ulimit -n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_TypeInitializerOverIOException_DescribesTheCause() =>
        Assert.StartsWith(
            "too many open files in this process",
            OsErrorText.Describe(new TypeInitializationException("Some.Type", new IOException("Too many open files", DescriptorLimit.EMFILE))),
            StringComparison.Ordinal);

    [Fact]
    public void Describe_OtherError_FirstLineWithoutPeriod() =>
        Assert.Equal("Access to the path is denied", OsErrorText.Describe(new UnauthorizedAccessException("Access to the path is denied.\nmore")));
}
