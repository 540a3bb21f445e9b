using System;
using PortClassification;

/// <summary>
/// Reads Windows Defender Firewall through the library's source-generated COM (INetFwPolicy2) and prints the report.
/// Real Windows must give a verdict from windows-firewall; Wine implements only an empty rule list and answers
/// E_NOTIMPL for the profile state, so there the honest verdict is Unknown with the HRESULT.
/// </summary>
internal static class FirewallSmoke
{
    public static void Check(Checks checks, bool wine)
    {
        FirewallReport report;
        try
        {
            report = HostFirewall.Check(new PortNumber(8080));
        }
        catch (Exception e)
        {
            checks.That("HostFirewall.Check returns a report", false, $"{e.GetType().Name}: {e.Message}");
            return;
        }

        Console.WriteLine($"     firewall: {report} [rules: {string.Join(" | ", report.Rules)}]");
        checks.That("HostFirewall.Check names windows-firewall as its source", report.Firewall == "windows-firewall", report.Firewall);
        if (wine)
        {
            checks.That("under Wine the firewall verdict is Unknown with the reason", report.Verdict == FirewallVerdict.Unknown && report.Summary.Length > 0, report.ToString());
        }
        else
        {
            checks.That("on Windows the firewall verdict comes from the rules", report.Verdict != FirewallVerdict.Unknown, report.ToString());
        }
    }
}
