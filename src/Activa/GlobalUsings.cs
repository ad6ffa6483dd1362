// The vocabulary of the activation catalogue, shared by every operator struct and set kernel: the lane types and
// vector math (Activa.Kernels), inlining attributes, the learnable kernels the fixed twins compute with, and the
// property flags and parameter ranges an ActivationInfo declares (Monotone | Smooth, Positive, Within(lo, hi), ...).
global using System.Runtime.CompilerServices;
global using Activa.Kernels;
global using Activa.Activations.Learnable;
global using static Activa.Activations.ActivationProperties;
global using static Activa.Activations.ParameterRange;
