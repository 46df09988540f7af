using System;

namespace SineForecast;

/// <summary>
/// Stops training when the validation loss has not improved for <paramref name="patience"/> checks in a row, and keeps
/// the parameters of the best check to put back afterwards (Keras's <c>EarlyStopping(patience, min_delta,
/// restore_best_weights=True)</c>). An improvement must beat the best loss by the fraction
/// <paramref name="minImprovement"/>, so noise in the validation loss does not keep training alive.
/// </summary>
internal sealed class EarlyStopping(int patience, float minImprovement)
{
    private float[]? _bestParameters;
    private int _checksWithoutImprovement;

    public float BestLoss { get; private set; } = float.PositiveInfinity;

    public int BestBatch { get; private set; }

    /// <summary>Records a validation loss (NaN never counts as better); returns true when training should stop.</summary>
    public bool ShouldStop(int batch, float validationLoss, ReadOnlySpan<float> parameters)
    {
        if (validationLoss < BestLoss * (1 - minImprovement))
        {
            BestLoss = validationLoss;
            BestBatch = batch;
            parameters.CopyTo(_bestParameters ??= new float[parameters.Length]);
            _checksWithoutImprovement = 0;
            return false;
        }

        return ++_checksWithoutImprovement >= patience;
    }

    /// <summary>Puts the parameters of the best check back.</summary>
    public void RestoreBest(Span<float> parameters)
    {
        if (_bestParameters is null)
        {
            throw new InvalidOperationException("no validation loss was recorded, so there are no best parameters to restore");
        }

        _bestParameters.CopyTo(parameters);
    }
}
