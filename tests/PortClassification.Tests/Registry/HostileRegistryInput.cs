using System.Text;

namespace PortClassification.Tests.Registry;

/// <summary>
/// A read-only stream of a prefix, a pattern repeated up to a length, and a suffix, generated as it is read — so a test
/// can feed hundreds of megabytes without holding them. Reading more than a budget throws, so a reader that does not
/// stop early fails the test quickly instead of running for minutes.
/// </summary>
internal sealed class HostileRegistryInput : Stream
{
    private readonly byte[] _prefix;
    private readonly byte[] _pattern;
    private readonly byte[] _suffix;
    private readonly long _length;
    private readonly long _budget;
    private long _position;

    public HostileRegistryInput(string prefix, string pattern, long patternBytes, string suffix, long budget)
    {
        _prefix = Encoding.UTF8.GetBytes(prefix);
        _pattern = Encoding.UTF8.GetBytes(pattern);
        _suffix = Encoding.UTF8.GetBytes(suffix);
        _length = _prefix.Length + patternBytes + _suffix.Length;
        _budget = budget;
    }

    /// <summary>Gets how many bytes the reader took.</summary>
    public long BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _budget)
        {
            throw new InvalidOperationException($"The reader read more than {_budget} bytes of hostile input without giving up.");
        }

        int written = 0;
        while (written < buffer.Length && _position < _length)
        {
            long suffixStart = _length - _suffix.Length;
            byte b = _position < _prefix.Length ? _prefix[_position]
                : _position >= suffixStart ? _suffix[_position - suffixStart]
                : _pattern[(_position - _prefix.Length) % _pattern.Length];
            buffer[written++] = b;
            _position++;
        }

        return written;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
