namespace PortClassification.Tool.Tests.Support;

/// <summary>A string writer that completes a task when a line containing a given text is written: lets a test act once the tool has reached a point.</summary>
internal sealed class SignallingWriter : StringWriter
{
    private readonly Lock _gate = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waits = [];

    public SignallingWriter() => NewLine = "\n";

    /// <summary>Gets a task that completes when a line containing <paramref name="text"/> has been written.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The task.</returns>
    public Task WhenWritten(string text)
    {
        lock (_gate)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (ToString().Contains(text, StringComparison.Ordinal))
            {
                seen.SetResult();
            }
            else
            {
                _waits.Add((text, seen));
            }

            return seen.Task;
        }
    }

    /// <inheritdoc/>
    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            base.WriteLine(value);
            string all = ToString();
            _waits.RemoveAll(w => all.Contains(w.Text, StringComparison.Ordinal) && w.Seen.TrySetResult());
        }
    }
}
