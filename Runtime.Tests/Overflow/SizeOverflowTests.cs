using RnnCodegen.Internals;
using RnnCodegen.Layout;
using RnnCodegen.Tests.Models;

namespace RnnCodegen.Tests.Overflow;

/// <summary>A wide LSTM's tape is long per step, so a step count whose tape product wraps an int needs only small input arrays.</summary>
[RecurrentModel(InputSize = 1)]
[Lstm(256)]
[Dense(1)]
public partial class WideTapeModel;

/// <summary>
/// Size products that wrap an int must be refused, not passed on to kernels that write past a short span: each check
/// gets a step count or batch size whose product, taken in int, wraps to a value the given span passes.
/// </summary>
public sealed class SizeOverflowTests
{
    private const long Wrap = 1L << 32;

    [Fact]
    public void Guards_compare_the_whole_product_not_its_int_wrap()
    {
        int steps = (1 << 30) + 1;   // × 4 wraps to 4

        ArgumentException length = Assert.Throws<ArgumentException>(() => ArgumentGuard.LengthPerStep(4, steps, 4, "inputs"));
        ArgumentException tape = Assert.Throws<ArgumentException>(() => ArgumentGuard.Tape(8, 1, steps, 4, "tape"));

        Assert.Equal("inputs", length.ParamName);
        Assert.Contains($"Expected {steps} steps × 4 = {4L * steps} values, got 4.", length.Message, StringComparison.Ordinal);
        Assert.Equal("tape", tape.ParamName);
        Assert.Contains($"Expected at least 1 rows × ({steps} + 1) steps × 4 = {4L * (steps + 1L)} values, got 8.", tape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batch_guards_take_three_factors_whole_even_past_a_long()
    {
        // int.MaxValue³ ≈ 9.9e27 wraps a long (and int.MaxValue × (int.MaxValue + 1) wraps an int to 0 steps' worth)
        Int128 product = (Int128)int.MaxValue * int.MaxValue * int.MaxValue;

        ArgumentException atLeast = Assert.Throws<ArgumentException>(() => ArgumentGuard.AtLeastPerRowStep(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, "deltas"));
        ArgumentException exact = Assert.Throws<ArgumentException>(() => ArgumentGuard.LengthPerRowStep(0, int.MaxValue, int.MaxValue, int.MaxValue, "inputs"));
        ArgumentException tape = Assert.Throws<ArgumentException>(() => ArgumentGuard.Tape(int.MaxValue, int.MaxValue, int.MaxValue, int.MaxValue, "tape"));

        Assert.Contains($"= {product} values", atLeast.Message, StringComparison.Ordinal);
        Assert.Contains($"= {product} values", exact.Message, StringComparison.Ordinal);
        Assert.Contains($"= {(Int128)int.MaxValue * ((Int128)int.MaxValue + 1) * int.MaxValue} values", tape.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_gradients_refuse_a_batch_tape_whose_row_product_wraps_and_parts_out_of_range()
    {
        int steps = 1;
        int tapePerRow = 2 * TapeLengthPerStep<WideTapeModel>();
        int rows = (int)(Wrap / tapePerRow) + 1;   // rows × (steps + 1) × TapeLengthPerStep wraps an int to at most one row's tape
        float[] tape = new float[tapePerRow];
        float[] gradients = new float[WideTapeModel.ParameterStorageLength];

        ArgumentException wrapped = Assert.Throws<ArgumentException>(() => WeightGradients<WideTapeModel>(new float[rows], rows, steps, tape, new float[DeltaLengthPerStep<WideTapeModel>()], gradients, item: 0));
        ArgumentOutOfRangeException item = Assert.Throws<ArgumentOutOfRangeException>(() => WeightGradients<WideTapeModel>(new float[1], 1, steps, tape, new float[DeltaLengthPerStep<WideTapeModel>()], gradients, item: GradientWorkItems<WideTapeModel>()));

        Assert.Equal("tape", wrapped.ParamName);
        Assert.Contains($"= {(long)rows * tapePerRow} values, got {tapePerRow}", wrapped.Message, StringComparison.Ordinal);
        Assert.Equal("item", item.ParamName);
        Assert.All(gradients, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Forward_training_refuses_inputs_whose_step_product_wraps()
    {
        int steps = (1 << 30) + 1;   // × InputSize 4 wraps to 4
        float[] parameters = new GruModel(1).Parameters.ToArray();

        ArgumentException exception = Assert.Throws<ArgumentException>(() => ForwardTraining<GruModel>(
            parameters, new float[4], steps, new float[StateLength<GruModel>()], new float[TapeLengthPerStep<GruModel>()], new float[2]));

        Assert.Equal("inputs", exception.ParamName);
        Assert.Contains($"= {4L * steps} values, got 4", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_training_and_backward_refuse_a_tape_whose_step_product_wraps()
    {
        int steps = TapeWrappingSteps();
        float[] parameters = new WideTapeModel(1).Parameters.ToArray();
        float[] tape = new float[TapeLengthPerStep<WideTapeModel>()];
        float[] sequence = new float[steps];

        ArgumentException forward = Assert.Throws<ArgumentException>(() => ForwardTraining<WideTapeModel>(
            parameters, sequence, steps, new float[StateLength<WideTapeModel>()], tape, sequence));
        ArgumentException backward = Assert.Throws<ArgumentException>(() => Backward<WideTapeModel>(
            parameters, steps, tape, sequence, new float[DeltaLengthPerStep<WideTapeModel>()]));

        foreach (ArgumentException exception in new[] { forward, backward })
        {
            Assert.Equal("tape", exception.ParamName);
            Assert.Contains($"= {(steps + 1L) * TapeLengthPerStep<WideTapeModel>()} values, got {TapeLengthPerStep<WideTapeModel>()}", exception.Message, StringComparison.Ordinal);
        }

        Assert.All(tape, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Carried_state_refuses_a_batch_whose_state_product_wraps()
    {
        // batchSize × StateLength just past 2^31: the inputs (one float per row and step) are small.
        int batchSize = (int)((1L << 31) / StateLength<WideTapeModel>()) + 1;
        var model = new WideTapeModel(1);
        float[] before = model.Parameters.ToArray();
        using var trainer = new Trainer<WideTapeModel>(model, new Sgd(0.1f), Loss.MeanSquaredError, new TrainerOptions { CarryState = true, MaxSequenceLength = 1 });

        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => trainer.TrainBatch(new float[batchSize], new float[batchSize], batchSize, sequenceLength: 1));

        Assert.Equal("batchSize", exception.ParamName);
        Assert.Contains($"needs {(long)batchSize * StateLength<WideTapeModel>()}, more than an array holds", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.Parameters.ToArray());
    }

    [Theory]
    [InlineData(LayerKind.Lstm, 50_000)]        // 4·H·(1 + H) alone is about 10^10
    [InlineData(LayerKind.Dense, int.MaxValue)] // rounding the units up to whole blocks wraps
    public void A_descriptor_refuses_layers_whose_storage_does_not_fit_an_array(LayerKind kind, int size)
    {
        ArgumentOutOfRangeException exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => new ModelDescriptor(1, [new LayerSpec(LayerKind.SimpleRnn, 8), new LayerSpec(kind, size)]));

        Assert.Equal("size", exception.ParamName);
        Assert.Contains("more than an array holds", exception.Message, StringComparison.Ordinal);
    }

    /// <summary>The first step count whose tape (steps + 1 steps), taken in int, wraps past 2^32 to at most one step's tape.</summary>
    private static int TapeWrappingSteps()
    {
        int tapeLength = TapeLengthPerStep<WideTapeModel>();
        int steps = (int)(Wrap / tapeLength);
        long wrapped = ((steps + 1L) * tapeLength) - Wrap;
        Assert.InRange(wrapped, 1, tapeLength);
        return steps;
    }

    // The training entry points are explicit interface implementations: reached, as the trainer reaches them, through the interface.
    private static int StateLength<TModel>() where TModel : class, IRecurrentModel<TModel> => TModel.Descriptor.StateLength;

    private static int TapeLengthPerStep<TModel>() where TModel : class, IRecurrentModel<TModel> => TModel.TapeLengthPerStep;

    private static int DeltaLengthPerStep<TModel>() where TModel : class, IRecurrentModel<TModel> => TModel.DeltaLengthPerStep;

    private static int GradientWorkItems<TModel>() where TModel : class, IRecurrentModel<TModel> => TModel.GradientWorkItems;

    private static void ForwardTraining<TModel>(float[] parameters, float[] inputs, int steps, float[] state, float[] tape, float[] outputs)
        where TModel : class, IRecurrentModel<TModel> => TModel.ForwardTraining(parameters, inputs, default, steps, state, tape, outputs, logits: false);

    private static void Backward<TModel>(float[] parameters, int steps, float[] tape, float[] outputGradients, float[] deltas)
        where TModel : class, IRecurrentModel<TModel> => TModel.Backward(parameters, steps, tape, outputGradients, logits: false, deltas);

    private static void WeightGradients<TModel>(float[] inputs, int rows, int steps, float[] tape, float[] deltas, float[] gradients, int item)
        where TModel : class, IRecurrentModel<TModel> => TModel.WeightGradients(inputs, default, rows, steps, tape, deltas, gradients, item);
}
