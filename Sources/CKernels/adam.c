#include "CKernels.h"

#include <math.h>

/* No fused multiply-adds anywhere: every path rounds after each operation, like the others. */
#pragma STDC FP_CONTRACT OFF

/* Elements [i, n): the whole update without vector instructions, and the tail of the AVX path. */
static inline void adam_scalar(float *w, const float *g, float *m, float *v, long i, long n,
                               float b1, float b2, float b1c, float b2c, float step, float c2, float eps) {
    for (; i < n; i++) {
        float gi = g[i];
        float mi = b1 * m[i] + b1c * gi;
        float vi = b2 * v[i] + b2c * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - (step * mi) / (sqrtf(vi * c2) + eps);
    }
}

/* Elements [i, n) with a zero gradient: the same operations with g = 0, except that where m is zero
   the update is known: m stays (+)0, v = b2 v, w does not move (step * 0 / d is +0). That skips the
   square root and the division, which bound the update's speed. */
static inline void adam_scalar_no_gradient(float *w, float *m, float *v, long i, long n,
                                           float b1, float b2, float b1c, float b2c, float step, float c2, float eps) {
    for (; i < n; i++) {
        float mi = b1 * m[i] + b1c * 0.0f;
        float vi = b2 * v[i] + b2c * 0.0f;
        m[i] = mi;
        v[i] = vi;
        if (mi != 0) w[i] = w[i] - (step * mi) / (sqrtf(vi * c2) + eps);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "cpu_feature.h"

/* The scalar loop's operations in the same order, eight lanes at a time. */
__attribute__((target("avx")))
static void adam_avx(float *w, const float *g, float *m, float *v, long n,
                     float b1, float b2, float b1c, float b2c, float step, float c2, float eps) {
    const __m256 B1 = _mm256_set1_ps(b1), B2 = _mm256_set1_ps(b2), B1C = _mm256_set1_ps(b1c),
                 B2C = _mm256_set1_ps(b2c), STEP = _mm256_set1_ps(step), C2 = _mm256_set1_ps(c2),
                 EPS = _mm256_set1_ps(eps);
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 gi = _mm256_loadu_ps(g + i);
        __m256 mi = _mm256_add_ps(_mm256_mul_ps(B1, _mm256_loadu_ps(m + i)), _mm256_mul_ps(B1C, gi));
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(B2, _mm256_loadu_ps(v + i)),
                                  _mm256_mul_ps(B2C, _mm256_mul_ps(gi, gi)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        __m256 denom = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vi, C2)), EPS);
        __m256 wi = _mm256_sub_ps(_mm256_loadu_ps(w + i), _mm256_div_ps(_mm256_mul_ps(STEP, mi), denom));
        _mm256_storeu_ps(w + i, wi);
    }
    adam_scalar(w, g, m, v, i, n, b1, b2, b1c, b2c, step, c2, eps);
}

/* adam_scalar_no_gradient eight lanes at a time: only blocks with a nonzero moment take the
   square root and the division. */
__attribute__((target("avx")))
static void adam_avx_no_gradient(float *w, float *m, float *v, long n,
                                 float b1, float b2, float b1c, float b2c, float step, float c2, float eps) {
    const __m256 B1 = _mm256_set1_ps(b1), B2 = _mm256_set1_ps(b2), B1C0 = _mm256_set1_ps(b1c * 0.0f),
                 B2C0 = _mm256_set1_ps(b2c * 0.0f), STEP = _mm256_set1_ps(step), C2 = _mm256_set1_ps(c2),
                 EPS = _mm256_set1_ps(eps), ZERO = _mm256_setzero_ps();
    long i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 m0 = _mm256_loadu_ps(m + i);
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(B2, _mm256_loadu_ps(v + i)), B2C0);
        _mm256_storeu_ps(v + i, vi);
        /* m all zero (+0 or -0): m stays +0 and w does not move; m is rewritten only if a -0 is there */
        if (_mm256_movemask_ps(_mm256_cmp_ps(m0, ZERO, _CMP_NEQ_UQ)) == 0) {
            if (_mm256_movemask_ps(m0)) _mm256_storeu_ps(m + i, ZERO);
            continue;
        }
        __m256 mi = _mm256_add_ps(_mm256_mul_ps(B1, m0), B1C0);
        _mm256_storeu_ps(m + i, mi);
        if (_mm256_movemask_ps(_mm256_cmp_ps(mi, ZERO, _CMP_NEQ_UQ)) == 0) continue;
        __m256 denom = _mm256_add_ps(_mm256_sqrt_ps(_mm256_mul_ps(vi, C2)), EPS);
        __m256 wi = _mm256_sub_ps(_mm256_loadu_ps(w + i), _mm256_div_ps(_mm256_mul_ps(STEP, mi), denom));
        _mm256_storeu_ps(w + i, wi);
    }
    adam_scalar_no_gradient(w, m, v, i, n, b1, b2, b1c, b2c, step, c2, eps);
}

/* AVX: every x86-64 CPU since 2011. */
static DOJO_CPU_FEATURE(has_avx, "avx")

void dojo_adam(float *w, const float *g, float *m, float *v, long n,
               float b1, float b2, float step, float c2, float eps) {
    const unsigned csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040); /* FTZ (bit 15) | DAZ (bit 6) */
    if (has_avx()) {
        adam_avx(w, g, m, v, n, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
    } else {
        adam_scalar(w, g, m, v, 0, n, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
    }
    _mm_setcsr(csr);
}

void dojo_adam_rows(float *w, const float *g, float *m, float *v, long rows, long cols, const unsigned char *has_gradient,
                    float b1, float b2, float step, float c2, float eps) {
    const unsigned csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040); /* as dojo_adam */
    const int avx = has_avx();
    for (long r = 0; r < rows; r++) {
        const long at = r * cols;
        if (has_gradient[r]) {
            if (avx) adam_avx(w + at, g + at, m + at, v + at, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
            else adam_scalar(w + at, g + at, m + at, v + at, 0, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
        } else {
            if (avx) adam_avx_no_gradient(w + at, m + at, v + at, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
            else adam_scalar_no_gradient(w + at, m + at, v + at, 0, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
        }
    }
    _mm_setcsr(csr);
}

#else

/* Other architectures: the scalar loop (ARM cores handle subnormals at full speed). */
void dojo_adam(float *w, const float *g, float *m, float *v, long n,
               float b1, float b2, float step, float c2, float eps) {
    adam_scalar(w, g, m, v, 0, n, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
}

void dojo_adam_rows(float *w, const float *g, float *m, float *v, long rows, long cols, const unsigned char *has_gradient,
                    float b1, float b2, float step, float c2, float eps) {
    for (long r = 0; r < rows; r++) {
        const long at = r * cols;
        if (has_gradient[r]) adam_scalar(w + at, g + at, m + at, v + at, 0, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
        else adam_scalar_no_gradient(w + at, m + at, v + at, 0, cols, b1, b2, 1 - b1, 1 - b2, step, c2, eps);
    }
}

#endif
