namespace Activa.IO;

/// <summary>A checkpoint or safetensors file is truncated, corrupt or not of the expected kind; the message says where and what.</summary>
public sealed class CheckpointFormatException : IOException
{
    /// <summary>The offending file.</summary>
    public string Path { get; }

    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointFormatException(string path, string message, Exception? inner = null) : base(message, inner) => Path = path;
}
