using System.CommandLine;
using Activa.Activations;
using Activa.Plots;
using Spectre.Console;

namespace Activa.Cli;

/// <summary>
/// <c>activa zoo</c>: the activation catalogue as a filterable table; <c>zoo plot</c> draws activations,
/// <c>zoo doc</c> regenerates docs/activations.md with its thumbnails.
/// </summary>
internal static class ZooCommand
{
    public static Command Create()
    {
        var monotone = new Option<bool>("--monotone") { Description = "Only monotone (non-decreasing) activations." };
        var smooth = new Option<bool>("--smooth") { Description = "Only smooth (C¹) activations." };
        var bounded = new Option<bool>("--bounded") { Description = "Only activations bounded both below and above." };
        var zeroCentred = new Option<bool>("--zero-centred", "--zero-centered") { Description = "Only zero-centred activations (f(0) = 0, both signs)." };
        var sparse = new Option<bool>("--sparse") { Description = "Only sparse activations (exactly 0 on an interval)." };
        var selfGated = new Option<bool>("--self-gated") { Description = "Only self-gated activations (x·gate(x))." };
        var periodic = new Option<bool>("--periodic") { Description = "Only periodic activations." };
        var family = new Option<string?>("--family") { Description = $"Only this family: {string.Join(", ", CatalogFormat.FamilyOrder)}." };
        var search = new Option<string?>("--search") { Description = "Only activations whose name, alias, formula or paper contains this text (case-insensitive)." };
        var torch = new Option<bool>("--torch") { Description = "Only activations PyTorch has built in." };

        var command = new Command("zoo", "List the activation catalogue: names, formulas, properties, bounds, parameters, papers.")
        {
            monotone, smooth, bounded, zeroCentred, sparse, selfGated, periodic, family, search, torch,
            CreatePlot(), CreateDoc(),
        };
        CommonOptions.SetAction(command, parse =>
        {
            IEnumerable<ActivationInfo> rows = Activation.Catalog;
            void Require(Option<bool> flag, ActivationProperties p)
            {
                if (parse.GetValue(flag)) rows = rows.Where(i => i.Has(p));
            }
            Require(monotone, ActivationProperties.Monotone);
            Require(smooth, ActivationProperties.Smooth);
            Require(zeroCentred, ActivationProperties.ZeroCentred);
            Require(sparse, ActivationProperties.Sparse);
            Require(selfGated, ActivationProperties.SelfGated);
            Require(periodic, ActivationProperties.Periodic);
            if (parse.GetValue(bounded)) rows = rows.Where(i => i.BoundedBelow && i.BoundedAbove);
            if (parse.GetValue(torch)) rows = rows.Where(i => i.Torch != null);
            if (parse.GetValue(family) is { } fam)
            {
                var known = CatalogFormat.Families(Activation.Catalog);
                string? match = known.FirstOrDefault(f => f.Equals(fam.Trim().Replace('_', '-'), StringComparison.OrdinalIgnoreCase));
                if (match is null) throw new ArgumentException($"Unknown family '{fam}'. Families: {string.Join(", ", known)}.");
                rows = rows.Where(i => i.Family == match);
            }
            if (parse.GetValue(search) is { } text && text.Length > 0) rows = rows.Where(i => CatalogFormat.Matches(i, text));
            var list = OrderByFamily(rows).ToList();
            if (Console.IsOutputRedirected) WritePlain(list);
            else WriteTable(list);
            return 0;
        });
        return command;
    }

    private static IEnumerable<ActivationInfo> OrderByFamily(IEnumerable<ActivationInfo> rows)
    {
        var list = rows.ToList();
        var families = CatalogFormat.Families(list).ToList();
        return list.OrderBy(i => families.IndexOf(i.Family)).ThenBy(i => i.Name, StringComparer.Ordinal);
    }

