namespace Activa.IO;

/// <summary>
/// Writes a file so that readers (and a process killed half way) never see half of it: the content goes to a temporary
/// file beside the target ("NAME.tmp-…"), is flushed, then renamed over the target; on failure the temporary file is
/// deleted and any previous file is left intact. A killed process can leave the temporary file behind; training clears
/// such files from its run folder.
/// </summary>
/// <remarks>
/// Fault injection: with the environment variable <c>ACTIVA_FAULT_WRITE_PAUSE_MS</c> set, every write pauses that long
/// after writing its content and before the flush and rename, so that kill tests can land inside a write.
/// </remarks>
public static class AtomicFile
{
    private static readonly int PauseMilliseconds =
        int.TryParse(Environment.GetEnvironmentVariable("ACTIVA_FAULT_WRITE_PAUSE_MS"), out int ms) && ms > 0 ? ms : 0;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; with <paramref name="flushToDisk"/> the data reaches the disk before the rename.</summary>
    public static void Write(string path, Action<Stream> write, bool flushToDisk = false)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                if (PauseMilliseconds > 0) Thread.Sleep(PauseMilliseconds);
                file.Flush(flushToDisk);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }
}
