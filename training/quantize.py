"""Dynamic int8 quantization of an exported model, written with the onnx package alone.

* Every MatMul with a constant 2-D weight becomes DynamicQuantizeLinear (activations, uint8, per
  tensor, scale computed at run time) -> MatMulInteger with uint8 weights quantized per output
  column (asymmetric) -> Cast -> Mul by activation scale x column scale. ONNX Runtime fuses this
  into DynamicQuantizeMatMul. uint8 x uint8 avoids the int16 saturation of uint8 x int8 kernels on
  CPUs without VNNI.
* The word-embedding Gather reads an int8 table quantized per row (symmetric) and rescales only the
  gathered rows, so the fp32 table is never materialised at run time.
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


ROLES = ["query", "key", "value", "attn_out", "ffn_in", "ffn_out"]


def symmetric(w, axis, qmax=127):
    """Symmetric int8 quantization with one scale per slice along `axis` (its max |w| maps to qmax)."""
    scale = np.maximum(np.abs(w).max(axis) / qmax, 1e-8).astype(np.float32)
    q = np.clip(np.round(w / np.expand_dims(scale, axis)), -qmax, qmax).astype(np.int8)
    return q, scale


def quantize(src, dst, skip=(), signed=False, weight_max=127, block=0):
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    new_nodes, new_inits, removed = [], [], set()
    matmuls = gathers = seen = 0
    for node in graph.node:
        weight = inits.get(node.input[1]) if node.op_type == "MatMul" and len(node.input) > 1 else None
        if weight is not None and len(weight.dims) == 2 and weight.data_type == TensorProto.FLOAT and weight.dims[1] > 2:
            # Encoder MatMuls come in layer order: query, key, value, attention output, FFN in, FFN out.
            role = ROLES[seen % len(ROLES)]
            seen += 1
            if role in skip:
                new_nodes.append(node)
                continue
            w = numpy_helper.to_array(weight).astype(np.float32)
            base = weight.name.replace("/", "_") + f"_q{matmuls}"
            if block:
                # com.microsoft MatMulNBits, 8 bits: weights symmetric int8 per block of `block` input rows and
                # output column (stored +128, the op's default zero point); accuracy_level 4 quantizes the
                # activations per row and block at run time, not per tensor, and multiplies in int8.
                k, n = w.shape
                blocks = -(-k // block)
                wt = np.zeros((n, blocks * block), np.float32)
                wt[:, :k] = w.T
                q, scale = symmetric(wt.reshape(n, blocks, block), axis=2)
                q = (q.astype(np.int16) + 128).astype(np.uint8)
                new_inits += [numpy_helper.from_array(q, base + "_w"), numpy_helper.from_array(scale.reshape(-1), base + "_scale")]
                new_nodes.append(helper.make_node("MatMulNBits", [node.input[0], base + "_w", base + "_scale"], [node.output[0]],
                                                  domain="com.microsoft", K=k, N=n, bits=8, block_size=block, accuracy_level=4))
                removed.add(weight.name)
                matmuls += 1
                continue
            if signed:
                # Symmetric int8 per column: uint8 x int8 runs on VNNI (vpdpbusd); on AVX2 without VNNI such kernels can saturate.
                q, scale = symmetric(w, axis=0, qmax=weight_max)
                zero = np.zeros(w.shape[1], np.int8)
            else:
                lo, hi = np.minimum(w.min(0), 0), np.maximum(w.max(0), 0)
                scale = np.maximum((hi - lo) / 255.0, 1e-8).astype(np.float32)
                zero = np.clip(np.round(-lo / scale), 0, 255).astype(np.uint8)
                q = np.clip(np.round(w / scale) + zero, 0, 255).astype(np.uint8)
            new_inits += [numpy_helper.from_array(q, base + "_w"), numpy_helper.from_array(zero, base + "_zp"), numpy_helper.from_array(scale, base + "_scale")]
            x = node.input[0]
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [x], [base + "_xq", base + "_xs", base + "_xzp"]),
                helper.make_node("MatMulInteger", [base + "_xq", base + "_w", base + "_xzp", base + "_zp"], [base + "_i32"]),
                helper.make_node("Cast", [base + "_i32"], [base + "_f"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [base + "_xs", base + "_scale"], [base + "_s"]),
                helper.make_node("Mul", [base + "_f", base + "_s"], [node.output[0]]),
            ]
            removed.add(weight.name)
            matmuls += 1
            continue
        table = inits.get(node.input[0]) if node.op_type == "Gather" else None
        if table is not None and len(table.dims) == 2 and table.dims[0] > 1000 and table.data_type == TensorProto.FLOAT and "embedding" not in skip:
            w = numpy_helper.to_array(table).astype(np.float32)
            q, scale = symmetric(w, axis=1)
            base = table.name.replace("/", "_") + "_q"
            ids = node.input[1]
            new_inits += [numpy_helper.from_array(q, base + "_w"), numpy_helper.from_array(scale, base + "_scale"), numpy_helper.from_array(np.array([-1], np.int64), base + "_axes")]
            new_nodes += [
                helper.make_node("Gather", [base + "_w", ids], [base + "_rows"]),
                helper.make_node("Cast", [base + "_rows"], [base + "_rowsf"], to=TensorProto.FLOAT),
                helper.make_node("Gather", [base + "_scale", ids], [base + "_s"]),
                helper.make_node("Unsqueeze", [base + "_s", base + "_axes"], [base + "_s2"]),
                helper.make_node("Mul", [base + "_rowsf", base + "_s2"], [node.output[0]]),
            ]
            removed.add(table.name)
            gathers += 1
            continue
        new_nodes.append(node)
    del graph.node[:]
    graph.node.extend(new_nodes)
    kept = [i for i in graph.initializer if i.name not in removed]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    if block and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    if not block:
        onnx.checker.check_model(model)  # the checker does not know com.microsoft ops
    onnx.save(model, dst)
    return matmuls, gathers


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--skip", nargs="*", default=[], choices=ROLES + ["embedding"], help="leave these weights in fp32")
    p.add_argument("--signed", action="store_true", help="int8 symmetric weights (uint8 x int8 kernels) instead of uint8 asymmetric")
    p.add_argument("--reduce-range", action="store_true", help="with --signed: 7-bit weights (|q| <= 63), so uint8 x int8 pair sums cannot saturate int16 on CPUs without VNNI")
    p.add_argument("--block", type=int, default=0, help="MatMulNBits (8-bit, this block size, int8 compute with activations quantized per block) instead of MatMulInteger")
    a = p.parse_args()
    m, g = quantize(a.input, a.output, a.skip, a.signed, 63 if a.reduce_range else 127, a.block)
    print(f"quantized {m} MatMul and {g} embedding Gather -> {a.output}")
