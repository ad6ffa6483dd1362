namespace Activa.IO.Torch;

internal static partial class TorchSources
{
    /// <summary>The KAN layer on a B-spline basis, efficient-kan style, and the standardisation of a KAN's input.</summary>
    public const string Kan = """"

        class Standardize(nn.Module):
            """(x - mean) / std, the input standardisation of Activa's models."""

            def __init__(self, mean, std):
                super().__init__()
                self.mean, self.std = mean, std

            def forward(self, x):
                return (x - self.mean) / self.std


        class KanLinear(nn.Module):
            """A KAN layer (Liu et al., arXiv 2404.19756) the efficient-kan way: y = silu(x) base_weight^T + B(x) spline_weight^T
            + bias, with B(x) the order-k B-splines on each input's knots (buffer grid [in, G + 2k + 1]); x is clamped to the
            grid [grid[:, k], grid[:, k + G]] for the splines (the last interval closed), not for the SiLU base."""

            def __init__(self, inputs, outputs, grid_size=5, order=3, lo=-1.0, hi=1.0, base=True, bias=True):
                super().__init__()
                self.grid_size, self.order = grid_size, order
                h = (hi - lo) / grid_size
                grid = torch.arange(-order, grid_size + order + 1, dtype=torch.float32) * h + lo
                self.register_buffer("grid", grid.expand(inputs, -1).contiguous())
                if base:
                    self.base_weight = nn.Parameter(torch.zeros(outputs, inputs))
                else:
                    self.base_weight = None
                self.spline_weight = nn.Parameter(torch.zeros(outputs, inputs, grid_size + order))
                if bias:
                    self.bias = nn.Parameter(torch.zeros(outputs))
                else:
                    self.bias = None

            def b_splines(self, x):
                g, k, top = self.grid, self.order, self.order + self.grid_size
                x = torch.max(torch.min(x, g[:, top]), g[:, k]).unsqueeze(-1)
                bases = (x >= g[:, :-1]) & (x < g[:, 1:])
                last = x[..., 0] >= g[:, top]
                bases[..., top - 1] |= last
                if k > 0:
                    bases[..., top] &= ~last
                bases = bases.to(x.dtype)
                for p in range(1, k + 1):
                    bases = ((x - g[:, :-(p + 1)]) / (g[:, p:-1] - g[:, :-(p + 1)]) * bases[..., :-1]
                             + (g[:, p + 1:] - x) / (g[:, p + 1:] - g[:, 1:-p]) * bases[..., 1:])
                return bases

            def forward(self, x):
                shape = x.shape
                x = x.reshape(-1, shape[-1])
                y = F.linear(self.b_splines(x).reshape(x.shape[0], -1), self.spline_weight.reshape(self.spline_weight.shape[0], -1))
                if self.base_weight is not None:
                    y = y + F.linear(F.silu(x), self.base_weight)
                if self.bias is not None:
                    y = y + self.bias
                return y.reshape(*shape[:-1], -1)

        """";
}
