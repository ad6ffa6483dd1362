namespace Activa.IO.Torch;

internal static partial class TorchSources
{
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
}
