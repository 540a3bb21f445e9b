using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Registry;

/// <summary>Checks the registry against this machine's own services file.</summary>
public class HostServicesFileTests
{
    internal const string EtcServices = "/etc/services";

    /// <summary>
    /// Debian's netbase /etc/services names services that IANA lists under no name or another name on that
    /// port (zebra 2601, webmin 10000, spamd 783 …); the known uses must name every one of them.
    /// </summary>
    [EtcServicesFact]
    public void EveryTcpAndUdpRowOfEtcServices_IsFoundByNameOnItsPort()
    {
        IReadOnlyList<ServiceEntry> rows;
        using (FileStream stream = File.OpenRead(EtcServices))
        {
            rows = ServiceRegistry.LoadServicesFile(stream);
        }

        Assert.NotEmpty(rows);
        var missing = new List<string>();
        foreach (ServiceEntry row in rows.Where(r => r.Transport is Transport.Tcp or Transport.Udp))
        {
            string[] names = [row.Name, .. row.Aliases];
            bool found = ServiceRegistry.Default.Lookup(row.Ports.First, row.Transport).Any(e =>
                names.Any(n => string.Equals(n, e.Name, StringComparison.OrdinalIgnoreCase) ||
                    e.Aliases.Contains(n, StringComparer.OrdinalIgnoreCase)));
            if (!found)
            {
                missing.Add(row.ToString());
            }
        }

        Assert.True(missing.Count == 0, $"{missing.Count} rows of {EtcServices} have no entry of that name on their port: {string.Join(", ", missing)}");
    }
}

/// <summary>A fact that needs <c>/etc/services</c>; skipped where the file does not exist (Windows, minimal containers).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class EtcServicesFactAttribute : FactAttribute
{
    public EtcServicesFactAttribute()
    {
        if (!File.Exists(HostServicesFileTests.EtcServices))
        {
            Skip = $"{HostServicesFileTests.EtcServices} does not exist on this machine.";
        }
    }
}
