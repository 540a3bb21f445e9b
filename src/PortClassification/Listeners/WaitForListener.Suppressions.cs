using System.Diagnostics.CodeAnalysis;

// WaitForListenerAsync has two overloads with optional parameters: the plain connect wait, and the one that takes a
// ListenerCheck. A call can never be ambiguous (the check is a required parameter of its own type), and both are
// unshipped, so the binary-compatibility concern behind RS0026/RS0027 does not apply.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Scope = "type", Target = "~T:PortClassification.PortLease", Justification = "The ListenerCheck overload is unambiguous; see WaitForListener.Suppressions.cs.")]
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Scope = "type", Target = "~T:PortClassification.Listeners", Justification = "The ListenerCheck overload is unambiguous; see WaitForListener.Suppressions.cs.")]
[assembly: SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Scope = "type", Target = "~T:PortClassification.PortLease", Justification = "The ListenerCheck overload is unambiguous; see WaitForListener.Suppressions.cs.")]
