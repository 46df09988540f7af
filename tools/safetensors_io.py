"""A minimal safetensors writer and reader, so the fixtures need only PyTorch and NumPy.

File layout (https://github.com/huggingface/safetensors):
  8 bytes   little-endian u64 N, the header length
  N bytes   UTF-8 JSON {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}},
            padded with spaces to a multiple of 8 so the data that follows stays aligned
  rest      the tensors' raw little-endian bytes; data_offsets are relative to the start of this block

Tensors are written in the order given (the official library sorts them; readers must not care).
"""

import json
import struct

import numpy as np
import torch

# safetensors dtype name -> little-endian NumPy dtype. Only what the fixtures use.
_NUMPY_DTYPES = {"F32": np.dtype("<f4"), "I64": np.dtype("<i8")}
_TORCH_DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata=None):
    """Write `tensors` (name -> float32 or int64 torch tensor, in order) to `path`."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        dtype = _TORCH_DTYPES[tensor.dtype]
        data = tensor.detach().contiguous().numpy().astype(_NUMPY_DTYPES[dtype], copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)

    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(header_bytes)))
        file.write(header_bytes)
        for data in chunks:
            file.write(data)


def read_safetensors(path):
    """Read a file written by `write_safetensors`: returns (name -> torch tensor in file order, metadata)."""
    with open(path, "rb") as file:
        blob = file.read()
    (header_length,) = struct.unpack_from("<Q", blob, 0)
    header = json.loads(blob[8 : 8 + header_length].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = blob[8 + header_length :]

    tensors = {}
    expected_begin = 0
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        if begin != expected_begin:
            raise ValueError(f"{path}: tensor {name} starts at {begin}, expected {expected_begin}")
        dtype = _NUMPY_DTYPES[entry["dtype"]]
        array = np.frombuffer(data[begin:end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.astype(dtype.newbyteorder("="), copy=True))
        expected_begin = end
    if expected_begin != len(data):
        raise ValueError(f"{path}: {len(data) - expected_begin} bytes after the last tensor")
    return tensors, metadata
