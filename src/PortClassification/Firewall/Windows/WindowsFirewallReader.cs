using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using System.Runtime.Versioning;
using System.Threading;

namespace PortClassification;

/// <summary>
/// Reads Windows Defender Firewall through <c>HNetCfg.FwPolicy2</c> (<c>INetFwPolicy2</c>, in-process in
/// FirewallAPI.dll): the current profiles with their settings and every rule. Runs on a thread of its own that joins the
/// multithreaded apartment, so the caller's apartment does not matter. Failed calls become
/// <see cref="WindowsFirewallPolicy.Failure"/> with the HRESULT, never an exception.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsFirewallReader
{
    private static readonly Guid ClsidNetFwPolicy2 = new("E2B3C97F-6AE1-41AC-817A-F6F92166D7DD");
    private static readonly Guid IidINetFwPolicy2 = new("98325047-C671-4174-8D81-DEFCD3F03186");
    private static readonly Guid IidIEnumVariant = new("00020404-0000-0000-C000-000000000046");
    private static readonly Guid IidINetFwRule = new("AF230D27-BABA-4E42-ACED-F524F22CFCE2");
    private const int SFalse = 1;

    public static WindowsFirewallPolicy Read()
    {
        WindowsFirewallPolicy? result = null;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            int init = Interop.Ole32.CoInitializeEx(0, Interop.Ole32.CoinitMultithreaded);
            try
            {
                result = ReadOnThisThread();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (init >= 0)
                {
                    Interop.Ole32.CoUninitialize();
                }
            }
        })
        {
            IsBackground = true,
            Name = "Windows Firewall reader",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result!;
    }

    private static string Failed(string call, int hresult) =>
        string.Create(CultureInfo.InvariantCulture, $"Windows Firewall could not be read: {call} failed with HRESULT 0x{hresult:X8}.");

    private static unsafe WindowsFirewallPolicy ReadOnThisThread()
    {
        var wrappers = new StrategyBasedComWrappers();
        Guid clsid = ClsidNetFwPolicy2, iid = IidINetFwPolicy2;
        nint raw;
        int hr = Interop.Ole32.CoCreateInstance(&clsid, 0, Interop.Ole32.ClsctxInprocServer, &iid, &raw);
        if (hr < 0)
        {
            return new WindowsFirewallPolicy([], [], Failed("CoCreateInstance(HNetCfg.FwPolicy2)", hr));
        }

        var policy = (INetFwPolicy2)wrappers.GetOrCreateObjectForComInstance(raw, CreateObjectFlags.None);
        Marshal.Release(raw);

        // Rules first, then the profiles: under Wine the rules read (as an empty list) while the profile state fails.
        if ((hr = policy.GetRules(out nint rulesRaw)) < 0)
        {
            return new WindowsFirewallPolicy([], [], Failed("INetFwPolicy2.Rules", hr));
        }

        var rules = (INetFwRules)wrappers.GetOrCreateObjectForComInstance(rulesRaw, CreateObjectFlags.None);
        Marshal.Release(rulesRaw);
        if ((hr = rules.GetNewEnum(out nint enumRaw)) < 0)
        {
            return new WindowsFirewallPolicy([], [], Failed("INetFwRules._NewEnum", hr));
        }

        Guid enumIid = IidIEnumVariant;
        hr = Marshal.QueryInterface(enumRaw, in enumIid, out nint enumVariantRaw);
        Marshal.Release(enumRaw);
        if (hr < 0)
        {
            return new WindowsFirewallPolicy([], [], Failed("QueryInterface(IEnumVARIANT)", hr));
        }

        var enumerator = (IEnumVariant)wrappers.GetOrCreateObjectForComInstance(enumVariantRaw, CreateObjectFlags.None);
        Marshal.Release(enumVariantRaw);
        var list = new List<WindowsFirewallRule>();
        while (true)
        {
            Interop.OleAut32.Variant item = default;
            hr = enumerator.Next(1, &item, out uint fetched);
            if (hr < 0)
            {
                return new WindowsFirewallPolicy([], list, Failed("IEnumVARIANT.Next", hr));
            }

            if (hr == SFalse || fetched == 0)
            {
                break;
            }

            try
            {
                if (item.Type != Interop.OleAut32.VtDispatch || item.Value == 0)
                {
                    continue;
                }

                Guid ruleIid = IidINetFwRule;
                if ((hr = Marshal.QueryInterface(item.Value, in ruleIid, out nint ruleRaw)) < 0)
                {
                    return new WindowsFirewallPolicy([], list, Failed("QueryInterface(INetFwRule)", hr));
                }

                var rule = (INetFwRule)wrappers.GetOrCreateObjectForComInstance(ruleRaw, CreateObjectFlags.None);
                Marshal.Release(ruleRaw);
                if (ReadRule(rule, out WindowsFirewallRule? read, out string? error))
                {
                    list.Add(read);
                }
                else
                {
                    return new WindowsFirewallPolicy([], list, error);
                }
            }
            finally
            {
                _ = Interop.OleAut32.VariantClear(&item);
            }
        }

        if ((hr = policy.GetCurrentProfileTypes(out int current)) < 0)
        {
            return new WindowsFirewallPolicy([], list, Failed("INetFwPolicy2.CurrentProfileTypes", hr)
                + string.Create(CultureInfo.InvariantCulture, $" ({list.Count} rules were read.)"));
        }

        var profiles = new List<WindowsFirewallProfile>();
        foreach (int bit in (ReadOnlySpan<int>)[1, 2, 4])
        {
            if ((current & bit) == 0)
            {
                continue;
            }

            // Each setting is read on its own: one that fails leaves that profile's verdict unknown.
            bool? enabled = policy.GetFirewallEnabled(bit, out short on) >= 0 ? on != 0 : null;
            bool? blockAll = policy.GetBlockAllInboundTraffic(bit, out short block) >= 0 ? block != 0 : null;
            int? defaultAction = policy.GetDefaultInboundAction(bit, out int action) >= 0 ? action : null;
            profiles.Add(new WindowsFirewallProfile(bit, enabled, blockAll, defaultAction));
        }

        return new WindowsFirewallPolicy(profiles, list, null);
    }

    private static unsafe bool ReadRule(INetFwRule rule, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out WindowsFirewallRule? read, out string? error)
    {
        read = null;
        error = null;
        int failed = 0;
        string? failedCall = null;
        string? Text(int hr, nint bstr, string call)
        {
            if (hr < 0)
            {
                (failed, failedCall) = (hr, call);
                return null;
            }

            string? value = bstr == 0 ? null : Marshal.PtrToStringBSTR(bstr);
            Marshal.FreeBSTR(bstr);
            return value;
        }

        int Number(int hr, int value, string call)
        {
            if (hr < 0)
            {
                (failed, failedCall) = (hr, call);
            }

            return value;
        }

        string? name = Text(rule.GetName(out nint n), n, "INetFwRule.Name");
        string? application = Text(rule.GetApplicationName(out nint a), a, "INetFwRule.ApplicationName");
        string? service = Text(rule.GetServiceName(out nint s), s, "INetFwRule.ServiceName");
        int protocol = Number(rule.GetProtocol(out int p), p, "INetFwRule.Protocol");
        string? localPorts = Text(rule.GetLocalPorts(out nint lp), lp, "INetFwRule.LocalPorts");
        string? localAddresses = Text(rule.GetLocalAddresses(out nint la), la, "INetFwRule.LocalAddresses");
        string? remoteAddresses = Text(rule.GetRemoteAddresses(out nint ra), ra, "INetFwRule.RemoteAddresses");
        int direction = Number(rule.GetDirection(out int d), d, "INetFwRule.Direction");
        Interop.OleAut32.Variant interfaces = default;
        int hr = rule.GetInterfaces(&interfaces);
        bool hasInterfaces = hr < 0 || interfaces.Type != Interop.OleAut32.VtEmpty;
        _ = Interop.OleAut32.VariantClear(&interfaces);
        string? interfaceTypes = Text(rule.GetInterfaceTypes(out nint it), it, "INetFwRule.InterfaceTypes");
        int enabled = Number(rule.GetEnabled(out short e), e, "INetFwRule.Enabled");
        int profiles = Number(rule.GetProfiles(out int pr), pr, "INetFwRule.Profiles");
        int action = Number(rule.GetAction(out int ac), ac, "INetFwRule.Action");
        if (failedCall is not null)
        {
            error = Failed(failedCall, failed);
            return false;
        }

        read = new WindowsFirewallRule(name ?? string.Empty, enabled != 0, direction, protocol, localPorts, remoteAddresses, localAddresses,
            profiles, action, application, service, interfaceTypes, hasInterfaces);
        return true;
    }
}
