using System.IO;

namespace RnnCodegen.Tests.Serialization;

/// <summary>A forward-only stream (as a socket or a pipe is) that hands out at most a few bytes per read.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    private const int MaxBytesPerRead = 3;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, MaxBytesPerRead));

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// A stream on a disk with room for <paramref name="capacity"/> bytes: it passes writes through until they would
/// exceed the capacity, writes what still fits and throws; a flush on a full disk throws too.
/// </summary>
internal sealed class FullDiskStream(Stream inner, long capacity) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        int fits = (int)Math.Min(count, capacity - _written);
        inner.Write(buffer, offset, fits);
        _written += fits;
        if (fits < count)
        {
            throw new IOException($"No space left on the device (simulated after {capacity} bytes).");
        }
    }

    public override void Flush()
    {
        if (_written == capacity)
        {
            throw new IOException($"No space left on the device (simulated: flush after {capacity} bytes).");
        }

        inner.Flush();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
