namespace Activa.IO.Torch;

internal static partial class TorchSources
{
    /// <summary>The forecasting models (src/Activa/Models/Forecasting): input [B, L, C] → forecast [B, H, C].</summary>
    public const string Forecast = """"

        class RevIn(nn.Module):
            """Per window and channel (x - mean) / sqrt(var + eps), statistics detached; optional affine; inverted on the output."""

            def __init__(self, channels, affine, eps=1e-5):
                super().__init__()
                self.eps = eps
                if affine:
                    self.weight = nn.Parameter(torch.ones(channels))
                    self.bias = nn.Parameter(torch.zeros(channels))
                else:
                    self.weight = self.bias = None

            def normalize(self, x):
                with torch.no_grad():
                    mean = x.mean(1, keepdim=True)
                    std = torch.sqrt(x.var(1, keepdim=True, unbiased=False) + self.eps)
                y = (x - mean) / std
                if self.weight is not None:
                    y = y * self.weight + self.bias
                return y, (mean, std)

            def denormalize(self, y, stats):
                mean, std = stats
                if self.weight is not None:
                    y = (y - self.bias) / (self.weight + self.eps * self.eps)
                return y * std + mean


        class Forecaster(nn.Module):
            """[B, L, C] -> [B, H, C], RevIn around the model when asked for; channel-independent models see [B*C, L]."""

            def __init__(self, input_length, horizon, channels, revin=False, revin_affine=False):
                super().__init__()
                self.L, self.H, self.C = input_length, horizon, channels
                if revin:
                    self.revin = RevIn(channels, revin_affine)
                else:
                    self.revin = None

            def forward(self, x):
                if self.revin is None:
                    return self.forecast(x)
                x, stats = self.revin.normalize(x)
                return self.revin.denormalize(self.forecast(x), stats)

            def to_series(self, x):
                b, l, c = x.shape
                return x.permute(0, 2, 1).reshape(b * c, l)

            def from_series(self, y):
                return y.reshape(-1, self.C, y.shape[1]).permute(0, 2, 1)


        class LinearForecast(Forecaster):
            """One linear map L -> H shared by the channels (Zeng et al., AAAI 2023)."""

            def __init__(self, input_length, horizon, channels, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.projection = nn.Linear(input_length, horizon)

            def forecast(self, x):
                return self.from_series(self.projection(self.to_series(x)))


        def moving_average(s, k):
            """Moving average of kernel k along the last axis, the series' ends repeated."""
            front = (k - 1) // 2
            padded = torch.cat([s[:, :1].expand(-1, front), s, s[:, -1:].expand(-1, k - 1 - front)], 1)
            return padded.unfold(1, k, 1).mean(-1)


        class DLinear(Forecaster):
            """Trend (moving average) and seasonal remainder, each through its own linear map L -> H (Zeng et al., AAAI 2023)."""

