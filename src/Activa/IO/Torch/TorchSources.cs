namespace Activa.IO.Torch;

/// <summary>
/// The PyTorch modules equivalent to Activa's forecasting, CTR and KAN models, as Python source: <c>activa export
/// --torch</c> writes it beside the weights, and tests/fixtures/torch_interop/make_fixture.py runs it with Debian's
/// python3-torch to prove that the module loads the exported state_dict strictly and computes what Activa computes.
/// Parameter names and layouts are Activa's except where PyTorch's own layer differs (nn.GRU's "_l0" suffix, the
/// Conv1d taps of PGN's HIE in time order, KAN's coefficients split into base and spline weights).
/// </summary>
internal static class TorchSources
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

    /// <summary>The CTR models on behaviour samples (src/Activa/Models/Ctr): forward(user, item, category, h_items, h_categories, mask) → logits [B].</summary>
    public const string Ctr = """"

        def mlp(inputs, hidden, act, outputs):
            """Linear -> act per hidden width, then Linear to outputs (none when outputs is 0)."""
            layers, width = [], inputs
            for h in hidden:
                layers += [nn.Linear(width, h), act(h)]
                width = h
            if outputs > 0:
                layers.append(nn.Linear(width, outputs))
            return nn.Sequential(*layers)


        class CtrModel(nn.Module):
            """Embeddings user, item, category (row 0 padding); candidate q = [item, category]; behaviours k_j = [item_j, category_j].
            Inputs: user, item, category [B] and h_items, h_categories [B, L] (int64, 0 = padding), mask [B, L] (1 = behaviour)."""

            def __init__(self, users, items, categories, d):
                super().__init__()
                self.d = d
                self.user = nn.Embedding(users + 1, d, padding_idx=0)
                self.item = nn.Embedding(items + 1, d, padding_idx=0)
                self.category = nn.Embedding(categories + 1, d, padding_idx=0)

            def candidate(self, item, category):
                return torch.cat([self.item(item), self.category(category)], 1)

            def behaviours(self, h_items, h_categories):
                return torch.cat([self.item(h_items), self.category(h_categories)], 2)


        class CtrLogistic(CtrModel):
            """Logistic regression: one scalar per id, the history summed."""

            def __init__(self, users, items, categories):
                super().__init__(users, items, categories, 1)
                self.bias = nn.Parameter(torch.zeros(1))

            def forward(self, user, item, category, h_items, h_categories, mask):
                history = self.behaviours(h_items, h_categories).sum((1, 2))
                return self.user(user).reshape(-1) + self.candidate(item, category).sum(1) + history + self.bias


        class CtrDnn(CtrModel):
            """DIN's base model: MLP([user, q, sum_j k_j])."""

            def __init__(self, users, items, categories, d, hidden, act):
                super().__init__(users, items, categories, d)
                self.mlp = mlp(5 * d, hidden, act, 1)

            def fields(self, user, item, category, h_items, h_categories):
                return torch.cat([self.user(user), self.candidate(item, category), self.behaviours(h_items, h_categories).sum(1)], 1)

            def forward(self, user, item, category, h_items, h_categories, mask):
                return self.mlp(self.fields(user, item, category, h_items, h_categories)).reshape(-1)


        class DeepFm(CtrDnn):
            """DeepFM (Guo et al., IJCAI 2017) on the five fields user, item, category, pooled items, pooled categories."""

            def __init__(self, users, items, categories, d, hidden, act):
                super().__init__(users, items, categories, d, hidden, act)
                self.first_order = CtrLogistic(users, items, categories)

            def forward(self, user, item, category, h_items, h_categories, mask):
                fields = self.fields(user, item, category, h_items, h_categories)
                v = fields.reshape(fields.shape[0], 5, self.d)
                s = v.sum(1)
                pairwise = 0.5 * (s * s - (v * v).sum(1)).sum(1)
                first = self.first_order(user, item, category, h_items, h_categories, mask)
                return first + pairwise + self.mlp(fields).reshape(-1)


        class Din(CtrModel):
            """DIN (Zhou et al., KDD 2018): behaviours pooled with weights MLP([q, k, q - k, q * k]) times the mask (softmax over
            the behaviours with attention_softmax), then MLP([user, q, pooled])."""

            def __init__(self, users, items, categories, d, hidden, act, attention_hidden=36, attention_softmax=False):
                super().__init__(users, items, categories, d)
                self.attention_softmax = attention_softmax
                self.attention = mlp(8 * d, [attention_hidden], act, 1)
                self.mlp = mlp(5 * d, hidden, act, 1)

            def forward(self, user, item, category, h_items, h_categories, mask):
                b, l = h_items.shape
                q = self.candidate(item, category)
                k = self.behaviours(h_items, h_categories)
                qe = q.unsqueeze(1).expand_as(k)
                scores = self.attention(torch.cat([qe, k, qe - k, qe * k], 2).reshape(b * l, -1)).reshape(b, l)
                if self.attention_softmax:
                    weights = torch.softmax(scores * mask + (mask * 1e9 - 1e9), 1) * mask
                else:
                    weights = scores * mask
                pooled = (weights.unsqueeze(2) * k).sum(1)
                return self.mlp(torch.cat([self.user(user), q, pooled], 1)).reshape(-1)


        class TwoStreamMlp(nn.Module):
            """FinalMLP's streams: gates 2 * sigmoid(MLP(context)) on the features, two MLPs, multi-head bilinear fusion; without
            gates (DualMLP) the two streams' logits summed."""

            def __init__(self, width, context1, context2, hidden, second_hidden, act, heads, gated):
                super().__init__()
                self.gated, self.heads = gated, heads
                if not gated:
                    self.stream1 = mlp(width, hidden, act, 1)
                    self.stream2 = mlp(width, second_hidden, act, 1)
                    return
                self.gate1 = mlp(context1, [64], lambda n: nn.ReLU(), width)
                self.gate2 = mlp(context2, [64], lambda n: nn.ReLU(), width)
                self.stream1 = mlp(width, hidden, act, 0)
                self.stream2 = mlp(width, second_hidden, act, 0)
                self.linear1 = nn.Linear(hidden[-1], 1)
                self.linear2 = nn.Linear(second_hidden[-1], 1, bias=False)
                self.bilinear = nn.Parameter(torch.zeros(heads, hidden[-1] // heads, second_hidden[-1] // heads))

            def forward(self, e, context1, context2):
                n = e.shape[0]
                if not self.gated:
                    return (self.stream1(e) + self.stream2(e)).reshape(n)
                o1 = self.stream1(2 * torch.sigmoid(self.gate1(context1)) * e)
                o2 = self.stream2(2 * torch.sigmoid(self.gate2(context2)) * e)
                o1h = o1.reshape(n, self.heads, -1).transpose(0, 1)
                o2h = o2.reshape(n, self.heads, -1).transpose(0, 1)
                bilinear = (torch.bmm(o1h, self.bilinear) * o2h).sum((0, 2))
                return (self.linear1(o1) + self.linear2(o2)).reshape(n) + bilinear


        class FinalMlp(CtrModel):
            """FinalMLP (Mao et al., AAAI 2023) on [user, q, sum_j k_j], stream 1 gated on [user, sum_j k_j], stream 2 on q;
            gated=False is DualMLP."""

            def __init__(self, users, items, categories, d, hidden, second_hidden, act, heads=4, gated=True):
                super().__init__(users, items, categories, d)
                self.streams = TwoStreamMlp(5 * d, 3 * d, 2 * d, hidden, second_hidden, act, heads, gated)

            def forward(self, user, item, category, h_items, h_categories, mask):
                u = self.user(user)
                q = self.candidate(item, category)
                pooled = self.behaviours(h_items, h_categories).sum(1)
                return self.streams(torch.cat([u, q, pooled], 1), torch.cat([u, pooled], 1), q)

        """";

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
