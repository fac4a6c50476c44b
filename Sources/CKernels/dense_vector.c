#include "CKernels.h"

/* No fused multiply-adds outside the explicit ones (the same chains as gemm.c's). */
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>

/* Outputs [j, j + 16 * V) of y = bias + sum over k (x[k] != 0) of x[k] wT[k, :], V vectors at once. */
#define DOJO_DENSE_VECTOR_BLOCK(V, NAME)                                                               \
    __attribute__((target("avx512f")))                                                                 \
    static inline void NAME(long n, long k, const float *x, const float *wT, long ldw, const float *bias, \
                            float *y, int relu, long j) {                                             \
        __m512 acc[V];                                                                                 \
        __mmask16 mask[V];                                                                             \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) {                              \
            const long left = n - j - 16 * v;                                                          \
            mask[v] = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? 0 : (__mmask16)((1u << left) - 1);   \
            acc[v] = _mm512_maskz_loadu_ps(mask[v], bias + j + 16 * v);                                \
        }                                                                                              \
        for (long p = 0; p < k; p++) {                                                                 \
            if (x[p] == 0) continue; /* a zero term leaves each sum as it is */                        \
            const __m512 xp = _mm512_set1_ps(x[p]);                                                    \
            const float *row = wT + p * ldw + j;                                                       \
            _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) {                          \
                acc[v] = _mm512_fmadd_ps(xp, _mm512_maskz_loadu_ps(mask[v], row + 16 * v), acc[v]);    \
            }                                                                                          \
        }                                                                                              \
        const __m512 zero = _mm512_setzero_ps();                                                       \
        _Pragma("clang loop unroll(full)") for (int v = 0; v < V; v++) {                              \
            if (relu) acc[v] = _mm512_mask_mov_ps(acc[v], _mm512_cmp_ps_mask(acc[v], zero, _CMP_LT_OQ), zero); \
            _mm512_mask_storeu_ps(y + j + 16 * v, mask[v], acc[v]);                                    \
        }                                                                                              \
    }

DOJO_DENSE_VECTOR_BLOCK(16, dense_vector_256)
DOJO_DENSE_VECTOR_BLOCK(4, dense_vector_64)
DOJO_DENSE_VECTOR_BLOCK(1, dense_vector_16)

__attribute__((target("avx512f")))
void dojo_dense_vector(long n, long k, const float *x, const float *wT, long ldw, const float *bias,
                       float *y, int relu) {
    long j = 0;
    for (; j + 256 <= n; j += 256) dense_vector_256(n, k, x, wT, ldw, bias, y, relu, j);
    for (; j + 64 <= n; j += 64) dense_vector_64(n, k, x, wT, ldw, bias, y, relu, j);
    for (; j < n; j += 16) dense_vector_16(n, k, x, wT, ldw, bias, y, relu, j);
}

#else

void dojo_dense_vector(long n, long k, const float *x, const float *wT, long ldw, const float *bias,
                       float *y, int relu) {
    for (long j = 0; j < n; j++) {
        float sum = bias[j];
        for (long p = 0; p < k; p++) {
            if (x[p] != 0) sum = __builtin_fmaf(x[p], wT[p * ldw + j], sum);
        }
        y[j] = relu && sum < 0 ? 0 : sum;
    }
}

#endif
