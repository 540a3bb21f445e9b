using System.Net.Sockets;
using System.Text;

namespace PortClassification;

/// <summary>
/// Where one value of <see cref="HostPortSettings"/> came from: the setting, the value used, and the file,
/// sysctl or command it was read from, or the default used and why.
/// </summary>
/// <remarks>
/// Meant for diagnostics: the <c>portclass</c> tool prints these, and a test that gets an unexpected port
/// can log them. This type is immutable and thread-safe.
/// </remarks>
public sealed class HostSettingProvenance
{
    internal HostSettingProvenance(
        HostSetting setting,
        Transport? transport,
        AddressFamily? addressFamily,
        HostSettingOrigin origin,
        string location,
        string value,
        HostSettingFallback fallback = HostSettingFallback.None,
        string? reason = null)
    {
        Setting = setting;
        Transport = transport;
        AddressFamily = addressFamily;
        Origin = origin;
        Location = location;
        Value = value;
        Fallback = fallback;
        Reason = reason;
    }

    /// <summary>Gets the setting this record describes.</summary>
    public HostSetting Setting { get; }

    /// <summary>Gets the transport the value applies to, or <see langword="null"/> when it applies to every transport.</summary>
    public Transport? Transport { get; }

    /// <summary>
    /// Gets the IP version the value applies to (<see cref="System.Net.Sockets.AddressFamily.InterNetwork"/> or
    /// <see cref="System.Net.Sockets.AddressFamily.InterNetworkV6"/>), or <see langword="null"/> when it applies to both.
    /// </summary>
    public AddressFamily? AddressFamily { get; }

    /// <summary>Gets the kind of place the value came from.</summary>
    public HostSettingOrigin Origin { get; }

    /// <summary>
    /// Gets the place itself: a file path, a sysctl name or a command line. For a default, the place that
    /// was tried; empty when the platform has none.
    /// </summary>
    public string Location { get; }

    /// <summary>Gets the value in use, as text (for example <c>"32768-60999"</c>, <c>"41300,41400-41410"</c>, or empty for no ports).</summary>
    public string Value { get; }

    /// <summary>Gets why a default was used, or <see cref="HostSettingFallback.None"/> when the value was read.</summary>
    public HostSettingFallback Fallback { get; }

    /// <summary>Gets a sentence that explains the fallback or a fixed value, or <see langword="null"/> when there is nothing to explain.</summary>
    public string? Reason { get; }

    /// <summary>Returns a one-line description, for example <c>EphemeralRange = 32768-60999 (File /proc/sys/net/ipv4/ip_local_port_range)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Setting.ToString());
        if (Transport is { } transport)
        {
            text.Append(' ').Append(transport.ToString().ToUpperInvariant());
        }

        if (AddressFamily is { } family)
        {
            text.Append(family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? " IPv6" : " IPv4");
        }

        text.Append(" = ").Append(Value.Length == 0 ? "(none)" : Value);
        text.Append(" (").Append(Origin.ToString());
        if (Location.Length != 0)
        {
            text.Append(' ').Append(Location);
        }

        text.Append(')');
        if (Fallback != HostSettingFallback.None)
        {
            text.Append(" [").Append(Fallback.ToString()).Append(']');
        }

        if (Reason is not null)
        {
            text.Append(": ").Append(Reason);
        }

        return text.ToString();
    }
}
