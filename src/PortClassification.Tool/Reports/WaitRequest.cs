using System;
using System.Net;

namespace PortClassification.Tool.Reports;

/// <summary>What <c>portclass wait</c> was asked.</summary>
/// <param name="Port">The port.</param>
/// <param name="Address">The address, or <see langword="null"/> for both loopbacks.</param>
/// <param name="Timeout">How long to wait.</param>
/// <param name="Check">What counts as ready.</param>
internal sealed record WaitRequest(PortNumber Port, IPAddress? Address, TimeSpan Timeout, ListenerCheck Check);
