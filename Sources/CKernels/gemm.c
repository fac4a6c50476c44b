#include "CKernels.h"

/* No fused multiply-adds outside the explicit ones: each product is accumulated by one FMA. */
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
#include "cpu_feature.h"

/* Lane masks for columns [j, j + 32) of an n-column block: all ones except at the right edge. */
static inline void column_masks(long j, long n, __mmask16 *low, __mmask16 *high) {
    long left = n - j;
    *low = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1);
    left -= 16;
    *high = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? (__mmask16)0 : (__mmask16)((1u << left) - 1);
}

/* R rows of c (rows[0..R) of the block) by columns [j, j + 32): R x 32 accumulators, one FMA per
   product, over the k indices in order (ks[0..k_count), or 0..k_count when ks is NULL). They start
   from c (accumulate), from a bias, or from zero; the epilogue may apply ReLU or a gate.
   NAME_full loads and stores whole vectors; NAME_edge masks them to the columns that exist (masked
   loads in the inner loop cost about a tenth of the kernel's speed, so only the edge uses them). */
/* The loops over a tile's rows must be unrolled for the accumulators to live in registers; clang
   does that at -O3 but not at -O2 (SwiftPM's release level), where the tile ran at 36 GFLOP/s
   instead of 90 for k = 4 and 3-8% slower at k = 64-256. */
#define UNROLLED _Pragma("clang loop unroll(full)")
#define FULL_LOAD(mask, p) _mm512_loadu_ps(p)
#define FULL_STORE(p, mask, v) _mm512_storeu_ps(p, v)
#define EDGE_LOAD(mask, p) _mm512_maskz_loadu_ps(mask, p)
#define EDGE_STORE(p, mask, v) _mm512_mask_storeu_ps(p, mask, v)
#define DOJO_GEMM_TILE(R, NAME, LOAD, STORE, K, ROW)                                                 \
    __attribute__((target("avx512f")))                                                                 \
    static inline void NAME(long k_count, const int *ks, const float *a, long ai, long ak,            \
                            const float *b, long ldb, float *c, long ldc, int accumulate,              \
                            dojo_gemm_epilogue e, const int *rows, long i0, long j0,                   \
                            __mmask16 low, __mmask16 high) {                                           \
        __m512 lo[R], hi[R];                                                                           \
        UNROLLED for (int r = 0; r < R; r++) {                                                         \
            if (accumulate) {                                                                          \
                lo[r] = LOAD(low, c + ROW(r) * ldc);                                                   \
                hi[r] = LOAD(high, c + ROW(r) * ldc + 16);                                             \
            } else if (e.row_bias) {                                                                   \
                lo[r] = hi[r] = _mm512_set1_ps(e.row_bias[i0 + ROW(r)]);                               \
            } else if (e.column_bias) {                                                                \
                lo[r] = LOAD(low, e.column_bias + j0);                                                 \
                hi[r] = LOAD(high, e.column_bias + j0 + 16);                                           \
            } else {                                                                                   \
                lo[r] = hi[r] = _mm512_setzero_ps();                                                   \
            }                                                                                          \
        }                                                                                              \
        for (long p = 0; p < k_count; p++) {                                                           \
            const long kk = K(p);                                                                      \
            const __m512 b0 = LOAD(low, b + kk * ldb);                                                 \
            const __m512 b1 = LOAD(high, b + kk * ldb + 16);                                           \
            const float *ak0 = a + kk * ak;                                                            \
            UNROLLED for (int r = 0; r < R; r++) {                                                     \
                const __m512 x = _mm512_set1_ps(ak0[ROW(r) * ai]);                                     \
                lo[r] = _mm512_fmadd_ps(x, b0, lo[r]);                                                 \
                hi[r] = _mm512_fmadd_ps(x, b1, hi[r]);                                                 \
            }                                                                                          \
        }                                                                                              \
        const __m512 zero = _mm512_setzero_ps();                                                       \
        UNROLLED for (int r = 0; r < R; r++) {                                                         \
            if (e.relu) { /* x < 0 ? 0 : x, so NaN stays NaN */                                        \
                lo[r] = _mm512_mask_mov_ps(lo[r], _mm512_cmp_ps_mask(lo[r], zero, _CMP_LT_OQ), zero);  \
                hi[r] = _mm512_mask_mov_ps(hi[r], _mm512_cmp_ps_mask(hi[r], zero, _CMP_LT_OQ), zero);  \
            }                                                                                          \
            if (e.gate) { /* gate <= 0 ? 0 : x, so a NaN gate lets x through */                        \
                const float *g = e.gate + (i0 + ROW(r)) * e.ldgate + j0;                               \
                const __m512 g0 = LOAD(low, g), g1 = LOAD(high, g + 16);                               \
                lo[r] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(g0, zero, _CMP_NLE_UQ), lo[r]);         \
                hi[r] = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(g1, zero, _CMP_NLE_UQ), hi[r]);         \
            }                                                                                          \
            STORE(c + ROW(r) * ldc, low, lo[r]);                                                       \
            STORE(c + ROW(r) * ldc + 16, high, hi[r]);                                                 \
        }                                                                                              \
    }

/* Which k and which rows a tile covers: all in order (a and c then start at the tile's first row,
   i0), or those listed (a and c at row 0, i0 = 0). Separate copies, so that the dense loops stay as
   fast as they were. */
