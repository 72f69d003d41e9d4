using System.IO.MemoryMappedFiles;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BiasApp.Core.Classification;

/// <summary>
/// An ONNX model's large lookup tables (initializers that only <c>Gather</c> nodes read, such as the word-embedding table)
/// handed to ONNX Runtime as views of the memory-mapped model file instead of being copied into its own memory
/// (<see cref="SessionOptions.AddInitializer"/>). A lookup reads a few rows of the table, so only the pages of the rows a
/// process has looked up are ever in its memory, and those are clean file pages the kernel can drop and read again,
/// where ONNX Runtime's copy is private memory that is always resident in full: 11.2 MB for the shipped model's
/// 30,522 × 384 int8 table (README, Performance). Other initializers (the MatMul weights, which ONNX Runtime repacks)
/// are left to ONNX Runtime. Owns the mapping and the values; dispose it after the session that uses them.
/// </summary>
internal sealed class MappedInitializers : IDisposable
{
    /// <summary>Smaller tables are left to ONNX Runtime: mapping them saves too little to matter.</summary>
    internal const long MinBytes = 1 << 20;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly List<OrtValue> _values = [];

    private MappedInitializers(MemoryMappedFile? file, MemoryMappedViewAccessor? view)
    {
        _file = file;
        _view = view;
    }

    /// <summary>Nothing mapped: every initializer is ONNX Runtime's own.</summary>
    public static MappedInitializers None => new(null, null);

    /// <summary>Bytes of the model served from the file rather than copied.</summary>
    public long Bytes { get; private set; }

    /// <summary>
    /// Maps <paramref name="modelPath"/> and adds every large Gather-only table to <paramref name="options"/>. A model
    /// this reader does not understand (external data, subgraphs, an unexpected layout) gets nothing added, and ONNX
    /// Runtime then loads it in full as usual.
    /// </summary>
    public static MappedInitializers AddTo(SessionOptions options, string modelPath)
    {
        List<Table> tables;
        try
        {
            tables = FindTables(modelPath);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException)
        {
            tables = [];
        }
        if (tables.Count == 0) return None;

        var file = MemoryMappedFile.CreateFromFile(modelPath, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var mapped = new MappedInitializers(file, view);
        try
        {
            var start = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
            foreach (var table in tables)
            {
                var value = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, table.Type, table.Shape, start + (nint)table.Offset, table.Length);
                mapped._values.Add(value);
                options.AddInitializer(table.Name, value);
                mapped.Bytes += table.Length;
            }
        }
        catch
        {
            mapped.Dispose();
            throw;
        }
        return mapped;
    }

    public void Dispose()
    {
        foreach (var value in _values) value.Dispose();
        _view?.Dispose();
        _file?.Dispose();
    }

    internal sealed record Table(string Name, TensorElementType Type, long[] Shape, long Offset, long Length);

    private sealed class Initializer
    {
        public string Name = "";
        public int DataType;
        public List<long> Dims = [];
        public long RawOffset = -1;
        public long RawLength;
        public bool External;
    }

