#!/usr/bin/env python3
"""Keras side of bench/mlp_bench.sh: seconds per training epoch of the
TensorFlow tutorial's MLP (29 -> 16 relu -> dropout 0.5 -> 1, Adam 1e-3, BCE,
output bias log(pos/neg), batch 2048, no validation, no metrics) on ROWS x 29
float32 rows drawn as rareclass's timing::synthetic draws them (standard
normal, label x0 + 0.5*x1 > 3.2; same shape and distribution, not the same
bits). One fit of N + 1 epochs; the first (graph tracing) is left out. One
JSON line out with every epoch and the median.

  python bench/mlp_bench_keras.py [ROWS] [N] [THREADS]   (THREADS 0 = TF's default, all cores)

Knows nothing of the other tools' results.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 182276
    n = max(1, int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    import tensorflow as tf
    from tensorflow import keras

    if threads:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    keras.utils.set_random_seed(42)
    rng = np.random.default_rng(42)
    x = rng.standard_normal((rows, 29), dtype=np.float32)
    y = (x[:, 0] + 0.5 * x[:, 1] > 3.2).astype(np.float32)
    pos = float(y.sum())
    model = keras.Sequential([
        keras.Input(shape=(29,)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(1, activation="sigmoid",
                           bias_initializer=keras.initializers.Constant(np.log(pos / (rows - pos)))),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=keras.losses.BinaryCrossentropy())

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.times = []

        def on_epoch_begin(self, epoch, logs=None):
            self.t0 = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            self.times.append(time.perf_counter() - self.t0)

    timer = EpochTimer()
    model.fit(x, y, batch_size=2048, epochs=n + 1, shuffle=True, verbose=0, callbacks=[timer])
    times = timer.times[1:]
    print(json.dumps({
        "tool": "keras" if not threads else f"keras-{threads}thread",
        "rows": rows, "cols": 29, "batch": 2048,
        "epoch_s": [round(t, 5) for t in times], "median_s": round(statistics.median(times), 5),
        "tensorflow": tf.__version__, "keras": keras.__version__,
        "intra_op_threads": threads or "default (all cores)",
    }))


if __name__ == "__main__":
    main()
