namespace Activa.IO.Torch;

/// <summary>
/// The PyTorch modules equivalent to Activa's forecasting, CTR and KAN models, as Python source: <c>activa export
/// --torch</c> writes it beside the weights, and tests/fixtures/torch_interop/make_fixture.py runs it with Debian's
/// python3-torch to prove that the module loads the exported state_dict strictly and computes what Activa computes.
/// Parameter names and layouts are Activa's except where PyTorch's own layer differs (nn.GRU's "_l0" suffix, the
/// Conv1d taps of PGN's HIE in time order, KAN's coefficients split into base and spline weights).
/// </summary>
internal static partial class TorchSources
{
    /// <summary>Imports and the shared Dice activation.</summary>
    public const string Prelude = """"
        import torch
        from torch import nn
        import torch.nn.functional as F


        class Dice(nn.Module):
            """Dice (Zhou et al., KDD 2018) as Activa computes it: x * (alpha + (1 - alpha) * sigmoid(z)), z the unit's input
            normalised by batch statistics in training (running ones updated with the unbiased variance) and by the running
            ones in evaluation; with learnable_scale the gate is sigmoid(beta * z)."""

            def __init__(self, units, eps=1e-8, momentum=0.1, learnable_scale=False, sets=None):
                super().__init__()
                self.eps, self.momentum = eps, momentum
                self.alpha = nn.Parameter(torch.zeros(sets or units))
                if learnable_scale:
                    self.beta = nn.Parameter(torch.zeros(sets or units))
                else:
                    self.beta = None
                self.register_buffer("running_mean", torch.zeros(units))
                self.register_buffer("running_var", torch.ones(units))

            def forward(self, x):
                if self.training:
                    mean, var = x.mean(0), x.var(0, unbiased=False)
                    with torch.no_grad():
                        n = x.shape[0]
                        self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                        self.running_var.mul_(1 - self.momentum).add_(self.momentum * var * n / (n - 1))
                else:
                    mean, var = self.running_mean, self.running_var
                z = (x - mean) / torch.sqrt(var + self.eps)
                if self.beta is not None:
                    z = z * self.beta
                return x * (self.alpha + (1 - self.alpha) * torch.sigmoid(z))

        """";
}