    /// <summary>
    /// Reads the model's protobuf (<c>ModelProto.graph</c>: its nodes and initializers) without reading tensor data: raw
    /// data is skipped and only its place in the file kept. Returns the initializers worth mapping.
    /// </summary>
    internal static List<Table> FindTables(string modelPath)
    {
        using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        var reader = new ProtoReader(stream);
        var initializers = new List<Initializer>();
        var consumers = new Dictionary<string, List<(string Op, int Index)>>();
        var hasSubgraphs = false;
        while (reader.Position < stream.Length)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 7 && wire == 2)
            {
                var end = reader.ReadLength() + reader.Position;
                while (reader.Position < end)
                {
                    var (graphField, graphWire) = reader.ReadKey();
                    if (graphField == 1 && graphWire == 2) ReadNode(reader, consumers, ref hasSubgraphs);
                    else if (graphField == 5 && graphWire == 2) initializers.Add(ReadInitializer(reader));
                    else reader.Skip(graphWire);
                }
            }
            else reader.Skip(wire);
        }
        if (hasSubgraphs) return [];

        var tables = new List<Table>();
        foreach (var initializer in initializers)
        {
            if (initializer.External || initializer.RawOffset < 0 || initializer.RawLength < MinBytes) continue;
            if (!consumers.TryGetValue(initializer.Name, out var uses) || uses.Any(u => u.Op != "Gather" || u.Index != 0)) continue;
            if (ElementSize(initializer.DataType) is not { } size) continue;
            var count = initializer.Dims.Aggregate(1L, (a, d) => a * d);
            if (initializer.Dims.Count == 0 || count * size != initializer.RawLength) continue;
            tables.Add(new Table(initializer.Name, (TensorElementType)initializer.DataType, [.. initializer.Dims], initializer.RawOffset, initializer.RawLength));
        }
        return tables;
    }

    // ONNX TensorProto.DataType values, which TensorElementType mirrors; other types are not mapped.
    private static int? ElementSize(int dataType) => dataType switch
    {
        1 or 6 => 4,       // float, int32
        2 or 3 or 9 => 1,  // uint8, int8, bool
        4 or 5 or 10 or 16 => 2, // uint16, int16, float16, bfloat16
        7 or 11 => 8,      // int64, double
        _ => null,
    };

    private static void ReadNode(ProtoReader reader, Dictionary<string, List<(string, int)>> consumers, ref bool hasSubgraphs)
    {
        var end = reader.ReadLength() + reader.Position;
        var inputs = new List<string>();
        var op = "";
        while (reader.Position < end)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1 && wire == 2) inputs.Add(reader.ReadString());
            else if (field == 4 && wire == 2) op = reader.ReadString();
            else reader.Skip(wire);
        }
        if (op is "If" or "Loop" or "Scan") hasSubgraphs = true;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (!consumers.TryGetValue(inputs[i], out var list)) consumers[inputs[i]] = list = [];
            list.Add((op, i));
        }
    }

    private static Initializer ReadInitializer(ProtoReader reader)
    {
        var end = reader.ReadLength() + reader.Position;
        var tensor = new Initializer();
        while (reader.Position < end)
        {
            var (field, wire) = reader.ReadKey();
            switch (field, wire)
            {
                case (1, 0): tensor.Dims.Add((long)reader.ReadVarint()); break;
                case (1, 2):
                    var dimsEnd = reader.ReadLength() + reader.Position;
                    while (reader.Position < dimsEnd) tensor.Dims.Add((long)reader.ReadVarint());
                    break;
                case (2, 0): tensor.DataType = (int)reader.ReadVarint(); break;
                case (8, 2): tensor.Name = reader.ReadString(); break;
                case (9, 2):
                    tensor.RawLength = reader.ReadLength();
                    tensor.RawOffset = reader.Position;
                    reader.Seek(tensor.RawOffset + tensor.RawLength);
                    break;
                case (14, 0): tensor.External = reader.ReadVarint() == 1; break;
                default: reader.Skip(wire); break;
            }
        }
        return tensor;
    }

    /// <summary>Just enough of the protobuf wire format: keys, varints, lengths and skipping.</summary>
    private sealed class ProtoReader(Stream stream)
    {
        public long Position => stream.Position;

        public void Seek(long position) => stream.Position = position <= stream.Length ? position : throw new EndOfStreamException();

        public (int Field, int Wire) ReadKey()
        {
            var key = ReadVarint();
            return ((int)(key >> 3), (int)(key & 7));
        }

        public ulong ReadVarint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = stream.ReadByte();
                if (b < 0) throw new EndOfStreamException();
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80) return value;
            }
            throw new InvalidDataException("Malformed varint in the model file.");
        }

        public long ReadLength()
        {
            var length = ReadVarint();
            return length <= (ulong)(stream.Length - stream.Position) ? (long)length : throw new InvalidDataException("Length past the end of the model file.");
        }

        public string ReadString()
        {
            var bytes = new byte[ReadLength()];
            stream.ReadExactly(bytes);
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: ReadVarint(); break;
                case 1: Seek(Position + 8); break;
                case 2: var length = ReadLength(); Seek(Position + length); break;
                case 5: Seek(Position + 4); break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} in the model file.");
            }
        }
    }
}
