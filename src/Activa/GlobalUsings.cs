// Namespaces that nearly every activation and kernel file reads: the lane types and loops (Activa.Kernels), the
// learnable activations' modules (Activa.Activations.Learnable) and MethodImpl (System.Runtime.CompilerServices).
// Namespaces only: a `global using static` would put names such as None or Positive in scope library-wide.
global using System.Runtime.CompilerServices;
global using Activa.Activations.Learnable;
global using Activa.Kernels;
