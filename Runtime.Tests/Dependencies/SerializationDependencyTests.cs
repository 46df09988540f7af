using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using RnnCodegen.Training;

namespace RnnCodegen.Tests.Dependencies;

/// <summary>
/// Training uses serialization (a trainer saves and loads checkpoints), never the other way round: a checkpoint reaches
/// the optimizer through <c>ICheckpointOptimizer</c> and takes the carried state as plain floats.
/// </summary>
public class SerializationDependencyTests
{
    private const string Serialization = "RnnCodegen.Serialization";

    /// <summary>
    /// What serialization may use of the library besides itself: the layout (what a file stores and where), what
    /// generated code calls, and the exception and enum that every part shares.
    /// </summary>
    private static readonly string[] AllowedNamespaces = [Serialization, "RnnCodegen.Layout", "RnnCodegen.Internals"];

    private static readonly Type[] AllowedTypes = [typeof(ModelFormatException), typeof(Activation)];

    [Fact]
    public void Serialization_uses_nothing_of_training()
    {
        Assembly library = typeof(ModelFormatException).Assembly;

        Type[] serialization = library.GetTypes().Where(type => InNamespace(type, Serialization)).ToArray();
        string[] violations = serialization
            .SelectMany(type => TypeReferences.Of(type)
                .Where(used => used.Assembly == library && !Allowed(used))
                .Select(used => $"{type.FullName} uses {used.FullName}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Contains(typeof(RnnCodegen.Serialization.CheckpointWriter), serialization);
        Assert.True(violations.Length == 0, "Serialization uses other parts of the library:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Type_references_include_what_only_a_method_body_or_a_lambda_uses()
    {
        IReadOnlySet<Type> used = TypeReferences.Of(typeof(UsesTypesOnlyInBodies));
        IEnumerable<Type> usedByLambdas = typeof(UsesTypesOnlyInBodies).GetNestedTypes(BindingFlags.NonPublic).SelectMany(TypeReferences.Of);

        Assert.Contains(typeof(StringBuilder), used);
        Assert.Contains(typeof(CarriedState), usedByLambdas);
    }

    [Fact]
    public void Type_references_include_signatures_and_generic_arguments()
    {
        IReadOnlySet<Type> used = TypeReferences.Of(typeof(CheckpointRestorer));

        Assert.Contains(typeof(Adam), used);
        Assert.Contains(typeof(Sgd), used);
        Assert.Contains(typeof(List<>), used);
    }

    /// <summary>Library types outside any RnnCodegen namespace are the compiler's (embedded attributes, constant data).</summary>
    private static bool Allowed(Type used) =>
        !InNamespace(used, "RnnCodegen") || AllowedNamespaces.Any(name => InNamespace(used, name)) || AllowedTypes.Contains(used);

    private static bool InNamespace(Type type, string name) =>
        type.Namespace is { } space && (space == name || space.StartsWith(name + ".", StringComparison.Ordinal));

    private static class UsesTypesOnlyInBodies
    {
        public static int Length() => new StringBuilder("x").Length;

        public static Func<object> Factory() => () => new CarriedState(stateLength: 8);
    }

    private sealed class CheckpointRestorer(Adam adam)
    {
        public Adam Adam { get; } = adam;

        public static void Add(List<Sgd> optimizers) => optimizers.Add(new Sgd(0.1f));
    }
}
