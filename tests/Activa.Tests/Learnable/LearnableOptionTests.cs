using System.Globalization;
using Activa.Activations;
using Activa.Activations.Learnable;

namespace Activa.Tests.Learnable;

/// <summary>Declared option ranges of the learnable activations: checked by the registry in the fixed activations' format.</summary>
public class LearnableOptionTests
{
    [Fact]
    public void AValueOutsideItsRangeGetsTheFixedFormatAndNamesTheParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => LearnableActivations.Create("snake(a=0)", 4));
        Assert.Equal("a", e.ParamName);
        Assert.StartsWith("Activation 'snake': parameter 'a' must be non-zero, got 0.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new Dice(4, momentum: 1.5));
        Assert.Equal("momentum", e.ParamName);
        Assert.StartsWith("Activation 'dice': parameter 'momentum' must be in (0, 1], got 1.5.", e.Message);
        e = Assert.Throws<ArgumentException>(() => new PRelu(4, new ActivationOptions { ["init"] = 1e300 }));
        Assert.StartsWith("Activation 'prelu': parameter 'init' must be finite in single precision, got 1E+300.", e.Message);
        e = Assert.Throws<ArgumentException>(() => LearnableActivations.Create("prelu(sharing=1, groups=2)", 4));
        Assert.Equal("groups", e.ParamName);
        Assert.StartsWith("Activation 'prelu': parameters must satisfy groups = 1 unless sharing = 2 (group), got init=0.25, sharing=1, groups=2.", e.Message);
    }

    [Fact]
    public void TypedConstructorsAreCheckedByTheSameDeclarations()
    {
        Assert.Equal("m", Assert.Throws<ArgumentException>(() => new Pau(4, m: 11)).ParamName);
        Assert.Equal("version", Assert.Throws<ArgumentException>(() => new Pau(4, version: (RationalVersion)4)).ParamName);
        Assert.Equal("hi", Assert.Throws<ArgumentException>(() => new Pau(4, lo: 1, hi: 1)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentException>(() => new PolyRelu(4, order: 9)).ParamName);
        Assert.Equal("eps", Assert.Throws<ArgumentException>(() => new PolyNorm(4, eps: 0)).ParamName);
        Assert.Equal("sharing", Assert.Throws<ArgumentException>(() => new SwishBeta(4, sharing: (ParameterSharing)3)).ParamName);
        Assert.Equal("groups", Assert.Throws<ArgumentException>(() => new Cauchy(4, sharing: ParameterSharing.Group, groups: 0)).ParamName);
    }

    /// <summary>Every declared range admits its default and rejects the value just outside each finite end, by name.</summary>
    [Fact]
    public void EveryDeclaredRangeIsEnforcedAtItsEnds()
    {
        int checkedEnds = 0;
        foreach (var info in LearnableActivations.Catalog)
            foreach (var p in info.Parameters.Where(p => p.Must != null))
            {
                var must = p.Must!;
                Assert.True(must.Admits(p.Default), $"{info.Name}.{p.Name}: default {p.Default} outside {must}");
                var outside = new List<double>();
                if (double.IsFinite(must.Min)) outside.Add(must.MinOpen ? must.Min : must.Min - Math.Max(1e-3, Math.Abs(must.Min) * 1e-3));
                if (double.IsFinite(must.Max) && must.Max < 1e30) outside.Add(must.MaxOpen ? must.Max : must.Max + Math.Max(1e-3, Math.Abs(must.Max) * 1e-3));
                if (must.NonZero) outside.Add(0);
                foreach (var v in outside)
                {
                    Assert.False(must.Admits(v));
                    string spec = $"{info.Name}({p.Name}={v.ToString("R", CultureInfo.InvariantCulture)})";
                    var e = Assert.Throws<ArgumentException>(() => LearnableActivations.Create(spec, 4));
                    Assert.Equal(p.Name, e.ParamName);
                    Assert.Contains($"parameter '{p.Name}' must be {must}", e.Message);
                    checkedEnds++;
                }
            }
        Assert.True(checkedEnds > 40, $"only {checkedEnds} range ends checked");
    }
}
