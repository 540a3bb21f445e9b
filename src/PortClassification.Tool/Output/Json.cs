using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PortClassification.Tool.Reports;

namespace PortClassification.Tool.Output;

/// <summary>
/// Writes the tool's JSON documents with <see cref="Utf8JsonWriter"/> (no reflection, so trimming and
/// NativeAOT are safe) and the shapes the documents share. The schema is documented in the README;
/// keys are lower camel case and always present (<see langword="null"/> when unknown).
/// </summary>
internal static class Json
{
    /// <summary>The version of the schema, written as <c>schemaVersion</c> in every document; bumped only on a breaking change.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Not HTML: keep '+', '<', '&' and non-ASCII text (IANA descriptions) readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes one JSON object document, followed by a newline.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="body">Writes the object's properties; <c>schemaVersion</c> is written first.</param>
    public static void WriteDocument(TextWriter output, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", SchemaVersion);
            body(writer);
            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        output.Flush();
    }

    /// <summary>Writes <c>"name": {"first": a, "last": b}</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="interval">The interval, or <see langword="null"/> to write <c>null</c>.</param>
    public static void WriteInterval(Utf8JsonWriter writer, string name, PortInterval? interval)
    {
        writer.WritePropertyName(name);
        WriteInterval(writer, interval);
    }

    /// <summary>Writes <c>{"first": a, "last": b}</c> as a value.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="interval">The interval, or <see langword="null"/> to write <c>null</c>.</param>
    public static void WriteInterval(Utf8JsonWriter writer, PortInterval? interval)
    {
        if (interval is not { } i)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("first", i.First.Value);
        writer.WriteNumber("last", i.Last.Value);
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>"name": [service, …]</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="services">The services.</param>
    public static void WriteServices(Utf8JsonWriter writer, string name, IEnumerable<ServiceInfo> services)
    {
        writer.WriteStartArray(name);
        foreach (ServiceInfo service in services)
        {
            WriteService(writer, service);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes <c>"name": ["a", …]</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="values">The strings.</param>
    public static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (string value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a service entry object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="service">The service.</param>
    public static void WriteService(Utf8JsonWriter writer, ServiceInfo service)
    {
        writer.WriteStartObject();
        writer.WriteString("name", service.Name);
        writer.WriteString("transport", service.Transport is { } t ? TransportNames.Format(t) : null);
        WriteInterval(writer, "ports", service.Ports);
        writer.WriteString("origin", Names.Of(service.Origin));
        writer.WriteString("description", service.Description);
        writer.WriteString("reference", service.Reference);
        writer.WriteString("unauthorizedUse", service.UnauthorizedUse);
        writer.WriteString("note", service.Note);
        writer.WriteString("source", service.Source);
        writer.WriteString("category", service.Category);
        WriteStrings(writer, "platforms", service.Platforms ?? ["linux", "macos", "windows"]);
        WriteStrings(writer, "aliases", service.Aliases);
        writer.WriteEndObject();
    }

    /// <summary>Writes the properties of a listener section: <c>source</c>, <c>complete</c>, <c>warnings</c>, <c>unknownOwners</c>, <c>listeners</c>.</summary>
    /// <param name="writer">The writer, inside an object.</param>
    /// <param name="section">The section.</param>
    public static void WriteListenerSectionProperties(Utf8JsonWriter writer, ListenerSection section)
    {
        writer.WriteString("source", section.Source);
        writer.WriteBoolean("complete", section.IsComplete);
        WriteStrings(writer, "warnings", section.Warnings);
        writer.WriteNumber("unknownOwners", section.UnknownOwners);
        writer.WriteStartArray("listeners");
        foreach (ListenerRow row in section.Rows)
        {
            WriteListener(writer, row);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a listener object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="row">The listener and its service.</param>
    public static void WriteListener(Utf8JsonWriter writer, ListenerRow row)
    {
        Listener listener = row.Listener;
        writer.WriteStartObject();
        writer.WriteString("transport", TransportNames.Format(listener.Transport));
        writer.WriteString("address", listener.LocalEndPoint.Address.ToString());
        writer.WriteNumber("port", listener.Port.Value);
        writer.WriteString("family", listener.LocalEndPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "ipv4" : "ipv6");
        WriteNullableNumber(writer, "pid", listener.ProcessId);
        writer.WriteString("process", listener.ProcessName);
        WriteNullableNumber(writer, "uid", listener.UserId);
        if (listener.SocketInode is { } inode)
        {
            writer.WriteNumber("inode", inode);
        }
        else
        {
            writer.WriteNull("inode");
        }

        writer.WriteString("service", row.Service);
        writer.WriteEndObject();
    }

    /// <summary>Writes a number, or <c>null</c>.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The value.</param>
    public static void WriteNullableNumber(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
