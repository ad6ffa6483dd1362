using System.Diagnostics;

namespace Activa.Cli;

/// <summary>
/// Two interleaved spirals (a classic task a linear model cannot solve), learned by a small MLP written
/// directly on tensors and autograd, with a hand-written Adam step. Shows that the engine trains end to end.
/// </summary>
internal static class SpiralDemo
{
    public static int Run(string[] args)
    {
        int epochs = 300, threads = Kernels.Parallelism.Threads;
        ulong seed = 0;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--epochs": epochs = ParsePositive("--epochs", Value()); break;
                case "--seed": seed = ulong.Parse(Value()); break;
                case "--threads": threads = ParsePositive("--threads", Value()); break;
                default:
                    Console.Error.WriteLine($"activa demo: unknown option '{args[i]}' (valid: --epochs, --seed, --threads)");
                    return 2;
            }
        }
        Kernels.Parallelism.Threads = threads;

        var gen = new Generator(seed);
        var (x, labels) = Spirals(1000, gen);
        var target = OneHot(labels, 2);
        Tensor[] parameters =
        [
            Init([2, 64], gen), Tensor.Zeros(64),
            Init([64, 64], gen), Tensor.Zeros(64),
            Init([64, 2], gen), Tensor.Zeros(2),
        ];
        foreach (var p in parameters) p.RequiresGrad = true;
        var m = parameters.Select(Tensor.ZerosLike).ToArray();
        var v = parameters.Select(Tensor.ZerosLike).ToArray();

        Tensor Forward(Tensor input)
        {
            var h = input.MatMul(parameters[0]).Add(parameters[1]).Tanh();
            h = h.MatMul(parameters[2]).Add(parameters[3]).Tanh();
            return h.MatMul(parameters[4]).Add(parameters[5]);
        }

        Console.WriteLine($"Activa demo: two spirals, 1000 points, MLP 2-64-64-2 (tanh), Adam lr 0.01, full batch, {threads} thread(s)");
        var clock = Stopwatch.StartNew();
        float loss = 0;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            foreach (var p in parameters) p.Grad = null;
            var logits = Forward(x);
            var lossT = logits.LogSoftmax(1).Mul(target).Sum().Mul(-1f / labels.Length);
            lossT.Backward();
            loss = lossT.Item();
            AdamStep(parameters, m, v, epoch, lr: 0.01f);
            if (epoch % Math.Max(1, epochs / 6) == 0 || epoch == epochs)
                Console.WriteLine($"  epoch {epoch,4}  loss {loss:F4}  accuracy {Accuracy(logits, labels):P1}");
        }
        double accuracy;
        using (Tensor.NoGrad()) accuracy = Accuracy(Forward(x), labels);
        Console.WriteLine($"final: loss {loss:F4}, train accuracy {accuracy:P1}, {clock.Elapsed.TotalSeconds:F2} s");
        return 0;
    }

    private static int ParsePositive(string option, string text) =>
        int.TryParse(text, out int n) && n > 0 ? n : throw new ArgumentException($"{option} must be a positive integer, got '{text}'");

    private static Tensor Init(int[] shape, Generator gen) => Tensor.Normal(shape, 0f, MathF.Sqrt(1f / shape[0]), gen);

    private static (Tensor X, int[] Labels) Spirals(int n, Generator gen)
    {
        var x = new float[n * 2];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cls = i % 2;
            double t = 0.25 + 3.5 * Math.PI * gen.NextDouble();
            double r = t / (3.75 * Math.PI);
            double angle = t + cls * Math.PI;
            x[2 * i] = (float)(r * Math.Cos(angle) + 0.02 * gen.NextNormal());
            x[2 * i + 1] = (float)(r * Math.Sin(angle) + 0.02 * gen.NextNormal());
            labels[i] = cls;
        }
        return (Tensor.FromArray(x, n, 2), labels);
    }

    private static Tensor OneHot(int[] labels, int classes)
    {
        var t = Tensor.Zeros(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++) t[i, labels[i]] = 1f;
        return t;
    }

    private static double Accuracy(Tensor logits, int[] labels)
    {
        var predicted = logits.ArgMax(1);
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    private static void AdamStep(Tensor[] ps, Tensor[] m, Tensor[] v, int step, float lr, float b1 = 0.9f, float b2 = 0.999f, float eps = 1e-8f)
    {
        using var _ = Tensor.NoGrad();
        float c1 = 1 - MathF.Pow(b1, step), c2 = 1 - MathF.Pow(b2, step);
        for (int i = 0; i < ps.Length; i++)
        {
            var g = ps[i].Grad!;
            m[i].MulInPlace(b1).AddInPlace(g, 1 - b1);
            v[i].MulInPlace(b2).AddInPlace(g.Square(), 1 - b2);
            var update = m[i].Div(c1).Div(v[i].Div(c2).Sqrt().Add(eps));
            ps[i].AddInPlace(update, -lr);
        }
    }
}
