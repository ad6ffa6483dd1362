using ScottPlot;
using SkiaSharp;

namespace Activa.Plots;

/// <summary>Composes several plots into one PNG: each plot rendered on a panel surface of its own, then drawn in place.</summary>
internal static class Panels
{
    /// <summary>Renders <paramref name="plot"/> on <paramref name="panel"/> (cleared first: a render paints its background
    /// over the whole canvas it is given) and draws it on <paramref name="canvas"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Draw(SKCanvas canvas, SKSurface panel, Plot plot, int x, int y)
    {
        panel.Canvas.Clear(SKColors.White);
        plot.Render(panel.Canvas, panel.Canvas.DeviceClipBounds.Width, panel.Canvas.DeviceClipBounds.Height);
        using var image = panel.Snapshot();
        canvas.DrawImage(image, x, y);
    }

    /// <summary>Writes <paramref name="surface"/> to <paramref name="path"/> as PNG, creating its folder.</summary>
    public static void SavePng(SKSurface surface, string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        png.SaveTo(file);
    }
}
