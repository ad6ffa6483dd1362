using System.Runtime.Intrinsics;

namespace Activa.Kernels;

/// <summary>A pure function of one float, written once for scalar, 256-bit and 512-bit lanes.</summary>
/// <remarks>Implement on a struct: the generic loops in <see cref="Elementwise"/> are specialised per struct by the
/// JIT, so a stateless op costs nothing and a parametric one (clamp bounds, a slope) carries its fields.</remarks>
public interface IUnaryOp
{
    /// <summary>f(x) for one element.</summary>
    float Apply(float x);
    /// <summary>f(x) for 8 lanes.</summary>
    Vector256<float> Apply(Vector256<float> x);
    /// <summary>f(x) for 16 lanes.</summary>
    Vector512<float> Apply(Vector512<float> x);
}

/// <summary>A pure function of two floats, written once for scalar, 256-bit and 512-bit lanes.</summary>
public interface IBinaryOp
{
    /// <summary>f(a, b) for one element.</summary>
    float Apply(float a, float b);
    /// <summary>f(a, b) for 8 lanes.</summary>
    Vector256<float> Apply(Vector256<float> a, Vector256<float> b);
    /// <summary>f(a, b) for 16 lanes.</summary>
    Vector512<float> Apply(Vector512<float> a, Vector512<float> b);
}

/// <summary>
/// An activation (or any differentiable unary op) as DESIGN §3 describes it: y = f(x), and the derivative dy/dx
/// computed from the saved input x and/or output y, whichever is cheaper — each written once, generic over the lane
/// type (<see cref="Float1"/>, <see cref="Float8"/>, <see cref="Float16"/>), so the scalar path and every vector
/// width run the same operations.
/// </summary>
/// <remarks>Implement on a struct: the loops in <see cref="Elementwise"/> are specialised per struct and lane type by
/// the JIT, so a stateless op costs nothing and a parametric one carries its fields.</remarks>
public interface IActivationOp
{
    /// <summary>y = f(x), lane by lane.</summary>
    TV Forward<TV>(TV x) where TV : struct, IFloatLanes<TV>;
    /// <summary>f'(x), given x and y = f(x), lane by lane.</summary>
    TV Derivative<TV>(TV x, TV y) where TV : struct, IFloatLanes<TV>;
}
