namespace Activa.Data;

/// <summary>A data file is malformed: the message names the file and what is wrong with it.</summary>
public sealed class DataFormatException : IOException
{
    /// <summary>The offending file.</summary>
    public string Path { get; }

    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public DataFormatException(string path, string message, Exception? inner = null) : base($"{path}: {message}", inner) => Path = path;
}
