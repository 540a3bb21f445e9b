using System.Text.Json;
using Xunit;

namespace PortClassification.Tool.Tests.Support;

/// <summary>Checks the shapes the README documents for the tool's JSON.</summary>
internal static class JsonAssert
{
    /// <summary>Asserts that an object has exactly these properties, in this order.</summary>
    /// <param name="element">The object.</param>
    /// <param name="names">The property names.</param>
    public static void Properties(JsonElement element, params string[] names)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal(names, element.EnumerateObject().Select(p => p.Name));
    }

    /// <summary>Asserts the shape of a service object.</summary>
    /// <param name="service">The object.</param>
    public static void Service(JsonElement service)
    {
        Properties(service, "name", "transport", "ports", "origin", "description", "reference", "unauthorizedUse", "note", "source", "category", "platforms", "aliases");
        Assert.Equal(JsonValueKind.Array, service.GetProperty("platforms").ValueKind);
        Assert.Equal(JsonValueKind.Array, service.GetProperty("aliases").ValueKind);
        Assert.Equal(JsonValueKind.String, service.GetProperty("name").ValueKind);
        Assert.Contains(service.GetProperty("origin").GetString(), new[] { "iana", "knownUse", "user", "host" });
        Properties(service.GetProperty("ports"), "first", "last");
        Assert.True(service.GetProperty("ports").GetProperty("first").GetInt32() <= service.GetProperty("ports").GetProperty("last").GetInt32());
    }

    /// <summary>Asserts the shape of a listener object.</summary>
    /// <param name="listener">The object.</param>
    public static void Listener(JsonElement listener)
    {
        Properties(listener, "transport", "address", "port", "family", "pid", "process", "uid", "inode", "service");
        Assert.Contains(listener.GetProperty("transport").GetString(), new[] { "tcp", "udp" });
        Assert.Contains(listener.GetProperty("family").GetString(), new[] { "ipv4", "ipv6" });
        Assert.InRange(listener.GetProperty("port").GetInt32(), 0, 65535);
        Assert.Contains(listener.GetProperty("pid").ValueKind, new[] { JsonValueKind.Number, JsonValueKind.Null });
        Assert.Contains(listener.GetProperty("process").ValueKind, new[] { JsonValueKind.String, JsonValueKind.Null });
    }
}
