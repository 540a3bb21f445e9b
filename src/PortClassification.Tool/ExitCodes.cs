namespace PortClassification.Tool;

/// <summary>The tool's exit codes (documented in the README).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>Nothing found (<c>lookup</c>), or the operation failed (no free port, the OS refused).</summary>
    public const int Failure = 1;

    /// <summary>The command line is invalid: bad port, unknown option or command.</summary>
    public const int Usage = 2;
}
