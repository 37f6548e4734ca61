namespace MarketMicro.TestSupport;

/// <summary>A fresh folder under the system temp path, deleted on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
        : this(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "marketmicro-tests", Guid.NewGuid().ToString("N")))
    {
    }

    /// <summary>Wraps an existing folder (for example to reopen a data directory).</summary>
    public TemporaryDirectory(string path)
    {
        Path = path;
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a stopping silo; the temp folder is cleaned by the OS eventually.
        }
    }
}
