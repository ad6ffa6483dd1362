namespace Activa.Activations.Learnable;

/// <summary>
/// One step's use of a learnable activation's set kernel: the kernel type, the coefficients of this step, the
/// parameters and how per-set sums become their gradients — made once by the activation (<see cref="LearnableActivation.Call"/>)
/// and then applied alone, after a Linear layer's GEMM, or frozen as a GEMM epilogue for inference.
/// </summary>
internal abstract class SetCall
{
    /// <summary>A call of kernel <typeparamref name="TKernel"/> with per-set coefficients <paramref name="coef"/> ([groups × K] row-major).</summary>
    public static SetCall Of<TKernel>(float[] coef, Tensor[] parameters, Func<double[], Tensor?[]>? gradients) where TKernel : struct, ISetKernel =>
        new Call<TKernel>(coef, parameters, gradients);

    /// <summary>f(input), recorded with the fused backward.</summary>
    public abstract Tensor Apply(LearnableActivation activation, Tensor input);

    /// <summary>f(x·Wᵀ + b) as one op (<see cref="LearnableActivation.LinearThen(Tensor, Tensor, Tensor?)"/>).</summary>
    public abstract Tensor LinearThen(LearnableActivation activation, Tensor x, Tensor weight, Tensor? bias);

    /// <summary>The activation with this call's coefficients as a GEMM epilogue over <see cref="LearnableActivation.Channels"/> columns.</summary>
    public abstract EpilogueKernel Frozen(LearnableActivation activation);

    private sealed class Call<TKernel>(float[] coef, Tensor[] parameters, Func<double[], Tensor?[]>? gradients) : SetCall
        where TKernel : struct, ISetKernel
    {
        public override Tensor Apply(LearnableActivation activation, Tensor input) =>
            activation.Apply<TKernel>(input, coef, parameters, gradients);

        public override Tensor LinearThen(LearnableActivation activation, Tensor x, Tensor weight, Tensor? bias) =>
            activation.LinearThen<TKernel>(x, weight, bias, coef, parameters, gradients);

        public override EpilogueKernel Frozen(LearnableActivation activation) =>
            new SetEpilogueKernel<TKernel>(coef, activation.ColumnSets, activation.Groups, activation.Channels);
    }
}
