using System.IO;
using RnnCodegen.Serialization;
using RnnCodegen.Tests.Models;
using static RnnCodegen.Tests.Serialization.CheckpointTestTrainers;

namespace RnnCodegen.Tests.Serialization;

/// <summary>The writer's own check of what the trainer hands it: a carried state of the wrong length writes nothing.</summary>
public class CheckpointWriterArgumentTests
{
    [Fact]
    public void Carried_states_that_are_not_rows_times_the_state_length_are_refused_before_anything_is_written()
    {
        var model = new SimpleTanhModel(1);
        var stream = new MemoryStream();

        var exception = Assert.Throws<ArgumentException>(() => CheckpointWriter.Write(
            stream, Descriptor<SimpleTanhModel>(), model.Parameters, new Sgd(0.1f), carriedRows: Rows, carriedStates: new float[(Rows * StateLength) - 1]));

        Assert.Equal("carriedStates", exception.ParamName);
        Assert.StartsWith($"2 carried rows of '{Signature}' hold 16 floats, the span 15.", exception.Message);
        Assert.Equal(0, stream.Length);
    }

    private static Layout.ModelDescriptor Descriptor<TModel>()
        where TModel : class, IRecurrentModel<TModel> => TModel.Descriptor;
}
