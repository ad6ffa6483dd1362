using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Activa.IO;

/// <summary>
/// Checks an object deserialised from a file's JSON for nulls where its type declares none: System.Text.Json fills a
/// missing or null property or constructor parameter with null whatever its annotation, and a damaged checkpoint
/// must be reported as damaged, not surface later as a NullReferenceException. Walks public properties, the elements
/// of collections, and nested Activa types (a few levels deep).
/// </summary>
internal static class JsonCompleteness
{
    private const int MaxDepth = 4;

    /// <summary>Throws if <paramref name="value"/> (named <paramref name="name"/> in the message) holds a forbidden null.</summary>
    /// <exception cref="JsonException">The first null found, with its path (e.g. "the CTR run information: Options.Hidden is null or missing").</exception>
    public static void Require(object value, string name) => Walk(value, name, "", 0, new NullabilityInfoContext());

    private static void Walk(object value, string name, string path, int depth, NullabilityInfoContext context)
    {
        foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.PropertyType.IsValueType || p.GetMethod is null) continue;
            var info = context.Create(p);
            object? v = p.GetValue(value);
            string at = path + p.Name;
            if (v is null)
            {
                if (info.ReadState == NullabilityState.NotNull) throw new JsonException($"{name}: {at} is null or missing");
                continue;
            }
            if (v is IEnumerable items and not string)
            {
                var element = info.ElementType ?? (info.GenericTypeArguments.Length == 1 ? info.GenericTypeArguments[0] : null);
                int i = 0;
                foreach (var item in items)
                {
                    if (item is null && element?.ReadState == NullabilityState.NotNull) throw new JsonException($"{name}: {at}[{i}] is null");
                    i++;
                }
            }
            else if (depth < MaxDepth && p.PropertyType.Namespace?.StartsWith("Activa", StringComparison.Ordinal) == true)
                Walk(v, name, at + ".", depth + 1, context);
        }
    }
}
