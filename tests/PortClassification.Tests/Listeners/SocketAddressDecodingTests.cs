using System.Net;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace PortClassification.Tests.Listeners;

public class SocketAddressDecodingTests
{
    [Theory]
    [InlineData(new byte[] { 0x1F, 0x90 }, 8080)]
    [InlineData(new byte[] { 0x00, 0x16, 0xAB, 0xCD }, 22)]
    [InlineData(new byte[] { 0xFF, 0xFF }, 65535)]
    [InlineData(new byte[] { 0x00, 0x00 }, 0)]
    public void ReadNetworkOrderPort_Bytes_FirstByteIsTheHighByte(byte[] bytes, int expected) =>
        Assert.Equal(expected, SocketAddressDecoding.ReadNetworkOrderPort(bytes));

    [Theory]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:0.0.0.0", "0.0.0.0")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    public void TryGetMappedIPv4_MappedAddress_ReturnsTheIPv4Address(string ipv6, string expected)
    {
        Assert.True(SocketAddressDecoding.TryGetMappedIPv4(IPAddress.Parse(ipv6).GetAddressBytes(), out IPAddress? ipv4));
        Assert.Equal(IPAddress.Parse(expected), ipv4);
    }

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::10.0.0.1")]
    [InlineData("64:ff9b::10.0.0.1")]
    [InlineData("fe80::ffff:10.0.0.1")]
    public void TryGetMappedIPv4_OtherAddress_ReturnsFalse(string ipv6)
    {
        Assert.False(SocketAddressDecoding.TryGetMappedIPv4(IPAddress.Parse(ipv6).GetAddressBytes(), out IPAddress? ipv4));
        Assert.Null(ipv4);
    }

    [Property]
    public Property TryGetMappedIPv4_AnyAddress_AgreesWithIPAddress() => Prop.ForAll(
        Gen.Frequency(
            (1, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16)),
            (1, Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 4).Select(v4 => (byte[])[.. new byte[10], 0xFF, 0xFF, .. v4])))
        .ToArbitrary(),
        bytes =>
        {
            var address = new IPAddress(bytes);
            bool mapped = SocketAddressDecoding.TryGetMappedIPv4(bytes, out IPAddress? ipv4);
            return mapped == address.IsIPv4MappedToIPv6 && (!mapped || ipv4!.Equals(address.MapToIPv4()));
        });
}
