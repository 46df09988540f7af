using System.Threading;

namespace RnnCodegen.Serialization;

/// <summary>
/// Makes a trainer's update and a save exclusive, so that <c>Save</c>, <c>ExportSafetensors</c> or
/// <c>SaveCheckpoint</c> during <c>TrainBatch</c> sees the parameters (and optimizer and carried state) after one
/// update, never a mix of two. The saves copy what they write under the lock and write the file after releasing it.
/// </summary>
/// <remarks>
/// One lock for the process, not one per model: a generated model's <c>Save</c> hands the serializer its parameter
/// span, not the model, so there is no per-model object both sides could name without changing generated code. What
/// it guards is short (the optimizer's pass over the parameters, or a save's copy of them) next to a batch's forward
/// and backward passes, which run outside it, so unrelated trainers seldom wait for each other.
/// </remarks>
internal static class ParameterUpdateLock
{
    /// <summary>Held while parameters are updated, and while a save copies them. Reentrant.</summary>
    public static readonly Lock Instance = new();
}
