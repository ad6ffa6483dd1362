namespace Activa.Onnx;

/// <summary>
/// An ONNX graph under construction (onnx.proto: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto): nodes
/// in order, float initializers, one float input and one output of shape [batch, features]. <c>ToModel</c>
/// writes the ModelProto bytes at opset <see cref="Opset"/>.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    /// <summary>The default-domain opset the graph's ops are written for.</summary>
    public const int Opset = 17;
    private const int IrVersion = 8;
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = 1;
    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = 7;

    private readonly List<ProtoMessage> _nodes = [];
    private readonly List<ProtoMessage> _initializers = [];
    private int _next;

    /// <summary>A fresh value name with <paramref name="hint"/> in it.</summary>
    public string Name(string hint) => $"{hint}_{_next++}";

    /// <summary>Adds a float initializer of <paramref name="shape"/>; returns its name.</summary>
    public string Constant(string hint, float[] values, params long[] shape) => Initializer(hint, FloatType, values, 4, shape);

    /// <summary>Adds an int64 initializer of <paramref name="shape"/> (shapes, axes and slice bounds); returns its name.</summary>
    public string Int64(string hint, long[] values, params long[] shape) => Initializer(hint, Int64Type, values, 8, shape);

    // A TensorProto with little-endian raw_data.
    private string Initializer(string hint, int type, Array values, int bytesPerValue, long[] shape)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        string n = Name(hint);
        var tensor = new ProtoMessage();
        foreach (long d in shape) tensor.Int(1, d);
        tensor.Int(2, type).String(8, n);
        var raw = new byte[values.Length * bytesPerValue];
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        tensor.Bytes(9, raw);
        _initializers.Add(tensor);
        return n;
    }

    /// <summary>A scalar float initializer.</summary>
    public string Scalar(string hint, float value) => Constant(hint, [value]);

    /// <summary>Adds node <paramref name="op"/> on <paramref name="inputs"/>; returns its output's name.</summary>
    public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes) => Add(Name(op.ToLowerInvariant()), op, inputs, attributes);

    /// <summary>Names <paramref name="value"/> <paramref name="output"/> (an Identity node), e.g. for the graph's output.</summary>
    public string Output(string output, string value) => Add(output, "Identity", [value], []);

    private string Add(string output, string op, string[] inputs, (string Name, object Value)[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var i in inputs) node.String(1, i);
        node.String(2, output).String(3, output).String(4, op);
        foreach (var (attr, value) in attributes)
        {
            var a = new ProtoMessage().String(1, attr);
            switch (value)
            {
                case float f: a.Float(2, f).Int(20, 1); break;
                case int i: a.Int(3, i).Int(20, 2); break;
                case long l: a.Int(3, l).Int(20, 2); break;
                case long[] list:
                    foreach (var v in list) a.Int(8, v);
                    a.Int(20, 7);
                    break;
                default: throw new ArgumentException($"ONNX attribute {attr}: unsupported value type {value.GetType().Name}.");
            }
            node.Message(5, a);
        }
        _nodes.Add(node);
        return output;
    }

    /// <summary>The ModelProto: graph input <paramref name="input"/> [batch, inputs], output <paramref name="output"/> [batch, outputs].</summary>
    public byte[] ToModel(string input, int inputs, string output, int outputs, string producerVersion) =>
        ToModel([new(input, FloatType, [-1, inputs])], [new(output, FloatType, [-1, outputs])], producerVersion);

    /// <summary>The ModelProto with the graph inputs and outputs <paramref name="inputs"/>, <paramref name="outputs"/> (a dimension −1 is the symbolic "batch", −2 the input's own "NAME_length").</summary>
    public byte[] ToModel(IReadOnlyList<OnnxValue> inputs, IReadOnlyList<OnnxValue> outputs, string producerVersion)
    {
        var graph = new ProtoMessage();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, name);
        foreach (var t in _initializers) graph.Message(5, t);
        foreach (var v in inputs) graph.Message(11, ValueInfo(v));
        foreach (var v in outputs) graph.Message(12, ValueInfo(v));
        return new ProtoMessage()
            .Int(1, IrVersion)
            .String(2, "activa").String(3, producerVersion)
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int(2, Opset))
            .ToArray();
    }

    private static ProtoMessage ValueInfo(OnnxValue value)
    {
        var shape = new ProtoMessage();
        foreach (long d in value.Dims)
            shape.Message(1, d < 0 ? new ProtoMessage().String(2, OnnxValue.Symbol(value.Name, d)) : new ProtoMessage().Int(1, d));
        var tensor = new ProtoMessage().Int(1, value.Type).Message(2, shape);
        return new ProtoMessage().String(1, value.Name).Message(2, new ProtoMessage().Message(1, tensor));
    }
}
