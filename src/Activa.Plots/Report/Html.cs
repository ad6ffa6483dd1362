using System.Text;

namespace Activa.Plots.Report;

/// <summary>HTML escaping for the report: every piece of text reaches the page through here.</summary>
internal static class Html
{
    /// <summary>Escapes <paramref name="text"/> for element content and double-quoted attribute values.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
