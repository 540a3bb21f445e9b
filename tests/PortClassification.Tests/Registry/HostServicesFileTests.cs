using PortClassification.Tests.Support;
using Xunit;

namespace PortClassification.Tests.Registry;

/// <summary>Checks the registry against this machine's own services file.</summary>
public class HostServicesFileTests
{
    internal const string EtcServices = "/etc/services";

    /// <summary>
    /// Debian netbase rows that no known use covers yet, because no primary source (the software's own
    /// documentation or source) was verified for them. The test fails when this list is out of date in
    /// either direction: a new gap, or a row that is now covered and must be struck off.
    /// </summary>
    private static readonly string[] NotYetSourced =
    [
        "netstat 15/tcp", "fsp 21/udp", "z3950 210/tcp", "datametrics 1645/tcp", "sip-tls 5061/udp", "bbs 7000/tcp",
        "kerberos4 750/tcp", "kerberos-master 751/udp", "kerberos-master 751/tcp", "passwd-server 752/udp",
        "supfilesrv 871/tcp", "supfiledbg 1127/tcp", "moira-db 775/tcp", "moira-update 777/tcp", "moira-ureg 779/udp",
        "rmtcfg 1236/tcp", "xtel 1313/tcp", "xtelw 1314/tcp", "fax 4557/tcp", "tproxy 8081/tcp",
        "omniorb 8088/tcp", "clc-build-daemon 8990/tcp", "xinetd 9098/tcp", "zope 9673/tcp", "kamanda 10081/tcp",
        "amandaidx 10082/tcp", "amidxtape 10083/tcp", "sgi-cmsd 17001/udp", "sgi-crsd 17002/udp", "sgi-gcd 17003/udp",
        "sgi-cad 17004/tcp", "asp 27374/tcp", "asp 27374/udp", "tfido 60177/tcp", "fido 60179/tcp",
    ];

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

        // Rows of another file version that this list does not name still fail: only known gaps pass.
        string[] unexpected = [.. missing.Except(NotYetSourced)];
        string[] nowCovered = [.. NotYetSourced.Where(r => rows.Any(row => row.ToString() == r) && !missing.Contains(r))];
        Assert.True(unexpected.Length == 0, $"{unexpected.Length} rows of {EtcServices} have no entry of that name on their port: {string.Join(", ", unexpected)}");
        Assert.True(nowCovered.Length == 0, $"these rows are covered now; strike them from NotYetSourced: {string.Join(", ", nowCovered)}");
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
