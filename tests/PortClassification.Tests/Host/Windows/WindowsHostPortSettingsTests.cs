using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Xunit;

namespace PortClassification.Tests.Host.Windows;

[SupportedOSPlatform("windows")]
public class WindowsHostPortSettingsTests
{
    private const string Netsh = @"C:\Windows\system32\netsh.exe";

    [Fact]
    public void Create_CapturedOutputs_ReadsEachRangeAndExclusionList()
    {
        var runs = new ConcurrentBag<string>();
        HostPortSettings settings = WindowsHostPortSettings.Create(Netsh, arguments =>
        {
            string command = string.Join(' ', arguments);
            runs.Add(command);
            return Output(command switch
            {
                "int ipv4 show dynamicport tcp" => "dynamicport-tcp-en.txt",
                "int ipv6 show dynamicport tcp" => "dynamicport-tcp-lf-trailing-spaces.txt",
                "int ipv4 show dynamicport udp" => "dynamicport-udp-en-hyperv.txt",
                "int ipv6 show dynamicport udp" => "dynamicport-tcp-fr.txt",
                "int ipv4 show excludedportrange protocol=tcp" => "excludedportrange-tcp-en-trailing-spaces.txt",
                "int ipv4 show excludedportrange protocol=udp" => "excludedportrange-udp-en-empty.txt",
                _ => throw new InvalidOperationException(command),
            });
        });

        Assert.Equal(6, runs.Count);
        Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal(PortInterval.Parse("10000-14999"), settings.EphemeralRange(Transport.Tcp, AddressFamily.InterNetworkV6));
        Assert.Equal(PortInterval.Parse("1025-65534"), settings.EphemeralRange(Transport.Udp));
        Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(Transport.Udp, AddressFamily.InterNetworkV6));
        Assert.Equal([PortInterval.Parse("1080-1279"), PortInterval.Parse("2869"), PortInterval.Parse("50000-50059")], settings.Reserved(Transport.Tcp));
        Assert.Empty(settings.Reserved(Transport.Udp));
        Assert.Equal(
            [new ReservedPortRange(PortInterval.Parse("1080-1179"), false), new ReservedPortRange(PortInterval.Parse("1180-1279"), false),
             new ReservedPortRange(PortInterval.Parse("2869"), false), new ReservedPortRange(PortInterval.Parse("50000-50059"), true)],
            settings.ReservedDetails(Transport.Tcp));
        Assert.Empty(settings.ReservedDetails(Transport.Udp));
        Assert.True(settings.IsReserved((PortNumber)1200, Transport.Tcp));
        Assert.False(settings.IsReserved((PortNumber)1200, Transport.Udp));
        Assert.Equal(PortNumber.MinValue, settings.UnprivilegedPortStart);
        Assert.False(settings.IsPrivileged((PortNumber)80));
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.EphemeralRange(Transport.Sctp));
        Assert.Throws<ArgumentOutOfRangeException>(() => settings.Reserved(Transport.Dccp));

        Assert.Equal(7, settings.Provenance.Count);
        HostSettingProvenance tcp6 = settings.Provenance.Single(s => s.Setting == HostSetting.EphemeralRange && s.Transport == Transport.Tcp && s.AddressFamily == AddressFamily.InterNetworkV6);
        Assert.Equal(HostSettingOrigin.Command, tcp6.Origin);
        Assert.Equal(Netsh + " int ipv6 show dynamicport tcp", tcp6.Location);
        Assert.Equal("10000-14999", tcp6.Value);
        HostSettingProvenance excluded = settings.Provenance.Single(s => s.Setting == HostSetting.ReservedPorts && s.Transport == Transport.Tcp);
        Assert.Null(excluded.AddressFamily);
        Assert.Equal("1080-1279,2869,50000-50059", excluded.Value);
        Assert.Equal(HostSettingOrigin.Fixed, settings.Provenance.Single(s => s.Setting == HostSetting.UnprivilegedPortStart).Origin);
    }

    [Fact]
    public void Create_NetshNotImplemented_UsesDefaultsAndSaysMalformed()
    {
        // Wine's netsh prints its command list instead of the tables.
        HostPortSettings settings = WindowsHostPortSettings.Create(Netsh, _ => Output("not-implemented.txt"));

        AssertDefaults(settings, HostSettingFallback.Malformed);
    }

    [Theory]
    [InlineData(HostSettingFallback.Absent, "netsh could not be started (The system cannot find the file specified).")]
    [InlineData(HostSettingFallback.Unreadable, "netsh did not finish within 5 seconds and was stopped.")]
    [InlineData(HostSettingFallback.Unreadable, "netsh exited with code 1: The following command was not found: int ipv4 show dynamicport tcp.")]
    public void Create_NetshFails_UsesDefaultsAndKeepsTheReason(HostSettingFallback fallback, string error)
    {
        HostPortSettings settings = WindowsHostPortSettings.Create(Netsh, _ => NetshResult.Failed(fallback, error));

        AssertDefaults(settings, fallback);
        Assert.All(settings.Provenance.Where(s => s.Origin == HostSettingOrigin.Default), s => Assert.StartsWith(error, s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_OneRunThrows_ThatValueFallsBackAndTheOthersCount()
    {
        HostPortSettings settings = WindowsHostPortSettings.Create(Netsh, arguments =>
            arguments[3] == "dynamicport" && arguments[1] == "ipv6" && arguments[4] == "tcp"
                ? throw new InvalidOperationException("boom")
                : Output(arguments[3] == "dynamicport" ? "dynamicport-udp-en-hyperv.txt" : "excludedportrange-udp-en-empty.txt"));

        Assert.Equal(PortInterval.Parse("1025-65534"), settings.EphemeralRange(Transport.Tcp));
        Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(Transport.Tcp, AddressFamily.InterNetworkV6));
        HostSettingProvenance failed = Assert.Single(settings.Provenance, s => s.Origin == HostSettingOrigin.Default);
        Assert.Equal(HostSettingFallback.Unreadable, failed.Fallback);
        Assert.StartsWith("netsh could not be run (InvalidOperationException: boom).", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BatchThrows_EveryValueFallsBackAsUnreadable()
    {
        HostPortSettings settings = WindowsHostPortSettings.Create(Netsh, (string[][] _) => throw new AggregateException("boom"));

        AssertDefaults(settings, HostSettingFallback.Unreadable);
    }

    [Fact]
    public void CreateUnreadable_Exception_GivesDefaultsWithTheReason()
    {
        HostPortSettings settings = WindowsHostPortSettings.CreateUnreadable(new IOException("pipe broke"));

        Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(Transport.Udp));
        Assert.All(settings.Provenance.Where(s => s.Origin == HostSettingOrigin.Default), s =>
        {
            Assert.Equal(HostSettingFallback.Unreadable, s.Fallback);
            Assert.StartsWith("netsh could not be run (IOException: pipe broke).", s.Reason, StringComparison.Ordinal);
        });
    }

    private static NetshResult Output(string fixture) => new(HostFixtures.Windows(fixture), HostSettingFallback.None, null);

    private static void AssertDefaults(HostPortSettings settings, HostSettingFallback fallback)
    {
        foreach (Transport transport in new[] { Transport.Tcp, Transport.Udp })
        {
            Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(transport));
            Assert.Equal(PortInterval.Parse("49152-65535"), settings.EphemeralRange(transport, AddressFamily.InterNetworkV6));
            Assert.Empty(settings.Reserved(transport));
        }

        Assert.Equal(6, settings.Provenance.Count(s => s.Origin == HostSettingOrigin.Default));
        Assert.All(settings.Provenance.Where(s => s.Origin == HostSettingOrigin.Default), s =>
        {
            Assert.Equal(fallback, s.Fallback);
            Assert.StartsWith(Netsh + " int ", s.Location, StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(s.Reason));
        });
    }
}
