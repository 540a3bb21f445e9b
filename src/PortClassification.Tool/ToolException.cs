using System;

namespace PortClassification.Tool;

/// <summary>A failure to report as one line on standard error, with an exit code, and no stack trace.</summary>
internal sealed class ToolException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    /// <param name="message">One sentence saying what failed and why.</param>
    /// <param name="exitCode">The exit code.</param>
    public ToolException(string message, int exitCode = ExitCodes.Failure)
        : base(message) => ExitCode = exitCode;

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    public ToolException()
        : this("portclass failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    /// <param name="message">One sentence saying what failed and why.</param>
    public ToolException(string message)
        : this(message, ExitCodes.Failure)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ToolException"/> class.</summary>
    /// <param name="message">One sentence saying what failed and why.</param>
    /// <param name="innerException">The cause.</param>
    public ToolException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.Failure;

    /// <summary>Gets the exit code.</summary>
    public int ExitCode { get; }
}
