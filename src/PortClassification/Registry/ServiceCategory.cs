namespace PortClassification;

/// <summary>
/// What kind of software a known use is, as the curated table of known uses classifies it
/// (<see cref="ServiceEntry.Category"/>).
/// </summary>
/// <remarks>The table's CSV writes these in kebab case: <c>dev-server</c>, <c>message-broker</c>, <c>ai-ml</c> ….</remarks>
public enum ServiceCategory
{
    /// <summary>Not classified: IANA, host and most user entries.</summary>
    None = 0,

    /// <summary>A development server or framework's local server (Vite, Django's runserver …).</summary>
    DevServer,

    /// <summary>A web server or its admin interface.</summary>
    WebServer,

    /// <summary>An application server or runtime.</summary>
    AppServer,

    /// <summary>A database server.</summary>
    Database,

    /// <summary>A cache or in-memory key-value store.</summary>
    Cache,

    /// <summary>A search engine.</summary>
    Search,

    /// <summary>A message broker or event streaming platform.</summary>
    MessageBroker,

    /// <summary>A cluster orchestrator, service discovery or coordination service.</summary>
    Orchestration,

    /// <summary>A container runtime or registry.</summary>
    Container,

    /// <summary>Monitoring, metrics, logging or tracing.</summary>
    Observability,

    /// <summary>Continuous integration or delivery.</summary>
    CiCd,

    /// <summary>A VPN or tunnel.</summary>
    Vpn,

    /// <summary>A proxy or load balancer.</summary>
    Proxy,

    /// <summary>Remote desktop, shell or management.</summary>
    RemoteAccess,

    /// <summary>File transfer, sharing or synchronisation.</summary>
    FileTransfer,

    /// <summary>Mail.</summary>
    Mail,

    /// <summary>A directory, naming or authentication service.</summary>
    Directory,

    /// <summary>Voice, video or chat.</summary>
    Voip,

    /// <summary>Internet of things and home automation.</summary>
    Iot,

    /// <summary>A peer-to-peer network.</summary>
    PeerToPeer,

    /// <summary>A blockchain node.</summary>
    Blockchain,

    /// <summary>A game server.</summary>
    Game,

    /// <summary>A media or home server.</summary>
    Media,

    /// <summary>An AI or machine-learning tool.</summary>
    AiMl,

    /// <summary>A service of the operating system itself.</summary>
    OsService,

    /// <summary>A security tool.</summary>
    Security,

    /// <summary>Anything else.</summary>
    Other,
}