#define ALL_K(p) (p)
#define LISTED_K(p) ks[p]
#define NEXT_ROW(r) (r)
#define LISTED_ROW(r) rows[r]
#define DOJO_GEMM_TILES(NAME, K, ROW)                                        \
    DOJO_GEMM_TILE(8, NAME##8_full, FULL_LOAD, FULL_STORE, K, ROW)           \
    DOJO_GEMM_TILE(1, NAME##1_full, FULL_LOAD, FULL_STORE, K, ROW)           \
    DOJO_GEMM_TILE(8, NAME##8_edge, EDGE_LOAD, EDGE_STORE, K, ROW)           \
    DOJO_GEMM_TILE(1, NAME##1_edge, EDGE_LOAD, EDGE_STORE, K, ROW)
DOJO_GEMM_TILES(dense, ALL_K, NEXT_ROW)
DOJO_GEMM_TILES(listed_k, LISTED_K, NEXT_ROW)
DOJO_GEMM_TILES(listed_rows, ALL_K, LISTED_ROW)
DOJO_GEMM_TILES(listed_both, LISTED_K, LISTED_ROW)

/* One column block's tiles: 8 rows at a time, then one at a time. */
#define DOJO_GEMM_BLOCK(NAME, A, C, I0, ROWS)                                                              \
    for (; i + 8 <= m; i += 8) {                                                                           \
        if (full) NAME##8_full(k, ks, A, ai, ak, b + j, ldb, C, ldc, accumulate, e, ROWS, I0, j, low, high); \
        else NAME##8_edge(k, ks, A, ai, ak, b + j, ldb, C, ldc, accumulate, e, ROWS, I0, j, low, high);     \
    }                                                                                                      \
    for (; i < m; i++) {                                                                                   \
        if (full) NAME##1_full(k, ks, A, ai, ak, b + j, ldb, C, ldc, accumulate, e, ROWS, I0, j, low, high); \
        else NAME##1_edge(k, ks, A, ai, ak, b + j, ldb, C, ldc, accumulate, e, ROWS, I0, j, low, high);     \
    }

/* The rows of c in `rows` (all m when NULL), over the k indices in `ks` (all k when NULL). */
__attribute__((target("avx512f")))
static void gemm_avx512(long m, const int *rows, long n, long k, const int *ks, const float *a, long ai, long ak,
                        const float *b, long ldb, float *c, long ldc, int accumulate, dojo_gemm_epilogue e) {
    for (long j = 0; j < n; j += 32) {
        __mmask16 low, high;
        column_masks(j, n, &low, &high);
        const int full = j + 32 <= n;
        long i = 0;
        if (rows && ks) {
            DOJO_GEMM_BLOCK(listed_both, a, c + j, 0, rows + i)
        } else if (rows) {
            DOJO_GEMM_BLOCK(listed_rows, a, c + j, 0, rows + i)
        } else if (ks) {
            DOJO_GEMM_BLOCK(listed_k, a + i * ai, c + i * ldc + j, i, rows)
        } else {
            DOJO_GEMM_BLOCK(dense, a + i * ai, c + i * ldc + j, i, rows)
        }
    }
}

DOJO_CPU_FEATURE(dojo_gemm_available, "avx512f")

void dojo_gemm(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
               float *c, long ldc, int accumulate) {
    if (m <= 0 || n <= 0) return;
    const dojo_gemm_epilogue none = {0, 0, 0, 0, 0};
    gemm_avx512(m, 0, n, k, 0, a, ai, ak, b, ldb, c, ldc, accumulate, none);
}

void dojo_gemm_fused(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
                     float *c, long ldc, const dojo_gemm_epilogue *epilogue) {
    if (m <= 0 || n <= 0) return;
    gemm_avx512(m, 0, n, k, 0, a, ai, ak, b, ldb, c, ldc, 0, *epilogue);
}

void dojo_gemm_sparse(long m, const int *rows, long n, long k, const int *ks, const float *a, long ai, long ak,
                      const float *b, long ldb, float *c, long ldc, int accumulate, const dojo_gemm_epilogue *epilogue) {
    if (m <= 0 || n <= 0) return;
    gemm_avx512(m, rows, n, k, ks, a, ai, ak, b, ldb, c, ldc, accumulate, *epilogue);
}

#else

int dojo_gemm_available(void) { return 0; }

void dojo_gemm_fused(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
                     float *c, long ldc, const dojo_gemm_epilogue *e) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float sum = e->row_bias ? e->row_bias[i] : e->column_bias ? e->column_bias[j] : 0;
            for (long p = 0; p < k; p++) sum += a[i * ai + p * ak] * b[p * ldb + j];
            if (e->relu && sum < 0) sum = 0;
            if (e->gate && e->gate[i * e->ldgate + j] <= 0) sum = 0;
            c[i * ldc + j] = sum;
        }
    }
}

void dojo_gemm_sparse(long m, const int *rows, long n, long k, const int *ks, const float *a, long ai, long ak,
                      const float *b, long ldb, float *c, long ldc, int accumulate, const dojo_gemm_epilogue *e) {
    for (long r = 0; r < m; r++) {
        const long i = rows ? rows[r] : r;
        for (long j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : e->row_bias ? e->row_bias[i] : e->column_bias ? e->column_bias[j] : 0;
            for (long q = 0; q < k; q++) {
                const long p = ks ? ks[q] : q;
                sum += a[i * ai + p * ak] * b[p * ldb + j];
            }
            if (e->relu && sum < 0) sum = 0;
            if (e->gate && e->gate[i * e->ldgate + j] <= 0) sum = 0;
            c[i * ldc + j] = sum;
        }
    }
}

void dojo_gemm(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
               float *c, long ldc, int accumulate) {
    for (long i = 0; i < m; i++) {
        for (long j = 0; j < n; j++) {
            float sum = accumulate ? c[i * ldc + j] : 0;
            for (long p = 0; p < k; p++) sum += a[i * ai + p * ak] * b[p * ldb + j];
            c[i * ldc + j] = sum;
        }
    }
}

#endif
