using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace PortClassification;

// Source-generated COM for the Windows Firewall API (netfw.h / wine include/netfw.idl). The interfaces are dual (IDispatch);
// the generator supports IUnknown-based ones only, so the four IDispatch slots (3-6) and every property setter up to the
// last slot used are declared as placeholders that are never called: the generator cannot skip vtable slots.
// Slot order: research/firewall.md 5.2 (checked against Wine's vtables). Every getter keeps its HRESULT ([PreserveSig])
// so "not implemented here" (Wine answers E_NOTIMPL) becomes an honest "not readable", not an exception.

/// <summary><c>INetFwPolicy2</c>.</summary>
[GeneratedComInterface]
[Guid("98325047-C671-4174-8D81-DEFCD3F03186")]
internal partial interface INetFwPolicy2
{
    [PreserveSig] int GetTypeInfoCount();
    [PreserveSig] int GetTypeInfo();
    [PreserveSig] int GetIDsOfNames();
    [PreserveSig] int Invoke();
    [PreserveSig] int GetCurrentProfileTypes(out int profiles);
    [PreserveSig] int GetFirewallEnabled(int profile, out short enabled);
    [PreserveSig] int PutFirewallEnabled();
    [PreserveSig] int GetExcludedInterfaces();
    [PreserveSig] int PutExcludedInterfaces();
    [PreserveSig] int GetBlockAllInboundTraffic(int profile, out short block);
    [PreserveSig] int PutBlockAllInboundTraffic();
    [PreserveSig] int GetNotificationsDisabled();
    [PreserveSig] int PutNotificationsDisabled();
    [PreserveSig] int GetUnicastResponsesDisabled();
    [PreserveSig] int PutUnicastResponsesDisabled();
    [PreserveSig] int GetRules(out nint rules);
    [PreserveSig] int GetServiceRestriction();
    [PreserveSig] int EnableRuleGroup();
    [PreserveSig] int IsRuleGroupEnabled();
    [PreserveSig] int RestoreLocalFirewallDefaults();
    [PreserveSig] int GetDefaultInboundAction(int profile, out int action);
}

/// <summary><c>INetFwRules</c>.</summary>
[GeneratedComInterface]
[Guid("9C4C6277-5027-441E-AFAE-CA1F542DA009")]
internal partial interface INetFwRules
{
    [PreserveSig] int GetTypeInfoCount();
    [PreserveSig] int GetTypeInfo();
    [PreserveSig] int GetIDsOfNames();
    [PreserveSig] int Invoke();
    [PreserveSig] int GetCount(out int count);
    [PreserveSig] int Add();
    [PreserveSig] int Remove();
    [PreserveSig] int Item();
    [PreserveSig] int GetNewEnum(out nint enumerator);
}

/// <summary><c>INetFwRule</c>; strings come back as BSTRs the caller frees.</summary>
[GeneratedComInterface]
[Guid("AF230D27-BABA-4E42-ACED-F524F22CFCE2")]
internal unsafe partial interface INetFwRule
{
    [PreserveSig] int GetTypeInfoCount();
    [PreserveSig] int GetTypeInfo();
    [PreserveSig] int GetIDsOfNames();
    [PreserveSig] int Invoke();
    [PreserveSig] int GetName(out nint name);
    [PreserveSig] int PutName();
    [PreserveSig] int GetDescription(out nint description);
    [PreserveSig] int PutDescription();
    [PreserveSig] int GetApplicationName(out nint application);
    [PreserveSig] int PutApplicationName();
    [PreserveSig] int GetServiceName(out nint service);
    [PreserveSig] int PutServiceName();
    [PreserveSig] int GetProtocol(out int protocol);
    [PreserveSig] int PutProtocol();
    [PreserveSig] int GetLocalPorts(out nint ports);
    [PreserveSig] int PutLocalPorts();
    [PreserveSig] int GetRemotePorts(out nint ports);
    [PreserveSig] int PutRemotePorts();
    [PreserveSig] int GetLocalAddresses(out nint addresses);
    [PreserveSig] int PutLocalAddresses();
    [PreserveSig] int GetRemoteAddresses(out nint addresses);
    [PreserveSig] int PutRemoteAddresses();
    [PreserveSig] int GetIcmpTypesAndCodes(out nint icmp);
    [PreserveSig] int PutIcmpTypesAndCodes();
    [PreserveSig] int GetDirection(out int direction);
    [PreserveSig] int PutDirection();
    [PreserveSig] int GetInterfaces(Interop.OleAut32.Variant* interfaces);
    [PreserveSig] int PutInterfaces();
    [PreserveSig] int GetInterfaceTypes(out nint types);
    [PreserveSig] int PutInterfaceTypes();
    [PreserveSig] int GetEnabled(out short enabled);
    [PreserveSig] int PutEnabled();
    [PreserveSig] int GetGrouping(out nint grouping);
    [PreserveSig] int PutGrouping();
    [PreserveSig] int GetProfiles(out int profiles);
    [PreserveSig] int PutProfiles();
    [PreserveSig] int GetEdgeTraversal(out short edge);
    [PreserveSig] int PutEdgeTraversal();
    [PreserveSig] int GetAction(out int action);
}

/// <summary><c>IEnumVARIANT</c> (IUnknown-based).</summary>
[GeneratedComInterface]
[Guid("00020404-0000-0000-C000-000000000046")]
internal unsafe partial interface IEnumVariant
{
    [PreserveSig] int Next(uint count, Interop.OleAut32.Variant* items, out uint fetched);
}
