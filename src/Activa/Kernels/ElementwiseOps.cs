namespace Activa.Kernels;

/// <summary>A pure function of one float, written once over the lane type (<see cref="Float1"/>, <see cref="Float8"/>,
/// <see cref="Float16"/>), so the scalar tail and every vector width compute the same operations.</summary>
/// <remarks>Implement on a struct: the generic loops in <see cref="Elementwise"/> are specialised per struct and lane
/// type by the JIT, so a stateless op costs nothing and a parametric one (clamp bounds, a slope) carries its fields.</remarks>
public interface IUnaryOp
{
    /// <summary>f(x), lane by lane.</summary>
    TV Apply<TV>(TV x) where TV : struct, IFloatLanes<TV>;
}

/// <summary>A pure function of two floats, written once over the lane type (as <see cref="IUnaryOp"/>).</summary>
public interface IBinaryOp
{
    /// <summary>f(a, b), lane by lane.</summary>
    TV Apply<TV>(TV a, TV b) where TV : struct, IFloatLanes<TV>;
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
