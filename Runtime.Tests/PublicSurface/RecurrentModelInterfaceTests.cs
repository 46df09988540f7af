using System.ComponentModel;
using System.Linq;
using System.Reflection;

namespace RnnCodegen.Tests.PublicSurface;

/// <summary>What a user sees of <see cref="IRecurrentModel{TSelf}"/>: the model's descriptor and storage, not the trainer's entry points.</summary>
public class RecurrentModelInterfaceTests
{
    [Fact]
    public void Intellisense_hides_exactly_the_trainers_entry_points()
    {
        string[] hidden = typeof(IRecurrentModel<>).GetMembers()
            .Where(member => member.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never)
            .Select(member => member.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(["Backward", "BackwardRows", "DeltaLengthPerStep", "ForwardTraining", "ForwardTrainingRows", "GradientWorkItems", "TapeLengthPerStep", "WeightGradients"], hidden);
    }
}
