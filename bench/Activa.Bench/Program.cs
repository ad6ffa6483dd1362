using Activa.Bench;

// One benchmark per verb; each parses its own options.
const string Usage = "usage: dotnet run -c Release --project bench/Activa.Bench -- <benchmark> [options]\n" +
                     "benchmarks:\n" +
                     "  gemm   SGEMM GFLOP/s, managed vs OpenBLAS  [--threads 1,2] [--json out.json]";

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

switch (args[0])
{
    case "gemm":
        return GemmBench.Run(args[1..]);
    default:
        Console.Error.WriteLine($"unknown benchmark '{args[0]}'.\n{Usage}");
        return 2;
}
