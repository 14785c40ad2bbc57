/*
 * The native SIMD peaks of this machine, to set beside the Wasm probe's (assembly/probe.ts): the
 * same register-only loop (12 independent chains of acc = acc * a + b, nothing loaded or stored)
 * at 128 bits with a separate multiply and add (what Wasm SIMD can express), then with fused
 * multiply-add at 128, 256 (AVX2/FMA) and 512 bits (AVX-512), where the CPU has them.
 * Built and run by bench/gemm.mjs when a C compiler is present: cc -O2 -o peak-native peak-native.c
 * Prints one JSON line of GFLOP/s (2 FLOP per lane per step).
 */
#include <stdio.h>
#include <time.h>

typedef float v4 __attribute__((vector_size(16)));
typedef float v8 __attribute__((vector_size(32)));
typedef float v16 __attribute__((vector_size(64)));

#define CHAINS 12
static volatile float sink;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Twelve named accumulators, so that the compiler keeps every chain in a register. */
#define EACH(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define DECLARE(c) __typeof__(init) r##c = init + (float)(c);
#define STEP(c) r##c = r##c * a + b;
#define SUM(c) total += r##c;

#define PROBE(NAME, V, LANES, ATTRS)                                                   \
  ATTRS static double NAME(long iters) {                                               \
    V a, b, init, total;                                                               \
    for (int i = 0; i < LANES; i++) { a[i] = 0.999999f; b[i] = 1e-7f; init[i] = (float)i; total[i] = 0; } \
    EACH(DECLARE)                                                                      \
    double t0 = now();                                                                 \
    for (long it = 0; it < iters; it++) { EACH(STEP) }                                 \
    double seconds = now() - t0;                                                       \
    EACH(SUM)                                                                          \
    float s = 0;                                                                       \
    for (int i = 0; i < LANES; i++) s += total[i];                                     \
    sink = s;                                                                          \
    return (double)iters * CHAINS * LANES * 2 / seconds / 1e9;                        \
  }

PROBE(mulAdd128, v4, 4, __attribute__((target("sse2"), optimize("fp-contract=off"))))
PROBE(fma128, v4, 4, __attribute__((target("fma"), optimize("fp-contract=fast"))))
PROBE(fma256, v8, 8, __attribute__((target("avx2,fma"), optimize("fp-contract=fast"))))
PROBE(fma512, v16, 16, __attribute__((target("avx512f"), optimize("fp-contract=fast"))))

static double best(double (*probe)(long)) {
  double top = 0;
  probe(1000000);
  for (int r = 0; r < 5; r++) {
    double g = probe(20000000);
    if (g > top) top = g;
  }
  return top;
}

int main(void) {
  __builtin_cpu_init();
  printf("{\"mulAdd128Gflops\": %.2f", best(mulAdd128));
  if (__builtin_cpu_supports("fma")) printf(", \"fma128Gflops\": %.2f", best(fma128));
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) printf(", \"fma256Gflops\": %.2f", best(fma256));
  if (__builtin_cpu_supports("avx512f")) printf(", \"fma512Gflops\": %.2f", best(fma512));
  printf("}\n");
  return 0;
}
