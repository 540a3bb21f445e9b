using PortClassification.Tool.Output;
using PortClassification.Tool.Reports;
using Xunit;

namespace PortClassification.Tool.Tests.Output;

public class ServiceTableTests
{
    [Fact]
    public void PortText_PortsAndTransportOrAny()
    {
        Assert.Equal("60400/tcp", ServiceTable.PortText(Service(new PortInterval(new PortNumber(60400), new PortNumber(60400)), Transport.Tcp)));
        Assert.Equal("6000-6063/any", ServiceTable.PortText(Service(new PortInterval(new PortNumber(6000), new PortNumber(6063)), null)));
    }

    [Fact]
    public void Write_LookupTable_SeparateProtoColumnAndDashForNoDescription()
    {
        var output = new StringWriter();

        ServiceTable.Write(output, Styler.Plain, [Service(new PortInterval(new PortNumber(8080), new PortNumber(8080)), Transport.Udp)]);

        Assert.Equal("NAME  PORT  PROTO  ORIGIN  DESCRIPTION\nx     8080  udp    iana    -\n", output.ToString().ReplaceLineEndings("\n"));
    }

    private static ServiceInfo Service(PortInterval ports, Transport? transport) =>
        new("x", ports, transport, ServiceKind.Iana, string.Empty);
}
