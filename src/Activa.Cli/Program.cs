using Activa.Cli;

// The `activa` command. Until the training stack lands, it has one job: a self-contained demo of the
// core engine (tensors, autograd, fused kernels) that needs no data and no setup.
return args switch
{
    [] or ["demo", ..] => SpiralDemo.Run(args.Skip(1).ToArray()),
    ["--help" or "-h" or "help"] => Usage(0),
    _ => Usage(2, $"unknown command '{args[0]}'"),
};

static int Usage(int code, string? error = null)
{
    if (error != null) Console.Error.WriteLine($"activa: {error}");
    Console.WriteLine("""
        usage: activa demo [--epochs N] [--seed S] [--threads T]
          demo   train a 2-64-64-2 tanh MLP on two interleaved spirals with the core engine and report accuracy
        """);
    return code;
}