    private static string[] Cells(ActivationInfo i) =>
    [
        i.Name, i.Aliases.Length == 0 ? "—" : string.Join(", ", i.Aliases), i.Formula, i.Family, CatalogFormat.PropertyMarks(i),
        CatalogFormat.Bounds(i), CatalogFormat.Parameters(i), i.Year > 0 ? i.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) : "—",
    ];

    private static readonly string[] Headers = ["name", "aliases", "formula", "family", "props", "bounds", "parameters", "year"];

    private static string Legend =>
        "props: " + string.Join(", ", CatalogFormat.Marks.Select(m => $"{m.Mark} {m.Meaning}"));

    private static void WriteTable(List<ActivationInfo> list)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in Headers)
        {
            var column = new TableColumn(h);
            if (h is "name" or "family" or "props" or "bounds" or "year") column.NoWrap(); // let formula, aliases, parameters wrap
            if (h == "year") column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var i in list)
        {
            var cells = Cells(i).Select(Markup.Escape).ToArray();
            cells[0] = i.Torch is null ? $"[bold]{cells[0]}[/]" : $"[bold]{cells[0]}[/] [dim]T[/]";
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"[dim]{Markup.Escape(Legend)}; T after a name: PyTorch has it.[/]");
        AnsiConsole.MarkupLine($"{list.Count} of {Activation.Catalog.Count} activations");
    }

    // Tab-separated for pipes and files: one header line, one line per activation, then the count.
    private static void WritePlain(List<ActivationInfo> list)
    {
        var o = Console.Out;
        o.WriteLine(string.Join('\t', Headers.Append("pytorch")));
        foreach (var i in list) o.WriteLine(string.Join('\t', Cells(i).Append(i.Torch ?? "—")));
        o.WriteLine($"{list.Count} of {Activation.Catalog.Count} activations");
    }

    private static Command CreatePlot()
    {
        var names = new Argument<string[]>("name")
        {
            Description = "Activation specs, e.g. gelu \"elu(alpha=0.5)\".",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o") { Description = "Output image, .png or .svg.", Required = true };
        var xmin = new Option<double>("--xmin") { Description = "Left end of the x range.", DefaultValueFactory = _ => -5 };
        var xmax = new Option<double>("--xmax") { Description = "Right end of the x range.", DefaultValueFactory = _ => 5 };
        var width = new Option<int>("--width") { Description = "Image width in pixels.", DefaultValueFactory = _ => ActivationPlot.DefaultWidth };
        var height = new Option<int>("--height") { Description = "Image height in pixels.", DefaultValueFactory = _ => ActivationPlot.DefaultHeight };
        var command = new Command("plot", "Plot activations: f solid, f′ dashed.") { names, output, xmin, xmax, width, height };
        CommonOptions.SetAction(command, parse =>
        {
            string path = parse.GetValue(output)!;
            ActivationPlot.FormatOf(path); // reject a bad extension before any work
            var acts = parse.GetValue(names)!.Select(Activation.Create).ToList();
            ActivationPlot.Save(acts, path, parse.GetValue(xmin), parse.GetValue(xmax), parse.GetValue(width), parse.GetValue(height));
            Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }

    private static Command CreateDoc()
    {
        var output = new Option<string>("--out", "-o") { Description = "The Markdown file; thumbnails go to activations/ next to it.", DefaultValueFactory = _ => CatalogDocument.DefaultPath };
        var noImages = new Option<bool>("--no-thumbnails") { Description = "Write the Markdown only, leaving the thumbnails as they are." };
        var command = new Command("doc", "Regenerate the catalogue document (docs/activations.md) and its thumbnails.") { output, noImages };
        CommonOptions.SetAction(command, parse =>
        {
            string path = parse.GetValue(output)!;
            bool thumbnails = !parse.GetValue(noImages);
            int n = CatalogDocument.Write(path, thumbnails);
            Console.WriteLine(thumbnails
                ? $"wrote {path} and {n} thumbnails in {Path.Combine(Path.GetDirectoryName(path) ?? ".", CatalogDocument.ThumbnailFolder)}"
                : $"wrote {path} ({n} activations)");
            return 0;
        });
        return command;
    }
}
