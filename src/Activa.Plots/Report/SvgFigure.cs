using System.Text.RegularExpressions;

namespace Activa.Plots.Report;

/// <summary>
/// One figure panel as inline SVG markup, made only by <see cref="ReportFigures"/> (so a report never embeds markup
/// that did not come from the plotting code). Several panels of one figure are drawn side by side.
/// </summary>
public sealed partial class SvgFigure
{
    private readonly string _markup;

    internal SvgFigure(string markup, int width, int height)
    {
        if (!markup.Contains("<svg", StringComparison.Ordinal)) throw new ArgumentException("The plot did not render as SVG.", nameof(markup));
        _markup = markup;
        Width = width;
        Height = height;
    }

    /// <summary>Width of the panel in CSS pixels.</summary>
    public int Width { get; }

    /// <summary>Height of the panel in CSS pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// The markup with every element id (and the references to it) prefixed by <paramref name="prefix"/>: the SVGs of one
    /// page share one id space, and ScottPlot names its clip paths the same in every plot.
    /// </summary>
    internal string Markup(string prefix) =>
        IdReference().Replace(_markup, m => m.Groups["head"].Value + prefix + m.Groups["id"].Value);

    // id="x", url(#x), href="#x" (also xlink:href)
    [GeneratedRegex("(?<head>\\bid=\"|url\\(#|href=\"#)(?<id>[^\"\\)]+)")]
    private static partial Regex IdReference();
}
