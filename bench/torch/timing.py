"""Repeated-call timing shared by the PyTorch kernel benchmarks (the twin of bench/Activa.Bench/Timing.cs)."""
import statistics
import time


def median_ms(f, warmup_s=1.0):
    """Median milliseconds per call over 9 repetitions of >= 50 ms, after warming up for warmup_s seconds."""
    t0, calls = time.perf_counter(), 0
    while calls < 20 or time.perf_counter() - t0 < warmup_s:
        f(); calls += 1
    per = max(1, int(0.05 / ((time.perf_counter() - t0) / calls)) + 1)
    times = []
    for _ in range(9):
        t = time.perf_counter()
        for _ in range(per):
            f()
        times.append((time.perf_counter() - t) / per * 1e3)
    return statistics.median(times)
