namespace PortClassification.Internal;

/// <summary>
/// Ports that well-known software uses by default although IANA has not assigned them to it: the
/// port is unassigned, in the Dynamic range, or assigned to an unrelated service.
/// </summary>
/// <remarks>
/// Each entry is written in this project's own words from the software's own documentation or
/// source, cited in a comment and in <see cref="ServiceEntry.Source"/>. Nothing here is taken from
/// Wikipedia or nmap (their licences do not allow it, and they are not primary sources). To add an
/// entry, cite the primary source the same way; quality over quantity.
/// </remarks>
internal static class UnofficialServices
{
    internal static ServiceEntry[] Create() =>
    [
        // CERTI (ONERA's HLA RTI): libCERTI/NetworkMessage.hh lines 39-40 define PORT_TCP_RTIG "60400"
        // and PORT_UDP_RTIG "60500"; RTIG/RTIG.cc (inferTcpPort/inferUdpPort) reads the overrides
        // CERTI_TCP_PORT and CERTI_UDP_PORT. Read at commit d6b48f36 of the etopzone/CERTI mirror.
        Entry("certi-rtig", 60400, Transport.Tcp,
            "CERTI HLA RTI gateway (RTIG): federates' RTIA processes connect here; override with CERTI_TCP_PORT",
            "CERTI source, libCERTI/NetworkMessage.hh line 39 (PORT_TCP_RTIG); RTIG/RTIG.cc inferTcpPort()"),
        Entry("certi-rtig", 60500, Transport.Udp,
            "CERTI HLA RTI gateway (RTIG), UDP channel; override with CERTI_UDP_PORT",
            "CERTI source, libCERTI/NetworkMessage.hh line 40 (PORT_UDP_RTIG); RTIG/RTIG.cc inferUdpPort()"),

        // Microsoft Learn, "Configure endpoints for the ASP.NET Core Kestrel web server": without any
        // endpoint configuration Kestrel binds http://localhost:5000. IANA assigns 5000 to commplex-main.
        Entry("aspnetcore-kestrel", 5000, Transport.Tcp,
            "ASP.NET Core Kestrel web server, HTTP, when no endpoint is configured",
            "https://learn.microsoft.com/aspnet/core/fundamentals/servers/kestrel/endpoints"),

        // Microsoft Learn, breaking change "Kestrel: Default HTTPS binding removed" (ASP.NET Core 7.0):
        // before .NET 7, with a development certificate and no endpoints configured, Kestrel also bound
        // https://localhost:5001 (added in 2.1, aspnet/KestrelHttpServer#2188). IANA: commplex-link.
        Entry("aspnetcore-kestrel-https", 5001, Transport.Tcp,
            "ASP.NET Core Kestrel web server, HTTPS, before .NET 7 when a development certificate is present",
            "https://learn.microsoft.com/dotnet/core/compatibility/aspnet-core/7.0/https-binding-kestrel"),

        // Vite's configuration reference, server.port: default 5173 since Vite 3 (vitejs/vite#8148,
        // which also notes that `vite preview` moved to 4173).
        Entry("vite-dev", 5173, Transport.Tcp,
            "Vite development server (next port tried when taken)",
            "https://vite.dev/config/server-options#server-port; https://github.com/vitejs/vite/pull/8148"),
        Entry("vite-preview", 4173, Transport.Tcp,
            "Vite preview server for a production build",
            "https://vite.dev/config/preview-options#preview-port; https://github.com/vitejs/vite/pull/8148"),

        // Angular CLI README: after `ng serve`, open http://localhost:4200/.
        Entry("angular-dev", 4200, Transport.Tcp,
            "Angular CLI development server (ng serve)",
            "https://github.com/angular/angular-cli/blob/main/README.md; https://angular.dev/cli/serve"),

        // Django reference, django-admin runserver: port 8000 on 127.0.0.1 by default
        // (DEFAULT_PORT = "8000" in django/core/management/commands/runserver.py). IANA: irdmi.
        Entry("django-runserver", 8000, Transport.Tcp,
            "Django development server (manage.py runserver)",
            "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver"),

        // jupyter-server(1): --port, "The port the Jupyter server will listen on. Default: 8888"
        // (ServerApp.port), trying up to 50 following ports when taken.
        Entry("jupyter", 8888, Transport.Tcp,
            "Jupyter Server, Notebook and JupyterLab web UI (next ports tried when taken)",
            "https://jupyter-server.readthedocs.io/en/latest/other/full-config.html (ServerApp.port); jupyter-server(1)"),

        // Prometheus, cmd/prometheus/main.go: the web.listen-address flag defaults to "0.0.0.0:9090".
        // IANA assigns 9090 to websm.
        Entry("prometheus", 9090, Transport.Tcp,
            "Prometheus server web UI, HTTP API and telemetry",
            "https://github.com/prometheus/prometheus/blob/main/cmd/prometheus/main.go (--web.listen-address)"),
    ];

    private static ServiceEntry Entry(string name, ushort port, Transport transport, string description, string source) =>
        new(name, new PortInterval(port), transport, description, ServiceOrigin.Unofficial) { Source = source };
}
