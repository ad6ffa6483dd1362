using Activa.Kernels;
using Activa.Losses;
using Activa.Nn;
using Activa.Optim;
using static Activa.Tests.Ops.Reference;

namespace Activa.Tests.Nn;

/// <summary>
/// A training step's large buffers go back to the storage pool: Sequential's outputs between layers once backward has
/// gone through them, dropped gradients through <see cref="Optimizer.ZeroGrad(bool)"/>; what a caller can still see
/// (the result, anything a hook was shown, a buffer shared with them) is never recycled.
/// </summary>
[Collection("GlobalSettings")]
public class SequentialRecyclingTests
{
    // Every activation and weight buffer here is at least StoragePool.MinPooledElements floats (batch 128 × 192 and up).
    private static Sequential Model() => new(
        new Linear(300, 256, generator: new Generator(1)), new Act("gelu"),
        new Linear(256, 192, generator: new Generator(2)), new Act("relu"),
        new Linear(192, 10, generator: new Generator(3)));

    private static long BytesPerStep(bool recycle)
    {
        var model = Model();
        var adam = new Adam(model.Parameters());
        var x = Uniform(new Generator(4), -1, 1, 128, 300);
        var labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        void Step()
        {
            adam.ZeroGrad(recycle);
            Loss.CrossEntropy(model.Forward(x), labels).Backward();
            adam.Step();
        }
        for (int i = 0; i < 5; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 20;
    }

    [Fact]
    public void ATrainingStepAllocatesNoLargeArraysInSteadyState()
    {
        int threads = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1; // every allocation on this thread, where it is counted
            long pooled = BytesPerStep(recycle: true);
            long unpooled = BytesPerStep(recycle: false);
            // The step's large arrays (activations, pre-activations, input and weight gradients) are ~1.1 MB; what is
            // left is bookkeeping: graph nodes, closures, shapes and the small logits.
            Assert.True(pooled < 64 * 1024, $"{pooled} bytes allocated per step");
            // The weight gradients alone (300·256 + 256·192 floats) come fresh when ZeroGrad drops them unrecycled.
            Assert.True(unpooled > pooled + 4 * (300 * 256 + 256 * 192), $"{unpooled} bytes per step without recycling");
        }
        finally { Parallelism.Threads = threads; }
    }

    [Fact]
    public void InferenceReusesItsBuffersBetweenLayers()
    {
        int threads = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var model = Model();
            model.Eval();
            var x = Uniform(new Generator(4), -1, 1, 128, 300);
            using var _ = Tensor.NoGrad();
            var expected = model.Forward(x).ToArray();
            for (int i = 0; i < 3; i++) model.Forward(x);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Assert.Equal(expected, model.Forward(x).ToArray());
            // the two hidden outputs (128×256 and 128×192 floats) come from the pool; the logits and bookkeeping are small
            long perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
            Assert.True(perCall < 32 * 1024, $"{perCall} bytes per call");
        }
        finally { Parallelism.Threads = threads; }
    }

    [Fact]
    public void WhatAConsumersHookSawAsInputSurvives()
    {
        var model = Model();
        var inputs = new List<Tensor>();
        using var hook = model.Layers[2].RegisterForwardHook((_, x, _) => inputs.Add(x)); // the second Linear's input
        using (Tensor.NoGrad())
        {
            model.Forward(Uniform(new Generator(4), -1, 1, 128, 300));
            var seen = inputs[0].ToArray();
            model.Forward(Uniform(new Generator(5), -1, 1, 128, 300)); // would reuse a recycled buffer
            Assert.False(inputs[0].IsRecycled);
            Assert.Equal(seen, inputs[0].ToArray());
        }
    }

    [Fact]
    public void AGradientKeptAcrossARecyclingZeroGradCannotBeRead()
    {
        var model = Model();
        var adam = new Adam(model.Parameters());
        Loss.CrossEntropy(model.Forward(Uniform(new Generator(4), -1, 1, 128, 300)), new int[128]).Backward();
        var kept = model.Parameters().First().Grad!;
        adam.ZeroGrad(recycle: true);
        Assert.True(kept.IsRecycled);
        Assert.Throws<ObjectDisposedException>(() => kept.ToArray());
    }

    [Fact]
    public void TheResultAndWhatAHookSawSurviveBackward()
    {
        bool fuse = Sequential.FuseLinearActivation;
        try
        {
            Sequential.FuseLinearActivation = false;
            // The last layer runs in place on the Linear's output, so the result shares that intermediate's buffer.
            var model = new Sequential(new Linear(300, 256, generator: new Generator(1)), new Act("sigmoid", inPlace: true),
                new Linear(256, 192, generator: new Generator(2)), new Act("sigmoid", inPlace: true));
            Tensor? seen = null;
            using var hook = model.Layers[0].RegisterForwardHook((_, _, output) => seen = output);
            var x = Uniform(new Generator(4), -1, 1, 128, 300);
            var y = model.Forward(x);
            Assert.True(y.SharesStorageWith(y.GradFn!.Inputs[0]));
            var expected = y.ToArray();
            var first = seen!;
            var seenValues = first.ToArray();
            y.Backward(Tensor.Ones(128, 192));
            Assert.False(first.IsRecycled);
            Assert.Equal(seenValues, first.ToArray());
            // the pool hands buffers out again: a new pass must not overwrite what the caller holds
            model.Forward(Uniform(new Generator(5), -1, 1, 128, 300)).Backward(Tensor.Ones(128, 192));
            Assert.Equal(expected, y.ToArray());
            Assert.Equal(seenValues, first.ToArray());
        }
        finally { Sequential.FuseLinearActivation = fuse; }
    }
}
