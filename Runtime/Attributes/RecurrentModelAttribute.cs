using System;

namespace RnnCodegen;

/// <summary>
/// Marks a partial class as a recurrent model. The layer attributes that follow it on the same
/// declaration, in source order, are the model's layers; the source generator emits the model's code.
/// </summary>
/// <remarks>
/// Models whose first layer is <see cref="EmbeddingAttribute"/> take integer tokens and must not set
/// <see cref="InputSize"/>; every other model must set it.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RecurrentModelAttribute : Attribute
{
    /// <summary>Number of float inputs per time step. Not used by token (Embedding) models.</summary>
    public int InputSize { get; set; }
}
