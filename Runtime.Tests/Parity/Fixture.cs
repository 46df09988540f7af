using System.IO;
using System.Linq;
using RnnCodegen.Serialization;

namespace RnnCodegen.Tests.Parity;

/// <summary>The files tools/make_fixtures.py wrote for one case: PyTorch weights and one sequence's inputs and outputs.</summary>
internal sealed class Fixture
{
    private Fixture(string name)
    {
        Name = name;
        WeightsPath = PathOf(name + ".safetensors");
        SafetensorsDocument io = SafetensorsDocument.Read(PathOf(name + ".io.safetensors"));
        Outputs = io["output"].Floats;
        StepCount = (int)io["output"].Shape[0];
        if (io.Tensors.Any(tensor => tensor.Name == "tokens"))
        {
            Tokens = io["tokens"].Int64s.Select(token => checked((int)token)).ToArray();
        }
        else
        {
            Inputs = io["input"].Floats;
        }
    }

    public string Name { get; }

    public string WeightsPath { get; }

    public float[] Inputs { get; } = [];

    public int[] Tokens { get; } = [];

    public float[] Outputs { get; }

    public int StepCount { get; }

    public static Fixture Load(string name) => new(name);

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", file);
}