            def __init__(self, input_length, horizon, channels, moving_average=25, individual=False, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.kernel, self.individual = moving_average, individual
                if individual:
                    self.seasonal_weight = nn.Parameter(torch.zeros(channels, horizon, input_length))
                    self.seasonal_bias = nn.Parameter(torch.zeros(channels, 1, horizon))
                    self.trend_weight = nn.Parameter(torch.zeros(channels, horizon, input_length))
                    self.trend_bias = nn.Parameter(torch.zeros(channels, 1, horizon))
                else:
                    self.seasonal = nn.Linear(input_length, horizon)
                    self.trend = nn.Linear(input_length, horizon)

            def forecast(self, x):
                s = self.to_series(x)
                trend = moving_average(s, self.kernel)
                seasonal = s - trend
                if not self.individual:
                    return self.from_series(self.seasonal(seasonal) + self.trend(trend))
                b = x.shape[0]

                def per_channel(part, w, bias):
                    return torch.einsum("bcl,chl->bch", part.reshape(b, self.C, self.L), w) + bias[:, 0, :]

                y = per_channel(seasonal, self.seasonal_weight, self.seasonal_bias) + per_channel(trend, self.trend_weight, self.trend_bias)
                return y.permute(0, 2, 1)


        class GruForecast(Forecaster):
            """nn.GRU over each channel's series, a linear head on the last state."""

            def __init__(self, input_length, horizon, channels, hidden=64, dropout=0.0, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.gru = nn.GRU(1, hidden, batch_first=True)
                self.dropout = nn.Dropout(dropout)
                self.head = nn.Linear(hidden, horizon)

            def forecast(self, x):
                states, _ = self.gru(self.to_series(x).unsqueeze(2))
                return self.from_series(self.head(self.dropout(states[:, -1])))


        class PgnLayer(nn.Module):
            """PGN (Jia et al., NeurIPS 2024): HIE over all previous steps (zero padding, a Conv1d of kernel w, the last
            output dropped), gate Linear(in + d -> 2d) on [x, H], out = sigmoid(g) * H + (1 - sigmoid(g)) * tanh(c)."""

            def __init__(self, inputs, d, steps):
                super().__init__()
                self.w = max(1, steps - 1)
                self.hie = nn.Conv1d(inputs, d, self.w)
                self.gate = nn.Linear(inputs + d, 2 * d)

            def forward(self, x):
                h = self.hie(F.pad(x.transpose(1, 2), (self.w, 0)))[:, :, :-1].transpose(1, 2)
                g, c = self.gate(torch.cat([x, h], 2)).chunk(2, 2)
                gate = torch.sigmoid(g)
                return gate * h + (1 - gate) * torch.tanh(c)


        class Pgn(Forecaster):
            """A PGN layer over the L steps, a linear over all steps' outputs (L*d -> d), a head d -> H."""

            def __init__(self, input_length, horizon, channels, d_model=32, dropout=0.0, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.d = d_model
                self.pgn = PgnLayer(1, d_model, input_length)
                self.aggregate = nn.Linear(input_length * d_model, d_model)
                self.dropout = nn.Dropout(dropout)
                self.head = nn.Linear(d_model, horizon)

            def forecast(self, x):
                s = self.to_series(x)
                n = s.shape[0]
                h = self.pgn(s.reshape(n, self.L, 1))
                return self.from_series(self.head(self.dropout(self.aggregate(h.reshape(n, self.L * self.d)))))


        def pad_front(x, length):
            pad = length - x.shape[1]
            return x if pad == 0 else torch.cat([x[:, :1].expand(-1, pad), x], 1)


        class Tpgn(Forecaster):
            """TPGN (Jia et al., NeurIPS 2024): the series as rows (periods) x P phases; long-term a PGN down the rows of each
            phase and a linear over the rows, short-term patches embedded and mixed; a head 2d -> ceil(H/P) per phase."""

            def __init__(self, input_length, horizon, channels, d_model=32, period=24, patch_length=None, dropout=0.0, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.d, self.p = d_model, period
                self.patch = patch_length or period
                self.rows = -(-input_length // period)
                self.patches = -(-input_length // self.patch)
                self.out_rows = -(-horizon // period)
                self.long_pgn = PgnLayer(1, d_model, self.rows)
                self.long_aggregate = nn.Linear(self.rows * d_model, d_model)
                self.short_row = nn.Linear(self.patch, d_model)
                self.short_col = nn.Linear(self.patches * d_model, d_model)
                self.dropout = nn.Dropout(dropout)
                self.head = nn.Linear(2 * d_model, self.out_rows)

            def forecast(self, x):
                s = self.to_series(x)
                n, p, r, d = s.shape[0], self.p, self.rows, self.d
                grid = pad_front(s, r * p).reshape(n, r, p)
                long_h = self.long_pgn(grid.transpose(1, 2).reshape(n * p, r, 1))
                long_f = self.long_aggregate(long_h.reshape(n * p, r * d)).reshape(n, p, d)
                patches = grid if self.patch == p else pad_front(s, self.patches * self.patch).reshape(n, self.patches, self.patch)
                short_f = self.short_col(self.short_row(patches).reshape(n, self.patches * d))
                both = torch.cat([long_f, short_f.unsqueeze(1).expand(n, p, d)], 2)
                y = self.head(self.dropout(both))
                return self.from_series(y.transpose(1, 2).reshape(n, self.out_rows * p)[:, :self.H])


        class SoftmaxGatedAttention(nn.Module):
            """x * softmax(x W + b) over the last axis."""

            def __init__(self, features):
                super().__init__()
                self.projection = nn.Linear(features, features)

            def forward(self, x):
                return x * torch.softmax(self.projection(x), -1)


        def activate(act, x):
            return act(x.reshape(-1, x.shape[-1])).reshape(x.shape)


        class MixerBlock(nn.Module):
            """Time mixing then feature mixing, each a residual MLP after a LayerNorm over the whole [L, C] window."""

            def __init__(self, input_length, channels, hidden, act, dropout, gated_attention):
                super().__init__()
                self.time_norm = nn.LayerNorm(input_length * channels)
                self.time = nn.Linear(input_length, input_length)
                self.time_act = act(input_length)
                self.feature_norm = nn.LayerNorm(input_length * channels)
                self.feature1 = nn.Linear(channels, hidden)
                self.feature_act = act(hidden)
                self.feature2 = nn.Linear(hidden, channels)
                self.dropout = nn.Dropout(dropout)
                if gated_attention:
                    self.time_gate = SoftmaxGatedAttention(input_length)
                    self.feature_gate = SoftmaxGatedAttention(channels)
                else:
                    self.time_gate = self.feature_gate = None

            @staticmethod
            def norm(norm, x):
                return norm(x.reshape(x.shape[0], -1)).reshape(x.shape)

            def forward(self, x):
                t = self.time(self.norm(self.time_norm, x).transpose(1, 2))
                t = self.dropout(activate(self.time_act, t))
                if self.time_gate is not None:
                    t = self.time_gate(t)
                x = x + t.transpose(1, 2)
                f = activate(self.feature_act, self.feature1(self.norm(self.feature_norm, x)))
                f = self.dropout(self.feature2(self.dropout(f)))
                if self.feature_gate is not None:
                    f = self.feature_gate(f)
                return x + f


        class TsMixer(Forecaster):
            """TSMixer (Chen et al., TMLR 2023): mixer blocks block0, block1, ..., then a projection L -> H over time."""

            def __init__(self, input_length, horizon, channels, hidden=64, blocks=2, act=lambda n: nn.ReLU(), dropout=0.0,
                         gated_attention=False, **common):
                super().__init__(input_length, horizon, channels, **common)
                self.blocks = blocks
                for i in range(blocks):
                    self.add_module(f"block{i}", MixerBlock(input_length, channels, hidden, act, dropout, gated_attention))
                self.projection = nn.Linear(input_length, horizon)

            def forecast(self, x):
                for i in range(self.blocks):
                    x = getattr(self, f"block{i}")(x)
                return self.projection(x.transpose(1, 2)).transpose(1, 2)

        """";
}
