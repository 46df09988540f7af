using System;
using System.IO;
using RnnCodegen.Serialization;
using RnnCodegen.Training;

namespace RnnCodegen;

/// <summary>Checkpoints: everything a later run needs to continue this one exactly (docs/model-file-format.md).</summary>
public sealed partial class Trainer<TModel>
{
    /// <summary>
    /// Saves a checkpoint to <paramref name="path"/>: the parameters, the optimizer's kind, hyperparameters, step count
    /// and state, and (with <see cref="TrainerOptions.CarryState"/>) the carried state. Atomic: a temporary file in the
    /// same folder is written, flushed to the disk and renamed over <paramref name="path"/>, so a failure or crash
    /// leaves any previous checkpoint intact.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ObjectDisposedException">The trainer was disposed.</exception>
    /// <exception cref="IOException"><paramref name="path"/> names something other than a regular file (a directory, a device, a named pipe), or the write failed; a previous file is intact.</exception>
    public void SaveCheckpoint(string path) => SaveCheckpoint(path, interpose: null);

    /// <summary>Writes a checkpoint to <paramref name="stream"/> (at its current position; the stream is flushed, not closed).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ObjectDisposedException">The trainer was disposed.</exception>
    public void SaveCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(_disposed, this);
        WriteCheckpoint(stream);
        stream.Flush();
    }

    /// <summary>
    /// Continues from the checkpoint in <paramref name="path"/>: the next <c>TrainBatch</c> gives exactly what it would
    /// have given in the run that saved it. All or nothing: on any error the parameters, the optimizer's state and step
    /// count and the carried state stay as they were.
    /// </summary>
    /// <remarks>
    /// The checkpoint must come from a trainer of the same model and the same optimizer kind with the same
    /// hyperparameters, except the learning rate: the optimizer's current <see cref="Optimizer.LearningRate"/> is kept
    /// (a schedule may have changed it since). A checkpoint with carried rows needs <see cref="TrainerOptions.CarryState"/>.
    /// </remarks>
    /// <param name="path">A file written by <see cref="SaveCheckpoint(string)"/>.</param>
    /// <exception cref="ModelFormatException">The file is truncated, corrupted, forged, of an unknown version, or from another model, optimizer or carry setting.</exception>
    /// <exception cref="ObjectDisposedException">The trainer was disposed.</exception>
    public void LoadCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var stream = SequentialFile.OpenRead(path);
        LoadCheckpoint(stream);
    }

    /// <summary>
    /// Continues from the checkpoint in <paramref name="stream"/>, which must end where the checkpoint ends (it is read
    /// to its end; it need not be seekable). All or nothing, as <see cref="LoadCheckpoint(string)"/>.
    /// </summary>
    /// <param name="stream">A readable stream positioned at the checkpoint's first byte.</param>
    /// <exception cref="ModelFormatException">The stream is truncated, corrupted, forged, of an unknown version, or from another model, optimizer or carry setting.</exception>
    /// <exception cref="ObjectDisposedException">The trainer was disposed.</exception>
    public void LoadCheckpoint(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckpointContents checkpoint = CheckpointReader.Read(stream, _descriptor, Optimizer, carriesState: _carried is not null);
        Restore(checkpoint);
    }

    /// <summary>The path overload with a test seam: <paramref name="interpose"/> wraps the temporary file's stream.</summary>
    internal void SaveCheckpoint(string path, Func<Stream, Stream>? interpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed, this);
        AtomicFile.Write(path, WriteCheckpoint, interpose);
    }

    /// <summary>
    /// Serializes into memory under <see cref="ParameterUpdateLock"/>, so a checkpoint taken during <c>TrainBatch</c>
    /// from another thread holds the parameters, optimizer and carried state of one update; the file is written after.
    /// </summary>
    private void WriteCheckpoint(Stream stream)
    {
        var snapshot = new MemoryStream();
        lock (ParameterUpdateLock.Instance)
        {
            CheckpointWriter.Write(snapshot, _descriptor, Model.Parameters, Optimizer, _carried?.Rows ?? 0, _carried is null ? [] : _carried.StartStates);
        }

        snapshot.WriteTo(stream);
    }

    /// <summary>Replaces the training state with a checkpoint's, which has passed every check: nothing here can refuse it.</summary>
    private void Restore(CheckpointContents checkpoint)
    {
        Optimizer.RestoreState(checkpoint.StepCount, checkpoint.OptimizerState is null ? 0 : _descriptor.StorageLength);
        float[][] buffers = checkpoint.OptimizerState ?? [];
        for (int i = 0; i < buffers.Length; i++)
        {
            _descriptor.ScatterCanonical(buffers[i], Optimizer.StateBuffer(i));
        }

        _descriptor.ScatterCanonical(checkpoint.Parameters, Model.Parameters);
        _carried?.Restore(checkpoint.CarriedRows, checkpoint.CarriedStates);
    }
}
