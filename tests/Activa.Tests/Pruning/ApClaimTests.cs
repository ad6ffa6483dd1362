using System.Text.Json;
using Activa.Cli;
using Activa.Kernels;
using Xunit.Abstractions;

namespace Activa.Tests.Pruning;

/// <summary>
/// The AP paper's claim, small: at 90 % weight sparsity, IMP with AP ends with a lower dynamic dead-neuron rate and a
/// higher test accuracy than IMP alone (means over three seeds of a 64-128-128-10 MLP on the digits; 5 cycles of 15
/// epochs, rewinding to step 50). Two threads, so the runs are the same on every machine.
/// </summary>
[Collection("GlobalSettings")]
public sealed class ApClaimTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("activa-ap-claim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ApPlusImpKeepsFewerNeuronsDeadAndMoreAccuracyThanImpAtNinetyPercent()
    {
        int saved = Parallelism.Threads;
        Parallelism.Threads = 2;
        try
        {
            double impAccuracy = 0, apAccuracy = 0, impDead = 0, apDead = 0;
            for (int seed = 1; seed <= 3; seed++)
            {
                string run = Path.Combine(_dir, $"run{seed}");
                Assert.Equal(0, TrainCommand.Create().Parse(["--data", "digits", "--hidden", "128,128", "--epochs", "20", "--lr", "3e-3",
                    "--seed", seed.ToString(), "--out", run]).Invoke());
                (double Accuracy, double Dead) Prune(string method)
                {
                    string output = Path.Combine(_dir, $"{method}-{seed}");
                    Assert.Equal(0, PruneCommand.Create().Parse([run, "--method", method, "--target", "0.9", "--cycles", "5",
                        "--rewind-step", "50", "--epochs-per-cycle", "15", "--out", output]).Invoke());
                    using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "pruning.json")));
                    var root = report.RootElement;
                    Assert.Equal(0.9, root.GetProperty("sparsity").GetDouble(), 3);
                    return (root.GetProperty("testAccuracy").GetDouble(), root.GetProperty("deadNeuronRate").GetDouble());
                }
                var imp = Prune("imp");
                var ap = Prune("ap+imp");
                output.WriteLine($"seed {seed}: IMP {imp.Accuracy:P2}, dead {imp.Dead:P2}; AP+IMP {ap.Accuracy:P2}, dead {ap.Dead:P2}");
                impAccuracy += imp.Accuracy / 3;
                apAccuracy += ap.Accuracy / 3;
                impDead += imp.Dead / 3;
                apDead += ap.Dead / 3;
            }
            Assert.True(apDead < impDead, $"dead-neuron rate: AP+IMP {apDead:P2} vs IMP {impDead:P2}");
            Assert.True(apAccuracy > impAccuracy, $"accuracy: AP+IMP {apAccuracy:P2} vs IMP {impAccuracy:P2}");
        }
        finally { Parallelism.Threads = saved; }
    }
}
