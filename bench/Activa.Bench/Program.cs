using Activa.Bench;

// One benchmark per verb; each parses its own options.
const string Usage = "usage: dotnet run -c Release --project bench/Activa.Bench -- <benchmark> [options]\n" +
                     "benchmarks:\n" +
                     "  gemm   SGEMM GFLOP/s, managed vs OpenBLAS  [--threads 1,2] [--openblas-coretype auto|probe|NAME] [--json out.json]\n" +
                     "  blas-probe  the fastest correct OpenBLAS kernel family (OPENBLAS_CORETYPE) on this CPU\n" +
                     "  mlp    784-512-512-10 MLP: training samples/s, inference latency  [--epochs 3] [--threads 2] [--act relu] [--json out.json]\n" +
                     "         then a per-phase breakdown of one step beside the GEMM ceiling  [--no-phases] [--phase-steps 250]\n" +
                     "  acts   activation kernels, fwd and fwd+bwd ns/element vs a copy floor  [--sizes 65536,16777216] [--threads 1,2] [--names a,b] [--all]\n" +
                     "  vmath  VectorMath ns/element, one thread, 64K floats  [--reps N]\n" +
                     "  learnable  learnable activations at 1024×1024: fwd and fwd+bwd ms vs the traffic floor  [--threads 2] [--json out.json]\n" +
                     "  ctr-train  26-field CTR MLP (100k×16 tables, 416-400-400-1, batch 4096): training samples/s  [--variants sparse,dense] [--reps 5] [--steps 4] [--threads 2] [--json out.json]\n" +
                     "  ctr-din    DIN on MovieLens: seconds per training epoch  [--steps 100 (0: whole epochs)] [--reps 3] [--act dice] [--threads 2] [--json out.json] [--export samples.bin]\n" +
                     "  ctr-score  CtrScorer latency, one user × 50 behaviours × 100 candidates: p50/p99 µs  [--calls 2000] [--threads 2] [--json out.json]\n" +
                     "  forecast  TPGN and GRU at L=96, H=336: training steps/s, inference p50/p99  [--threads 1,2] [--models tpgn,gru] [--phases] [--export DIR] [--json out.json]\n" +
                     "  prune  784-512-512-10 magnitude-pruned (global, layer) and compacted vs dense: units removed, accuracy, inference latency  [--target 0.9] [--epochs 2] [--finetune 1] [--threads 2] [--json out.json]\n" +
                     "  kan    KAN layer 256→256 (B-spline G=5, k=3) vs Linear+SiLU, batch 1024: fwd and fwd+bwd ms, basis and GEMM breakdown  [--threads 1,2] [--json out.json]\n" +
                     "  probes MLP training step with activation probes off / rates only / outputs / inputs + outputs  [--steps 20] [--reps 9] [--threads 2]";

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "gemm":
        return GemmBench.Run(args[1..]);
    case "mlp":
        return MlpBench.Run(args[1..]);
    case "acts":
        return ActsBench.Run(args[1..]);
    case "blas-probe":
        Console.WriteLine(OpenBlasProbe.Best());
        return 0;
    case "blas-probe-child":
        return OpenBlasProbe.Child();
    case "vmath":
        return VectorMathBench.Run(args[1..]);
    case "learnable":
        return LearnableBench.Run(args[1..]);
    case "ctr-train":
        return CtrTrainBench.Run(args[1..]);
    case "ctr-din":
        return CtrDinBench.Run(args[1..]);
    case "ctr-score":
        return CtrScoreBench.Run(args[1..]);
    case "forecast":
        return ForecastBench.Run(args[1..]);
    case "prune":
        return PruneBench.Run(args[1..]);
    case "kan":
        return KanBench.Run(args[1..]);
    case "probes":
        return ProbeBench.Run(args[1..]);
    default:
        Console.Error.WriteLine($"unknown benchmark '{args[0]}'.\n{Usage}");
        return 2;
}
