namespace Activa;

/// <summary>
/// Activa's cache of large tensor buffers: float arrays handed back by <see cref="Tensor.Recycle"/> and by the
/// autograd engine (gradients of intermediate results, once consumed) are kept by length and given to the next
/// tensor of that length, instead of going back to the garbage collector.
/// </summary>
/// <remarks>
/// A fresh large array costs a page fault per 4 KiB on first touch whenever the GC has returned the memory to
/// the system (which .NET's default GC does often with short-lived buffers of megabytes), and a compacting
/// collection copies buffers that are still alive. Reusing buffers avoids both, as PyTorch's allocators do.
/// Only arrays of at least <see cref="MinPooledElements"/> floats are kept; at most <see cref="CapacityBytes"/>
/// bytes in all (buffers beyond it are left to the GC).
/// </remarks>
public static class StoragePool
{
    /// <summary>
    /// Smallest buffer kept: 21,250 floats (85,000 bytes), where .NET puts arrays on the large-object heap. Each fresh
    /// array there is zeroed, and their bytes count towards gen-2 collections, which an MLP step of a few MiB of such
    /// buffers otherwise triggers every few dozen steps; smaller arrays are cheaper for the GC, whose young generation
    /// recycles them warm in cache.
    /// </summary>
    public const int MinPooledElements = 85_000 / sizeof(float);

    private static readonly object Gate = new();
    private static readonly Dictionary<int, Stack<float[]>> Free = [];
    private static long _held;
    private static long _capacity = InitialCapacity();

    /// <summary>
    /// Most bytes the pool holds (default 1 GiB, or the <c>ACTIVA_POOL_MB</c> environment variable in MiB; 0 disables
    /// the pool). Lowering it drops buffers at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public static long CapacityBytes
    {
        get => Interlocked.Read(ref _capacity);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (Gate)
            {
                _capacity = value;
                if (_held > value) Clear();
            }
        }
    }

    private static long InitialCapacity()
    {
        var text = Environment.GetEnvironmentVariable("ACTIVA_POOL_MB");
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long mb) && mb < (1L << 40)
            ? mb << 20
            : 1L << 30;
    }

    /// <summary>Bytes held now.</summary>
    public static long HeldBytes => Interlocked.Read(ref _held);

    /// <summary>Drops every held buffer (the GC reclaims them).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Free.Clear();
            _held = 0;
        }
    }

    /// <summary>An uninitialised array of exactly <paramref name="length"/> floats, reused when one is held.</summary>
    internal static float[] Rent(int length)
    {
        if (length >= MinPooledElements)
        {
            lock (Gate)
            {
                if (Free.TryGetValue(length, out var stack) && stack.Count > 0)
                {
                    _held -= 4L * length;
                    return stack.Pop();
                }
            }
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    /// <summary>
    /// Keeps <paramref name="array"/> for a later <see cref="Rent"/>. The caller guarantees that nothing will read
    /// or write it again.
    /// </summary>
    internal static void Return(float[] array)
    {
        if (array.Length < MinPooledElements) return;
        lock (Gate)
        {
            long bytes = 4L * array.Length;
            if (_held + bytes > _capacity) return;
            if (!Free.TryGetValue(array.Length, out var stack)) Free[array.Length] = stack = new Stack<float[]>();
            if (stack.Contains(array)) return; // returned twice: keeping it twice would hand it to two tensors
            stack.Push(array);
            _held += bytes;
        }
    }
}
