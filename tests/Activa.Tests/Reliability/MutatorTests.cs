using System.Text;
using Activa.Reliability.Fuzzing;

namespace Activa.Tests.Reliability;

public class MutatorTests
{
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes("a,b,c\n1,2.5,x\n-3,4e2,y\n");

    [Fact]
    public void TheSameSeedGivesTheSameInputs()
    {
        var a = new Mutator(42);
        var b = new Mutator(42);
        var c = new Mutator(43);
        int differ = 0;
        for (int i = 0; i < 200; i++)
        {
            var x = a.Mutate(Seed, text: true);
            Assert.Equal(x, b.Mutate(Seed, text: true));
            Assert.Equal(a.LastMutations, b.LastMutations);
            if (!x.AsSpan().SequenceEqual(c.Mutate(Seed, text: true))) differ++;
        }
        Assert.True(differ > 150, $"only {differ} of 200 inputs differ between seeds 42 and 43");
    }

    [Fact]
    public void EveryMutationKindIsUsedAndMostInputsDiffer()
    {
        var m = new Mutator(1);
        var seen = new HashSet<MutationKind>();
        int changed = 0;
        var fields = new[] { new LengthField(0, 4, true) };
        for (int i = 0; i < 3000; i++)
        {
            var x = m.Mutate(Seed, text: true, fields);
            seen.UnionWith(m.LastMutations);
            Assert.InRange(m.LastMutations.Count, 1, 3);
            if (!x.AsSpan().SequenceEqual(Seed)) changed++;
        }
        Assert.Equal(Enum.GetValues<MutationKind>().ToHashSet(), seen);
        Assert.True(changed > 2700, $"only {changed} of 3000 inputs changed");
    }

    [Fact]
    public void BinaryFormatsGetNoTextMutations()
    {
        var m = new Mutator(3);
        for (int i = 0; i < 1000; i++)
        {
            m.Mutate(Seed, text: false);
            Assert.DoesNotContain(m.LastMutations, k => k is MutationKind.NumberField or MutationKind.DuplicateLine or MutationKind.DeleteLine
                or MutationKind.SwapLines or MutationKind.InsertToken);
        }
    }

    [Fact]
    public void LengthFieldMutationsChangeOnlyTheField()
    {
        var seed = new byte[16];
        for (int i = 0; i < seed.Length; i++) seed[i] = (byte)(i + 1);
        var m = new Mutator(9);
        int hits = 0;
        for (int i = 0; i < 2000; i++)
        {
            var x = m.Mutate(seed, text: false, [new LengthField(4, 4, true)]);
            if (m.LastMutations is not [MutationKind.LengthField]) continue;
            hits++;
            Assert.Equal(seed.Length, x.Length);
            Assert.Equal(seed[..4], x[..4]);
            Assert.Equal(seed[8..], x[8..]);
        }
        Assert.True(hits > 50, $"only {hits} single length-field mutations");
    }

    [Fact]
    public void NumberFieldsAreReplacedWhole()
    {
        var seed = Encoding.UTF8.GetBytes("{\"n\":12345}");
        var m = new Mutator(4);
        var results = new HashSet<string>();
        for (int i = 0; i < 3000; i++)
        {
            var x = Encoding.UTF8.GetString(m.Mutate(seed, text: true));
            if (m.LastMutations is [MutationKind.NumberField]) results.Add(x);
        }
        Assert.Contains("{\"n\":NaN}", results);
        Assert.Contains("{\"n\":-1}", results);
        Assert.Contains("{\"n\":}", results);
        Assert.Contains("{\"n\":2147483648}", results);
        Assert.DoesNotContain(results, r => r.Contains("12345", StringComparison.Ordinal));
    }
}
